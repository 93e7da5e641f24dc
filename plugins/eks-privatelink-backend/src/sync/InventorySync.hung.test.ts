import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Ec2ClientFactory } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { ConfigReader } from '@backstage/config';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import Knex from 'knex';
import { createInventoryStores } from '../database/createInventoryStores';
import { InventorySync } from './InventorySync';

jest.setTimeout(30_000);

// An EC2 endpoint that accepts connections and never answers: the sync must
// give up on its own, and a run the scheduler aborts must end, so that the
// task lock is free for the next run.
describe('InventorySync against a hung EC2 endpoint', () => {
  let server: Server;
  const sockets: Socket[] = [];
  let endpoint: string;

  beforeAll(async () => {
    server = createServer(socket => sockets.push(socket));
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    sockets.forEach(socket => socket.destroy());
    await new Promise(resolve => server.close(resolve));
  });

  async function setup(requestTimeoutMs: number) {
    const knex = Knex({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const { inventory, serviceAnswers } = await createInventoryStores({
      database: mockServices.database({ knex }),
    });
    const clients = Ec2ClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          mainAccount: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
        },
      }),
      { endpoint, maxAttempts: 1, requestTimeoutMs },
    );
    const sync = new InventorySync({
      inventory,
      serviceAnswers,
      catalog: catalogServiceMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'hung-vpc',
              annotations: {
                'aws.amazon.com/vpc-id': 'vpc-0a1b2c3d4e5f67890',
                'aws.amazon.com/region': 'us-east-1',
              },
            },
            spec: { type: 'vpc', owner: 'group:default/platform' },
          },
        ],
      }),
      auth: mockServices.auth(),
      clients,
      logger: mockServices.logger.mock(),
    });
    return { sync, inventory, knex };
  }

  it('gives up within the request timeout and records the VPC as not read', async () => {
    const { sync, inventory, knex } = await setup(500);

    const started = Date.now();
    await sync.syncAll(AbortSignal.timeout(20_000));
    const elapsed = Date.now() - started;

    expect(elapsed).toBeLessThan(5_000);
    const record = await inventory.getEntityRecord('resource:default/hung-vpc');
    expect(record?.entity.syncStatus).toBe('error');
    await knex.destroy();
  });

  it('ends a run the scheduler aborts, even with a request timeout longer than the task', async () => {
    const { sync, knex } = await setup(60_000);

    const started = Date.now();
    await sync.syncAll(AbortSignal.timeout(500)).catch(() => undefined);
    const elapsed = Date.now() - started;

    expect(elapsed).toBeLessThan(5_000);
    await knex.destroy();
  });
});
