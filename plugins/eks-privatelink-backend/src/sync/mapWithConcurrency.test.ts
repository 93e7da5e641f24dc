import { mapWithConcurrency } from './mapWithConcurrency';

describe('mapWithConcurrency', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency(
      [50, 10, 30, 5, 20, 1, 15],
      3,
      async (ms, index) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise(resolve => setTimeout(resolve, ms));
        running -= 1;
        return index * 2;
      },
    );
    expect(peak).toBe(3);
    expect(results).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });

  it('returns an empty list for no items without calling fn', async () => {
    const fn = jest.fn();
    await expect(mapWithConcurrency([], 8, fn)).resolves.toEqual([]);
    expect(fn).not.toHaveBeenCalled();
  });
});
