import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PermissionApi } from '@backstage/plugin-permission-react';
import {
  BARE,
  COVERED,
  fleetApi,
  page,
  renderFleet,
} from '../../__testUtils__/renderFleet';

const TOTALS = {
  vpcs: 7,
  covered: 3,
  partial: 2,
  monthlyCost: 1234.5,
  currency: 'EUR',
};

const allowAll = () => mockApis.permission();

function rowOf(entityRef: string): HTMLElement {
  const name = entityRef.split('/')[1];
  return screen.getByRole('link', { name }).closest('tr') as HTMLElement;
}

function pageUrlQuery(): string {
  return screen.getByRole('status', { name: 'Page URL query' }).textContent!;
}

describe('FleetView', () => {
  it('asks for the filters of the shared link and shows their totals and rows', async () => {
    const api = fleetApi({ first: page([COVERED, BARE], { totals: TOTALS }) });
    await renderFleet(
      api,
      allowAll(),
      '?region=us-east-1&coverage=partial&drift=true&q=runners&service=nonsense',
    );

    expect(
      await screen.findByText(
        '7 VPCs · 3 covered · 2 partly covered · 1234.50 EUR a month for the endpoints (before data processing)',
      ),
    ).toBeInTheDocument();
    expect(api.listInventory).toHaveBeenCalledTimes(1);
    expect(api.listInventory).toHaveBeenCalledWith({
      region: 'us-east-1',
      coverage: 'partial',
      drift: true,
      q: 'runners',
    });
    expect(screen.getByLabelText('Coverage')).toHaveValue('partial');
    expect(screen.getByLabelText('Search')).toHaveValue('runners');

    const row = within(rowOf(COVERED.entityRef));
    expect(row.getByText('Build runners')).toBeInTheDocument();
    expect(
      row.getByRole('link', { name: 'platform-networking' }),
    ).toBeInTheDocument();
    expect(row.getByText('123456789012')).toBeInTheDocument();
    expect(row.getByText('EKS API: on; Pod Identity: off')).toBeInTheDocument();
    expect(
      row.getByText('us-east-1a, us-east-1b, us-east-1c'),
    ).toBeInTheDocument();
    // (2 + 2 AZs) x 0.01 x 730 h
    expect(row.getByText('29.20 USD')).toBeInTheDocument();
    expect(row.getByText('1 difference: private DNS')).toBeInTheDocument();
    expect(row.getByText('up to date')).toBeInTheDocument();

    const bare = within(rowOf(BARE.entityRef));
    expect(bare.getAllByText('no endpoint')).toHaveLength(3);
    expect(bare.getByText('support on, hostnames off')).toBeInTheDocument();
  });

  it('sends a changed filter to the backend and keeps it in the URL', async () => {
    const api = fleetApi({ first: page([COVERED], { totals: TOTALS }) });
    await renderFleet(api, allowAll());
    await screen.findByText('Build runners');

    await userEvent.selectOptions(
      screen.getByLabelText('Coverage'),
      'No endpoint',
    );
    await userEvent.selectOptions(screen.getByLabelText('Drift'), 'No drift');

    await waitFor(() =>
      expect(api.listInventory).toHaveBeenLastCalledWith({
        coverage: 'none',
        drift: false,
      }),
    );
    expect(pageUrlQuery()).toBe('?coverage=none&drift=false');
  });

  it('asks once for the search text after typing pauses', async () => {
    const api = fleetApi({ first: page([COVERED]) });
    await renderFleet(api, allowAll(), '?syncStatus=error');
    await screen.findByText('Build runners');

    await userEvent.type(screen.getByLabelText('Search'), 'build');

    await waitFor(() =>
      expect(pageUrlQuery()).toBe('?syncStatus=error&q=build'),
    );
    await waitFor(() => expect(api.listInventory).toHaveBeenCalledTimes(2));
    expect(api.listInventory).toHaveBeenLastCalledWith({
      syncStatus: 'error',
      q: 'build',
    });
  });

  it('offers "Create endpoint" only on rows not fully covered and only where creating is allowed', async () => {
    const api = fleetApi({
      first: page([
        COVERED,
        BARE,
        { ...BARE, entityRef: 'resource:default/locked-vpc' },
      ]),
    });
    await renderFleet(
      api,
      mockApis.permission({
        authorize: request =>
          'resourceRef' in request &&
          request.resourceRef === 'resource:default/locked-vpc'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }),
    );

    const create = await screen.findByRole('link', {
      name: 'Create endpoint for resource:default/edge-vpc',
    });
    expect(create.getAttribute('href')).toBe(
      `/create/templates/default/eks-privatelink-endpoint?formData=${encodeURIComponent(
        JSON.stringify({ vpc: 'resource:default/edge-vpc', services: 'both' }),
      )}`,
    );
    expect(
      within(rowOf('resource:default/locked-vpc')).queryByText(
        'Create endpoint',
      ),
    ).not.toBeInTheDocument();
    // Both services have an available endpoint: nothing to create.
    expect(
      within(rowOf(COVERED.entityRef)).queryByText('Create endpoint'),
    ).not.toBeInTheDocument();
  });

  it('offers "Update to match" on a drifted managed endpoint, set to update that service in place, only where allowed', async () => {
    const drifted = {
      ...COVERED,
      endpoints: COVERED.endpoints.map(ep => ({ ...ep, managed: true })),
    };
    const locked = { ...drifted, entityRef: 'resource:default/locked-drift' };
    const unmanaged = {
      ...COVERED,
      entityRef: 'resource:default/other-tool',
      endpoints: COVERED.endpoints.map(ep => ({ ...ep, managed: false })),
    };
    const api = fleetApi({ first: page([drifted, locked, unmanaged]) });
    await renderFleet(
      api,
      mockApis.permission({
        authorize: request =>
          'resourceRef' in request && request.resourceRef === locked.entityRef
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }),
    );

    const update = await screen.findByRole('link', {
      name: `Update to match for ${drifted.entityRef}`,
    });
    expect(update.getAttribute('href')).toBe(
      `/create/templates/default/eks-privatelink-endpoint?formData=${encodeURIComponent(
        JSON.stringify({
          vpc: drifted.entityRef,
          services: 'eks-auth',
          onExisting: 'update',
        }),
      )}`,
    );
    expect(
      within(rowOf(locked.entityRef)).queryByText('Update to match'),
    ).not.toBeInTheDocument();
    // The portal does not update what another tool made.
    expect(
      within(rowOf(unmanaged.entityRef)).queryByText('Update to match'),
    ).not.toBeInTheDocument();
  });

  it('offers only the missing service, and nothing when the service filter names a covered one', async () => {
    const podIdentityMissing = {
      ...COVERED,
      entityRef: 'resource:default/half-vpc',
      endpoints: [COVERED.endpoints[0]],
    };
    const api = fleetApi({ first: page([podIdentityMissing]) });
    await renderFleet(api, allowAll());

    const create = await screen.findByRole('link', {
      name: 'Create endpoint for resource:default/half-vpc',
    });
    expect(decodeURIComponent(create.getAttribute('href')!)).toContain(
      '{"vpc":"resource:default/half-vpc","services":"eks-auth"}',
    );

    await userEvent.selectOptions(screen.getByLabelText('Service'), 'EKS API');
    await waitFor(() =>
      expect(api.listInventory).toHaveBeenLastCalledWith({ service: 'eks' }),
    );
    await screen.findByText('half-vpc');
    expect(screen.queryByText('Create endpoint')).not.toBeInTheDocument();
  });

  // usePermission caches answers per entity ref across renders, so these
  // tests use VPCs of their own.
  it('shows no create link while the permission answer is pending', async () => {
    const pending: PermissionApi = { authorize: () => new Promise(() => {}) };
    const api = fleetApi({
      first: page([{ ...BARE, entityRef: 'resource:default/pending-vpc' }]),
    });
    await renderFleet(api, pending);
    await screen.findByText('support on, hostnames off');
    expect(screen.queryByText('Create endpoint')).not.toBeInTheDocument();
  });

  it('hides every create link when creating is denied', async () => {
    const denied = mockApis.permission({ authorize: AuthorizeResult.DENY });
    const authorize = jest.spyOn(denied, 'authorize');
    const api = fleetApi({
      first: page([{ ...BARE, entityRef: 'resource:default/denied-vpc' }]),
    });
    await renderFleet(api, denied);
    await screen.findByText('support on, hostnames off');
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    await authorize.mock.results[0].value;
    expect(screen.queryByText('Create endpoint')).not.toBeInTheDocument();
  });

  it('loads the next page with the cursor and the same filters', async () => {
    const api = fleetApi({
      first: page([COVERED], { nextCursor: 'c2', totals: TOTALS }),
      c2: page([BARE]),
    });
    await renderFleet(
      api,
      allowAll(),
      '?owner=group:default/platform-networking',
    );
    await screen.findByText('Build runners');

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));

    expect(
      await screen.findByText('vpc-0edge000000000001'),
    ).toBeInTheDocument();
    expect(screen.getByText('Build runners')).toBeInTheDocument();
    expect(api.listInventory).toHaveBeenLastCalledWith({
      owner: 'group:default/platform-networking',
      cursor: 'c2',
    });
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
    // The totals are the first page's: the whole filtered set.
    expect(screen.getByText(/^7 VPCs/)).toBeInTheDocument();
  });

  it('says so when no VPC matches the filters', async () => {
    const api = fleetApi({ first: page([]) });
    await renderFleet(api, allowAll(), '?state=failed');
    expect(
      await screen.findByText('No VPC matches these filters'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Change or clear the filters to see more of the fleet.'),
    ).toBeInTheDocument();
  });

  it('shows the error and retries', async () => {
    const api = fleetApi({
      first: new Error('inventory database unreachable'),
    });
    await renderFleet(api, allowAll());
    expect(
      await screen.findByText(
        /Could not load the EKS endpoint inventory of the fleet/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/inventory database unreachable/).length,
    ).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(api.listInventory).toHaveBeenCalledTimes(2));
  });
});
