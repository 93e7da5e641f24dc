import type { EksPrivateLinkApi } from '../../api';
import { ENTITY_REF, SUBNETS } from '../../testUtils/fixtures';
import { loadedSubnets, loadSubnets } from './loadedSubnets';

function fakeApi(getSubnets = jest.fn(async (_entityRef: string) => SUBNETS)) {
  const api: EksPrivateLinkApi = {
    getInventory: jest.fn(),
    refresh: jest.fn(),
    getSubnets,
    listInventory: jest.fn(),
  };
  return { api, getSubnets };
}

describe('loadedSubnets', () => {
  it('returns what loadSubnets fetched, even while it is in flight', async () => {
    const { api, getSubnets } = fakeApi();
    const load = loadSubnets(api, ENTITY_REF);
    const read = loadedSubnets(api, ENTITY_REF);
    expect(read).toBe(load);
    await expect(read).resolves.toBe(SUBNETS);
    expect(getSubnets).toHaveBeenCalledTimes(1);
  });

  it('fetches when nothing was loaded for that VPC or that API', async () => {
    const first = fakeApi();
    const second = fakeApi();
    await loadSubnets(first.api, ENTITY_REF);

    await loadedSubnets(first.api, 'resource:default/other-vpc');
    await loadedSubnets(second.api, ENTITY_REF);

    expect(first.getSubnets).toHaveBeenLastCalledWith(
      'resource:default/other-vpc',
    );
    expect(second.getSubnets).toHaveBeenCalledWith(ENTITY_REF);
  });

  it('forgets a failed load, so the next look asks again', async () => {
    const { api, getSubnets } = fakeApi();
    getSubnets.mockRejectedValueOnce(new Error('backend down'));
    await expect(loadSubnets(api, ENTITY_REF)).rejects.toThrow('backend down');

    await expect(loadedSubnets(api, ENTITY_REF)).resolves.toBe(SUBNETS);
    expect(getSubnets).toHaveBeenCalledTimes(2);
  });

  it('keeps the newest load when the field loads the VPC again', async () => {
    const { api, getSubnets } = fakeApi();
    const newer = { ...SUBNETS, subnets: SUBNETS.subnets.slice(0, 1) };
    getSubnets.mockResolvedValueOnce(SUBNETS).mockResolvedValueOnce(newer);
    await loadSubnets(api, ENTITY_REF);
    await loadSubnets(api, ENTITY_REF);

    await expect(loadedSubnets(api, ENTITY_REF)).resolves.toBe(newer);
  });
});
