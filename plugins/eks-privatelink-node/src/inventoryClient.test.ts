import { mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { DefaultEksPrivateLinkInventoryClient } from './inventoryClient';

const BASE = 'http://localhost:0/api/eks-privatelink';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describe('DefaultEksPrivateLinkInventoryClient', () => {
  const fetchSpy = jest.spyOn(global, 'fetch');
  const client = new DefaultEksPrivateLinkInventoryClient({
    discovery: mockServices.discovery(),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
  });

  afterEach(() => fetchSpy.mockReset());
  afterAll(() => fetchSpy.mockRestore());

  it('asks for a VPC sync with a service token for the inventory plugin', async () => {
    fetchSpy.mockResolvedValue(json({ items: [] }));

    await client.syncVpc({ vpcId: 'vpc-0a1', region: 'us-east-1' });

    const [url, init] = fetchSpy.mock.calls[0];
    expect(url).toBe(`${BASE}/sync/vpc`);
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({
      vpcId: 'vpc-0a1',
      region: 'us-east-1',
    });
    const authorization = new Headers(init?.headers).get('authorization');
    expect(authorization).toMatch(/^Bearer .*eks-privatelink/);
  });

  it('removes an onboarded VPC by its key, the account in the query', async () => {
    fetchSpy.mockResolvedValue(json({ removed: true }));

    await client.removeOnboardedVpc({
      vpcId: 'vpc-0a1',
      region: 'eu-west-1',
      accountId: '123456789012',
    });

    const [url, init] = fetchSpy.mock.calls[0];
    expect(url).toBe(
      `${BASE}/onboarded-vpcs/eu-west-1/vpc-0a1?accountId=123456789012`,
    );
    expect(init?.method).toBe('DELETE');
  });

  it('lists onboarded VPCs, and refuses an answer without an items list', async () => {
    fetchSpy.mockResolvedValueOnce(json({ items: [{ vpcId: 'vpc-0a1' }] }));
    await expect(client.listOnboardedVpcs()).resolves.toEqual([
      { vpcId: 'vpc-0a1' },
    ]);

    fetchSpy.mockResolvedValueOnce(json([{ vpcId: 'vpc-0a1' }]));
    await expect(client.listOnboardedVpcs()).rejects.toThrow(
      'returned no items list',
    );
  });

  it("turns an error answer into a ResponseError with the backend's message", async () => {
    fetchSpy.mockResolvedValue(
      json(
        {
          error: { name: 'ConflictError', message: 'already recorded' },
          request: { method: 'POST', url: '/onboarded-vpcs' },
          response: { statusCode: 409 },
        },
        409,
      ),
    );

    const error = await client
      .recordOnboardedVpc({
        vpcId: 'vpc-0a1',
        region: 'us-east-1',
        accountId: null,
        name: 'payments',
        title: null,
        description: null,
        owner: 'group:default/payments',
        system: null,
      })
      .catch(e => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe('already recorded');
  });
});
