import {
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import knexFactory, { Knex } from 'knex';
import { FakeEc2, awsEndpoint } from '../__testUtils__/FakeEc2';
import {
  createInventoryStores,
  inventoryStoresOf,
} from '../database/createInventoryStores';
import { DatabaseAppliedStore } from '../database/DatabaseAppliedStore';
import { DatabaseNotificationLog } from '../database/DatabaseNotificationLog';
import { InventorySync } from './InventorySync';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const REGION = 'us-east-1';
const PLATFORM = 'group:default/platform';
const WEB = 'group:default/web';

function vpcEntity(name: string, vpcId: string, owner?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      annotations: {
        'aws.amazon.com/vpc-id': vpcId,
        'aws.amazon.com/region': REGION,
      },
    },
    spec: { type: 'vpc', ...(owner ? { owner } : {}) },
  };
}

function endpoint(
  id: string,
  vpcId: string,
  options: { state?: string; privateDns?: boolean; managed?: boolean } = {},
): VpcEndpoint {
  return {
    ...awsEndpoint({ id, vpcId, region: REGION, ...options }),
    Tags:
      options.managed === false
        ? []
        : [{ Key: 'eks-privatelink:managed-by', Value: 'backstage' }],
  };
}

/** What the create action reports for an endpoint built by awsEndpoint. */
function appliedTo(id: string) {
  return {
    vpcEndpointId: id,
    serviceName: `com.amazonaws.${REGION}.eks`,
    subnetIds: [`subnet-${id.slice(5)}0`, `subnet-${id.slice(5)}1`],
    securityGroupIds: ['sg-0123456789abcdef0'],
    privateDnsEnabled: true,
    policyDocument: null,
    allowedSources: [],
  };
}

