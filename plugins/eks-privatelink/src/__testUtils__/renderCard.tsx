import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import type { InventoryRecord } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { EksPrivateLinkApi, eksPrivateLinkApiRef } from '../api';
import { EksPrivateLinkCard } from '../components/EksPrivateLinkCard/EksPrivateLinkCard';
import { inventoryRecord, SUBNETS, vpcEntity } from '../testUtils/fixtures';

/**
 * An inventory API that answers with `record` (or fails with it), and with
 * the fixture's subnets.
 */
export function fakeApi(record?: InventoryRecord | Error) {
  return {
    getInventory: jest.fn(async (_entityRef: string) => {
      if (record instanceof Error) {
        throw record;
      }
      return record ?? inventoryRecord();
    }),
    refresh: jest.fn(async (_entityRef: string) => inventoryRecord()),
    getSubnets: jest.fn(async (_entityRef: string) => SUBNETS),
    listInventory: jest.fn(),
  } satisfies jest.Mocked<EksPrivateLinkApi>;
}

/** Renders the card for `entity` in a test app with the given APIs. */
export async function renderCard(
  api: ReturnType<typeof fakeApi>,
  entity: Entity = vpcEntity(),
  permissionApi: PermissionApi = mockApis.permission(),
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [eksPrivateLinkApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={entity}>
        <EksPrivateLinkCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
