import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  TestDatabases,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { FakeEc2 } from './__testUtils__/FakeEc2';
import { eksPrivateLinkPlugin } from './plugin';

jest.setTimeout(120_000);

/*
 * Two replicas of the backend in this process, each with its own connection
 * pool, its own real (database-backed) scheduler and its own plugin
 * instance, sharing one PostgreSQL database the way separate processes
 * behind a load balancer would. Only PostgreSQL carries the scheduler's
 * cross-replica lock, so the test needs it.
 */
const describeWithPostgres = process.env
  .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ? describe
  : describe.skip;

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const WINDOW_MS = 6_000;
const FREQUENCY_SECONDS = 1;

describeWithPostgres('several backend replicas on one database', () => {
  let ec2: FakeEc2;
  const extraPools: Knex[] = [];

  beforeAll(() => {
    ec2 = new FakeEc2();
  });
  afterAll(async () => {
    ec2.restore();
    await Promise.all(extraPools.map(pool => pool.destroy()));
  });

  it('runs the scheduled sync once per interval in total, not once per replica', async () => {
    const shared = await databases.init('POSTGRES_15');
    const second = knexFactory({
      client: 'pg',
      connection: shared.client.config.connection,
    });
    extraPools.push(second);

    const runs = [0, 0];
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'shared-vpc',
        annotations: {
          'aws.amazon.com/vpc-id': 'vpc-0e000001',
          'aws.amazon.com/region': 'us-east-1',
        },
      },
      spec: { type: 'vpc', owner: 'platform' },
    };

    const startReplica = (knex: Knex, index: number) =>
      startTestBackend({
        features: [
          eksPrivateLinkPlugin,
          mockServices.database.factory({ knex }),
          schedulerServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              eksPrivateLink: {
                sync: {
                  frequency: { seconds: FREQUENCY_SECONDS },
                  timeout: { seconds: 30 },
                },
              },
            },
          }),
          catalogServiceMock.mock({
            // Every sync run starts by reading the catalog's VPC entities.
            async *streamEntities() {
              runs[index] += 1;
              yield [entity];
            },
            getEntitiesByRefs: async () => ({ items: [] }),
          }).factory,
        ],
      });

    // One after the other, as a rolling deployment would start them.
    const replicas = [
      await startReplica(shared, 0),
      await startReplica(second, 1),
    ];
    const before = runs[0] + runs[1];
    await new Promise(resolve => setTimeout(resolve, WINDOW_MS));
    const total = runs[0] + runs[1] - before;
    await Promise.all(replicas.map(r => r.stop()));

    const intervals = WINDOW_MS / 1000 / FREQUENCY_SECONDS;
    // Once per interval give or take the poll jitter; twice per interval
    // would mean each replica ran its own schedule.
    expect(total).toBeGreaterThanOrEqual(intervals - 3);
    expect(total).toBeLessThanOrEqual(intervals + 2);

    const rows = await shared('eks_privatelink_vpc_entities').select();
    expect(rows).toHaveLength(1);
    expect(rows[0].sync_status).toBe('ok');
  });
});
