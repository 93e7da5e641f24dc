import { mockServices } from '@backstage/backend-test-utils';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import type { OnboardedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { DefaultEksPrivateLinkInventoryClient } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { OnboardedVpcProvider } from './OnboardedVpcProvider';

const inventory = () =>
  new DefaultEksPrivateLinkInventoryClient({
    discovery: mockServices.discovery(),
    auth: mockServices.auth({ pluginId: 'catalog' }),
  });

const PAYMENTS: OnboardedVpc = {
  vpcId: 'vpc-0a1b2c3d4e5f67890',
  region: 'eu-central-1',
  accountId: '123456789012',
  name: 'payments-vpc',
  title: 'Payments VPC',
  description: 'Card processing workloads',
  owner: 'group:default/payments',
  system: 'payments',
  createdAt: '2025-03-01T09:00:00.000Z',
};

const SANDBOX: OnboardedVpc = {
  vpcId: 'vpc-0fedcba9876543210',
  region: 'us-east-1',
  accountId: null,
  name: 'sandbox',
  title: null,
  description: null,
  owner: 'user:default/guest',
  system: null,
  createdAt: '2025-03-02T09:00:00.000Z',
};

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function setup() {
  const logger = mockServices.logger.mock();
  const provider = new OnboardedVpcProvider({ inventory: inventory(), logger });
  const connection = {
    applyMutation: jest.fn(async (_mutation: EntityProviderMutation) => {}),
    refresh: jest.fn(async () => {}),
  } satisfies EntityProviderConnection;
  return { provider, connection, logger };
}

describe('OnboardedVpcProvider', () => {
  const fetchSpy = jest.spyOn(global, 'fetch');

  afterEach(() => fetchSpy.mockReset());
  afterAll(() => fetchSpy.mockRestore());

  it('asks the eks-privatelink backend with a service token', async () => {
    const { provider, connection } = setup();
    fetchSpy.mockResolvedValue(jsonResponse({ items: [] }));
    await provider.connect(connection);

    await provider.refresh();

    const [url, init] = fetchSpy.mock.calls[0];
    expect(url).toBe('http://localhost:0/api/eks-privatelink/onboarded-vpcs');
    const authorization = new Headers(init?.headers).get('authorization');
    expect(authorization).toMatch(/^Bearer .+/);
    expect(authorization).toContain('eks-privatelink');
  });

  it('emits each onboarded VPC as a Resource of type vpc, replacing the whole set', async () => {
    const { provider, connection } = setup();
    fetchSpy.mockResolvedValue(jsonResponse({ items: [PAYMENTS, SANDBOX] }));
    await provider.connect(connection);

    await provider.refresh();

    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [
        {
          locationKey: 'eks-privatelink:onboarded',
          entity: {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'payments-vpc',
              namespace: 'default',
              title: 'Payments VPC',
              description: 'Card processing workloads',
              annotations: {
                'backstage.io/managed-by-location': 'eks-privatelink:onboarded',
                'backstage.io/managed-by-origin-location':
                  'eks-privatelink:onboarded',
                'aws.amazon.com/vpc-id': 'vpc-0a1b2c3d4e5f67890',
                'aws.amazon.com/region': 'eu-central-1',
                'aws.amazon.com/account-id': '123456789012',
              },
              links: [
                {
                  url: 'https://eu-central-1.console.aws.amazon.com/vpcconsole/home?region=eu-central-1#VpcDetails:VpcId=vpc-0a1b2c3d4e5f67890',
                  title: 'VPC in the AWS console',
                  icon: 'cloud',
                },
              ],
            },
            spec: {
              type: 'vpc',
              owner: 'group:default/payments',
              system: 'payments',
            },
          },
        },
        expect.objectContaining({ locationKey: 'eks-privatelink:onboarded' }),
      ],
    });
  });

  it('leaves out what the record does not know', async () => {
    const { provider, connection } = setup();
    fetchSpy.mockResolvedValue(jsonResponse({ items: [SANDBOX] }));
    await provider.connect(connection);

    await provider.refresh();

    const [mutation] = connection.applyMutation.mock.calls[0];
    if (mutation.type !== 'full') {
      throw new Error('expected a full mutation');
    }
    const entity = mutation.entities[0].entity;
    expect(entity.metadata.annotations).not.toHaveProperty(
      'aws.amazon.com/account-id',
    );
    expect(entity.metadata).not.toHaveProperty('title');
    expect(entity.metadata).not.toHaveProperty('description');
    expect(entity.spec).toEqual({ type: 'vpc', owner: 'user:default/guest' });
  });

  it('emits an empty set when nothing is onboarded, so removed VPCs leave the catalog', async () => {
    const { provider, connection } = setup();
    fetchSpy.mockResolvedValue(jsonResponse({ items: [] }));
    await provider.connect(connection);

    await provider.refresh();

    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [],
    });
  });

  it('keeps the last set and logs when the backend is down', async () => {
    const { provider, connection, logger } = setup();
    await provider.connect(connection);
    fetchSpy.mockResolvedValueOnce(jsonResponse({ items: [PAYMENTS] }));
    await provider.refresh();

    fetchSpy.mockRejectedValueOnce(new TypeError('fetch failed: ECONNREFUSED'));
    await expect(provider.refresh()).resolves.toBeUndefined();

    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'keeping the entities emitted last: fetch failed: ECONNREFUSED',
      ),
    );
  });

  it('keeps the last set when the backend answers with an error status', async () => {
    const { provider, connection, logger } = setup();
    await provider.connect(connection);
    fetchSpy.mockResolvedValue(
      jsonResponse({ error: { name: 'NotAllowedError' } }, 403),
    );

    await provider.refresh();

    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('answered HTTP 403'),
    );
  });

  it('refuses an answer without an items list instead of emptying the catalog', async () => {
    const { provider, connection, logger } = setup();
    await provider.connect(connection);
    fetchSpy.mockResolvedValue(jsonResponse([PAYMENTS]));

    await provider.refresh();

    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('returned no items list'),
    );
  });

  it('says how to connect it when refreshed too early', async () => {
    const { provider } = setup();
    await expect(provider.refresh()).rejects.toThrow(
      /addEntityProvider before calling refresh/,
    );
  });

  it('schedules its refresh on the task runner it is given', async () => {
    const run = jest.fn(async () => {});
    const provider = new OnboardedVpcProvider({
      inventory: inventory(),
      logger: mockServices.logger.mock(),
      taskRunner: { run },
    });
    const { connection } = setup();

    await provider.connect(connection);

    expect(run).toHaveBeenCalledWith({
      id: 'eks-privatelink-onboarded-vpcs:refresh',
      fn: expect.any(Function),
    });
  });
});