describe.each(databases.eachSupportedId())(
  'owner notifications from two replicas on %s',
  id => {
    let ec2: FakeEc2;
    let clock: Date;
    const pools: Knex[] = [];

    beforeEach(() => {
      ec2 = new FakeEc2();
      ec2.mock.on(DescribeSecurityGroupsCommand).resolves({
        SecurityGroups: [],
      });
      ec2.mock.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
      for (const vpcId of ['vpc-0a000001', 'vpc-0a000002', 'vpc-0a000003']) {
        ec2.setDns(vpcId, true, true);
      }
      clock = new Date('2026-02-01T00:00:00.000Z');
    });
    afterEach(async () => {
      ec2.restore();
      await Promise.all(pools.splice(0).map(p => p.destroy()));
    });

    /**
     * The migrated database and a second connection pool to it, as a second
     * replica has (SQLite in memory has one connection: the same pool).
     */
    async function twoPools(): Promise<[Knex, Knex]> {
      const shared = await databases.init(id);
      await createInventoryStores({
        database: mockServices.database({ knex: shared }),
      });
      if (id !== 'POSTGRES_15') {
        return [shared, shared];
      }
      const second = knexFactory({
        client: 'pg',
        connection: shared.client.config.connection,
      });
      pools.push(second);
      return [shared, second];
    }

    /** A replica: its own pool (PostgreSQL) and InventorySync on the shared database. */
    function replica(knex: Knex, entities: Entity[]) {
      const { inventory, serviceAnswers } = inventoryStoresOf(knex);
      const applied = new DatabaseAppliedStore(knex);
      const send = jest.fn<
        Promise<void>,
        Parameters<NotificationService['send']>
      >(async () => {});
      const sync = new InventorySync({
        inventory,
        serviceAnswers,
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        clients: ec2.clients,
        logger: mockServices.logger.mock(),
        applied,
        notifications: {
          service: { send },
          log: new DatabaseNotificationLog(knex),
        },
        now: () => clock,
      });
      return { sync, send, applied };
    }

    it('tells each owner once per failure, disappearance and drift, and nothing of portal deletes', async () => {
      const [shared, second] = await twoPools();
      const entities = [
        vpcEntity('vpc-a', 'vpc-0a000001', PLATFORM),
        vpcEntity('vpc-b', 'vpc-0a000002', 'web'),
        vpcEntity('vpc-c', 'vpc-0a000003'),
      ];
      const replicas = [replica(shared, entities), replica(second, entities)];

      // vpc-a: one to fail, one to vanish; an unmanaged one that fails.
      ec2.putEndpoint(REGION, endpoint('vpce-0e000001', 'vpc-0a000001'));
      ec2.putEndpoint(REGION, endpoint('vpce-0e000002', 'vpc-0a000001'));
      ec2.putEndpoint(
        REGION,
        endpoint('vpce-0e000005', 'vpc-0a000001', { managed: false }),
      );
      // vpc-b: one to drift, one the portal deletes.
      ec2.putEndpoint(REGION, endpoint('vpce-0e000003', 'vpc-0a000002'));
      ec2.putEndpoint(REGION, endpoint('vpce-0e000004', 'vpc-0a000002'));
      // vpc-c: no owner to tell.
      ec2.putEndpoint(REGION, endpoint('vpce-0e000006', 'vpc-0a000003'));
      for (const n of ['3', '4']) {
        await replicas[0].applied.recordPortalChanges(
          { vpcId: 'vpc-0a000002', region: REGION },
          { applied: appliedTo(`vpce-0e00000${n}`) },
          clock,
        );
      }

      const changes: Record<number, () => Promise<void>> = {
        2: async () => {
          ec2.putEndpoint(
            REGION,
            endpoint('vpce-0e000001', 'vpc-0a000001', { state: 'failed' }),
          );
          ec2.putEndpoint(
            REGION,
            endpoint('vpce-0e000005', 'vpc-0a000001', {
              state: 'failed',
              managed: false,
            }),
          );
          ec2.putEndpoint(
            REGION,
            endpoint('vpce-0e000006', 'vpc-0a000003', { state: 'failed' }),
          );
        },
        5: async () => ec2.removeEndpoint(REGION, 'vpce-0e000002'),
        7: async () =>
          ec2.putEndpoint(
            REGION,
            endpoint('vpce-0e000003', 'vpc-0a000002', { privateDns: false }),
          ),
        // The delete action waits for the endpoint to go, so a sync can see
        // it gone before the action reports the delete.
        10: async () => ec2.removeEndpoint(REGION, 'vpce-0e000004'),
        11: async () => {
          await replicas[1].applied.recordPortalChanges(
            { vpcId: 'vpc-0a000002', region: REGION },
            { deletedEndpointIds: ['vpce-0e000004'] },
            clock,
          );
          await replicas[1].sync.refreshVpc({
            vpcId: 'vpc-0a000002',
            region: REGION,
          });
        },
      };

      for (let run = 0; run < 20; run++) {
        await changes[run]?.();
        clock = new Date(clock.getTime() + 5 * 60_000);
        const result = await replicas[run % 2].sync.syncAll();
        expect(result.failed).toEqual([]);
      }

      const sent = replicas.flatMap(r => r.send.mock.calls.map(c => c[0]));
      expect(sent).toHaveLength(3);
      const byKind = (prefix: string) =>
        sent.filter(n => n.payload.scope?.startsWith(prefix));

      expect(byKind('failed:')).toEqual([
        {
          recipients: { type: 'entity', entityRef: PLATFORM },
          payload: expect.objectContaining({
            title: 'EKS endpoint failed in vpc-0a000001',
            description: expect.stringContaining(
              'vpce-0e000001 of vpc-0a000001 in us-east-1, catalog entity resource:default/vpc-a',
            ),
            link: '/catalog/default/resource/vpc-a',
            severity: 'high',
            topic: 'eks-privatelink',
            scope: expect.stringMatching(
              /^failed::vpce-0e000001:2026-02-01T00:15/,
            ),
          }),
        },
      ]);
      expect(byKind('gone:')).toEqual([
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: PLATFORM },
          payload: expect.objectContaining({
            description: expect.stringContaining(
              'vpce-0e000002 that the portal manages in vpc-0a000001',
            ),
            severity: 'high',
            scope: 'gone::vpce-0e000002',
          }),
        }),
      ]);
      expect(byKind('drift:')).toEqual([
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: WEB },
          payload: expect.objectContaining({
            description: expect.stringContaining(
              'privateDns is now private DNS off (the portal set private DNS on)',
            ),
            link: '/catalog/default/resource/vpc-b',
            severity: 'normal',
          }),
        }),
      ]);
      // Each replica sent some: the log, not the replica, decides.
      expect(replicas.every(r => r.send.mock.calls.length > 0)).toBe(true);
    });

    it('lets only one of two replicas syncing at once tell the owner', async () => {
      const [shared, second] = await twoPools();
      const entities = [vpcEntity('vpc-a', 'vpc-0a000001', PLATFORM)];
      const replicas = [replica(shared, entities), replica(second, entities)];
      ec2.putEndpoint(REGION, endpoint('vpce-0e000001', 'vpc-0a000001'));
      await replicas[0].sync.syncAll();

      ec2.putEndpoint(
        REGION,
        endpoint('vpce-0e000001', 'vpc-0a000001', { state: 'failed' }),
      );
      for (let round = 0; round < 3; round++) {
        clock = new Date(clock.getTime() + 60_000);
        await Promise.all(replicas.map(r => r.sync.syncAll()));
      }

      expect(
        replicas[0].send.mock.calls.length + replicas[1].send.mock.calls.length,
      ).toBe(1);
    });
  },
);
