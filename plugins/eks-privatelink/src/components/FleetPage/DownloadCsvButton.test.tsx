import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis } from '@backstage/test-utils';
import {
  BARE,
  COVERED,
  fleetApi,
  page,
  renderFleet,
} from '../../__testUtils__/renderFleet';

describe('Download CSV', () => {
  const saved: Blob[] = [];
  const downloads: string[] = [];

  beforeEach(() => {
    saved.length = 0;
    downloads.length = 0;
    URL.createObjectURL = jest.fn((blob: Blob) => {
      saved.push(blob);
      return 'blob:fleet';
    });
    URL.revokeObjectURL = jest.fn();
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function click(this: HTMLAnchorElement) {
        downloads.push(this.download);
      });
  });

  afterEach(() => jest.restoreAllMocks());

  it('reads every page of the current filters and saves them as one CSV file', async () => {
    const api = fleetApi({
      first: page([COVERED], { nextCursor: 'c2' }),
      c2: page([BARE]),
    });
    await renderFleet(
      api,
      mockApis.permission(),
      '?region=us-east-1&drift=true',
    );
    await screen.findByText('Build runners');

    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));

    await waitFor(() =>
      expect(downloads).toEqual(['eks-privatelink-fleet.csv']),
    );
    expect(api.listInventory).toHaveBeenCalledWith({
      region: 'us-east-1',
      drift: true,
      cursor: undefined,
      limit: 200,
    });
    expect(api.listInventory).toHaveBeenLastCalledWith({
      region: 'us-east-1',
      drift: true,
      cursor: 'c2',
      limit: 200,
    });
    const csv = await saved[0].text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toMatch(/^Entity,Title,Owner,/);
    expect(lines[1]).toMatch(/^resource:default\/build-runners,Build runners,/);
    expect(lines[2]).toMatch(
      /^resource:default\/edge-vpc,"Edge, ""west""\nsecond line",/,
    );
    expect(lines).toHaveLength(4);
  });

  it('says what went wrong when a page can not be read', async () => {
    const api = fleetApi({
      first: page([COVERED], { nextCursor: 'c2' }),
      c2: new Error('cursor expired'),
    });
    await renderFleet(api, mockApis.permission());
    await screen.findByText('Build runners');

    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not read the fleet for the CSV file: cursor expired',
    );
    expect(downloads).toEqual([]);
  });
});
