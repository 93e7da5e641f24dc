import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks, MockFetchApi } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { EksPrivateLinkClient } from './EksPrivateLinkClient';
import { inventoryRecord, SUBNETS } from '../testUtils/fixtures';

const BASE = 'http://backstage.test/api/eks-privatelink';

describe('EksPrivateLinkClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discoveryApi = { getBaseUrl: jest.fn(async () => BASE) };
  const client = new EksPrivateLinkClient({
    discoveryApi,
    fetchApi: new MockFetchApi({
      injectIdentityAuth: { token: 'user-token' },
    }),
  });

  it('reads the inventory of an entity by kind, namespace and name, as the signed-in user', async () => {
    let authorization: string | null = null;
    server.use(
      http.get(
        `${BASE}/inventory/resource/default/build-runners`,
        ({ request }) => {
          authorization = request.headers.get('authorization');
          return HttpResponse.json(inventoryRecord());
        },
      ),
    );

    const record = await client.getInventory('Resource:default/build-runners');

    expect(record.endpoints[0].vpcEndpointId).toBe('vpce-0123456789abcdef0');
    expect(authorization).toBe('Bearer user-token');
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('eks-privatelink');
  });

  it('escapes each part of the entity ref', async () => {
    server.use(
      http.get(`${BASE}/inventory/resource/team%20a/vpc%2Fone`, () =>
        HttpResponse.json(inventoryRecord()),
      ),
    );
    await expect(
      client.getInventory('resource:team a/vpc/one'),
    ).resolves.toBeDefined();
  });

  it('refreshes with a POST and returns the fresh record', async () => {
    let method = '';
    server.use(
      http.post(
        `${BASE}/inventory/resource/default/build-runners/refresh`,
        ({ request }) => {
          method = request.method;
          return HttpResponse.json(
            inventoryRecord({
              sync: {
                status: 'ok',
                lastSyncedAt: '2025-04-01T00:00:00.000Z',
                error: null,
              },
            }),
          );
        },
      ),
    );

    const record = await client.refresh('resource:default/build-runners');

    expect(method).toBe('POST');
    expect(record.sync.lastSyncedAt).toBe('2025-04-01T00:00:00.000Z');
  });

  it('reads the subnets of the VPC', async () => {
    server.use(
      http.get(`${BASE}/inventory/resource/default/build-runners/subnets`, () =>
        HttpResponse.json(SUBNETS),
      ),
    );
    const subnets = await client.getSubnets('resource:default/build-runners');
    expect(subnets.subnets.map(s => s.subnetId)).toContain(
      'subnet-0eeeeeeeeeeeeeee5',
    );
  });

  it('lists the inventory with the filters as query parameters, drift as true or false', async () => {
    let query = '';
    server.use(
      http.get(`${BASE}/inventory`, ({ request }) => {
        query = new URL(request.url).search;
        return HttpResponse.json({
          items: [inventoryRecord()],
          nextCursor: 'next-1',
        });
      }),
    );

    const page = await client.listInventory({
      region: 'us-east-1',
      state: 'none',
      service: 'eks-auth',
      owner: 'group:default/platform-team',
      coverage: 'partial',
      syncStatus: 'stale',
      drift: false,
      q: '  build runners ',
      cursor: 'abc',
      limit: 200,
    });

    expect(query).toBe(
      '?region=us-east-1&state=none&service=eks-auth&owner=group%3Adefault%2Fplatform-team&coverage=partial&syncStatus=stale&drift=false&q=build+runners&cursor=abc&limit=200',
    );
    expect(page.nextCursor).toBe('next-1');
    expect(page.items[0].entityRef).toBe('resource:default/build-runners');
  });

  it('lists the inventory without a query string when nothing is filtered, and keeps the totals', async () => {
    let url = '';
    server.use(
      http.get(`${BASE}/inventory`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({
          items: [],
          totals: {
            vpcs: 0,
            covered: 0,
            partial: 0,
            monthlyCost: 0,
            currency: 'USD',
          },
        });
      }),
    );

    const page = await client.listInventory({ drift: true, q: ' ' });

    expect(url).toBe(`${BASE}/inventory?drift=true`);
    expect(page.totals?.currency).toBe('USD');
    await client.listInventory({});
    expect(url).toBe(`${BASE}/inventory`);
  });

  it('turns an error response into a ResponseError carrying the status and the backend message', async () => {
    server.use(
      http.post(
        `${BASE}/inventory/resource/default/build-runners/refresh`,
        () =>
          HttpResponse.json(
            {
              error: { name: 'NotAllowedError', message: 'Unauthorized' },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
      ),
    );

    const error = await client
      .refresh('resource:default/build-runners')
      .catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.name).toBe('NotAllowedError');
  });
});
