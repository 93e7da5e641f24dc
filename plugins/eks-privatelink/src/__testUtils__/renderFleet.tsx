import { useLocation } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import type {
  InventoryListResponse,
  InventoryRecord,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  EksPrivateLinkApi,
  eksPrivateLinkApiRef,
  InventoryListRequest,
} from '../api';
import { endpoint, inventoryRecord } from '../testUtils/fixtures';
import { FleetView } from '../components/FleetPage/FleetPage';

export const COVERED = inventoryRecord({
  owner: 'group:default/platform-networking',
  title: 'Build runners',
  endpoints: [
    endpoint(),
    endpoint({
      vpcEndpointId: 'vpce-0fedcba9876543210',
      serviceName: 'com.amazonaws.us-east-1.eks-auth',
      privateDnsEnabled: false,
      availabilityZones: ['us-east-1a', 'us-east-1c'],
      drift: [
        {
          field: 'privateDns',
          expected: 'on',
          actual: 'off',
          message: 'Private DNS was turned off.',
        },
      ],
    }),
  ],
});

/** No endpoint at all, and a title a CSV must quote. */
export const BARE = inventoryRecord({
  entityRef: 'resource:default/edge-vpc',
  owner: null,
  title: 'Edge, "west"\nsecond line',
  vpc: {
    vpcId: 'vpc-0edge000000000001',
    region: 'eu-west-1',
    accountId: '210987654321',
    dnsSupport: true,
    dnsHostnames: false,
  },
  endpoints: [],
});

/** A fleet API whose pages the test hands out, keyed by cursor. */
export function fleetApi(pages: Record<string, InventoryListResponse | Error>) {
  const listInventory = jest.fn(async (request: InventoryListRequest) => {
    const answer = pages[request.cursor ?? 'first'];
    if (answer instanceof Error) {
      throw answer;
    }
    if (!answer) {
      throw new Error(`no page for cursor ${request.cursor}`);
    }
    return answer;
  });
  return {
    getInventory: jest.fn(),
    refresh: jest.fn(),
    getSubnets: jest.fn(),
    listInventory,
  } satisfies jest.Mocked<EksPrivateLinkApi>;
}

export function page(
  items: InventoryRecord[],
  extra: Partial<InventoryListResponse> = {},
): InventoryListResponse {
  return { items, ...extra };
}

/** Shows the URL's query string, to check what a shared link would carry. */
function LocationSpy() {
  const location = useLocation();
  return <output aria-label="Page URL query">{location.search}</output>;
}

export async function renderFleet(
  api: ReturnType<typeof fleetApi>,
  permissionApi: PermissionApi,
  search = '',
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [eksPrivateLinkApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <FleetView />
      <LocationSpy />
    </TestApiProvider>,
    {
      routeEntries: [`/eks-privatelink${search}`],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
