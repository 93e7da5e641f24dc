import { EC2Client } from '@aws-sdk/client-ec2';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DefaultEksPrivateLinkInventoryClient } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import {
  ACCOUNT,
  instantSleep,
  REGION,
  VPC_ID,
  vpcEntity,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import type { EksEndpointActionOptions } from '../vpcInput';

export const VPC_REF = 'resource:default/payments-vpc';

const paymentsVpc = vpcEntity({
  name: 'payments-vpc',
  vpcId: VPC_ID,
  region: REGION,
  accountId: ACCOUNT,
});

// The same VPC id in a region where the seed guide says EKS has no endpoint,
// so a raw vpcId there resolves to an entity and reaches the rules.
const uaeVpc = vpcEntity({
  name: 'uae-vpc',
  vpcId: VPC_ID,
  region: 'me-central-1',
  accountId: ACCOUNT,
});

const databaseEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: { type: 'database', owner: 'group:default/platform' },
};

/**
 * The inventory client over HTTP, as the backend wires it: tests see its
 * requests through a spy on the global fetch.
 */
export function testInventory(): DefaultEksPrivateLinkInventoryClient {
  return new DefaultEksPrivateLinkInventoryClient({
    discovery: mockServices.discovery(),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
  });
}

/** Action options with a mocked catalog and a clock that never really waits. */
export function actionOptions(
  overrides: Partial<EksEndpointActionOptions> = {},
): EksEndpointActionOptions & { waits: number[] } {
  const { waits, now, sleep } = instantSleep();
  return {
    ec2ClientFactory: {
      getClient: async ({ region }) => new EC2Client({ region }),
    },
    catalog: catalogServiceMock({
      entities: [paymentsVpc, uaeVpc, databaseEntity],
    }),
    inventory: testInventory(),
    auth: mockServices.auth(),
    permissions: mockServices.permissions(),
    clock: { now, sleep },
    waits,
    ...overrides,
  };
}

/** The outputs an action wrote, by name. */
export function actionOutputs(ctx: {
  output: unknown;
}): Record<string, unknown> {
  return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
}

/**
 * Stands in for the inventory backend, which accepts every refresh request;
 * the spy shows what the action asked.
 */
export function mockInventorySync(): jest.SpyInstance {
  return jest
    .spyOn(global, 'fetch')
    .mockResolvedValue(new Response(null, { status: 202 }));
}
