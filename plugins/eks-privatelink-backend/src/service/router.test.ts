import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  eksPrivateLinkInventoryRefreshPermission,
  eksPrivateLinkPermissions,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import request from 'supertest';
import { FakeEc2, awsEndpoint } from '../__testUtils__/FakeEc2';
import { eksPrivateLinkPlugin } from '../plugin';

jest.setTimeout(60_000);

const ADMIN = 'user:default/admin';
const VIEWER = 'user:default/viewer';
/** Owns prod-vpc only, as an isEntityOwner policy would decide. */
const OWNER = 'user:default/prod-owner';

function vpcEntity(
  name: string,
  vpcId: string,
  region: string | undefined,
  kind = 'Resource',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      annotations: {
        'aws.amazon.com/vpc-id': vpcId,
        ...(region ? { 'aws.amazon.com/region': region } : {}),
      },
    },
    spec: { type: kind === 'Resource' ? 'vpc' : 'service', owner: 'platform' },
  };
}

const entities: Entity[] = [
  vpcEntity('prod-vpc', 'vpc-0a000001', 'us-east-1'),
  vpcEntity('dev-vpc', 'vpc-0a000002', 'us-east-1'),
  vpcEntity('eu-vpc', 'vpc-0a000003', 'eu-west-1'),
  vpcEntity('secret-vpc', 'vpc-0a000004', 'us-east-1'),
  vpcEntity('no-region-vpc', 'vpc-0a000005', undefined),
  vpcEntity('broken-vpc', `vpc-${'0'.repeat(196)}`, 'us-east-1'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'web' },
    spec: { type: 'service', owner: 'platform', lifecycle: 'production' },
  },
];

const SECRET = 'resource:default/secret-vpc';

function principalRef(credentials?: BackstageCredentials): string {
  const principal = credentials?.principal as { userEntityRef?: string };
  return principal?.userEntityRef ?? 'service';
}

/** Only the admin may see the secret VPC, as a catalog policy would say. */
function canSee(ref: string, credentials?: BackstageCredentials): boolean {
  return ref !== SECRET || principalRef(credentials) === ADMIN;
}

describe('eks-privatelink router', () => {
  let ec2: FakeEc2;
  let catalog: ReturnType<typeof catalogServiceMock.mock>;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let permissions: ReturnType<typeof mockServices.permissions.mock>;
  const addPermissions = jest.fn();

  beforeAll(async () => {
    ec2 = new FakeEc2();
    ec2.setDns('vpc-0a000001', true, true);
    ec2.setDns('vpc-0a000002', true, false);
    ec2.setDns('vpc-0a000003', true, true);
    ec2.setDns('vpc-0a000004', true, true);
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-0b000001',
        vpcId: 'vpc-0a000001',
        region: 'us-east-1',
      }),
    );
    ec2.setSubnets('vpc-0a000001', [
      {
        SubnetId: 'subnet-0c000001',
        AvailabilityZone: 'us-east-1a',
        VpcId: 'vpc-0a000001',
      },
      {
        SubnetId: 'subnet-0c000002',
        AvailabilityZone: 'us-east-1d',
        VpcId: 'vpc-0a000001',
      },
    ]);

    const inner = catalogServiceMock({ entities });
    catalog = catalogServiceMock.mock({
      getEntityByRef: async (ref, options) => {
        const key = typeof ref === 'string' ? ref : stringifyEntityRef(ref);
        return canSee(
          key,
          options && 'credentials' in options ? options.credentials : undefined,
        )
          ? inner.getEntityByRef(ref)
          : undefined;
      },
      getEntitiesByRefs: async (req, options) => {
        const credentials =
          options && 'credentials' in options ? options.credentials : undefined;
        const { items } = await inner.getEntitiesByRefs(req);
        return {
          items: items.map((e, i) =>
            canSee(req.entityRefs[i], credentials) ? e : undefined,
          ),
        };
      },
      getEntities: async req => inner.getEntities(req),
      // The fleet list reads what a caller may see this way.
      streamEntities: async function* visible(req, options) {
        const credentials =
          options && 'credentials' in options ? options.credentials : undefined;
        for await (const page of inner.streamEntities(req)) {
          yield page.filter(e => canSee(stringifyEntityRef(e), credentials));
        }
      },
    });

    permissions = mockServices.permissions.mock({
      authorize: async (requests, { credentials }) =>
        requests.map(req => {
          const who = principalRef(credentials);
          const resourceRef =
            'resourceRef' in req ? req.resourceRef : undefined;
          const owns =
            who === OWNER && resourceRef === 'resource:default/prod-vpc';
          return {
            result:
              [ADMIN, 'service'].includes(who) || owns
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }),
    });

    server = await startBackend({ seconds: 0 });
  });

  /** The plugin with the mocks above and the given refresh interval. */
  async function startBackend(minInterval: { seconds: number }) {
    const backend = await startTestBackend({
      features: [
        eksPrivateLinkPlugin,
        catalog.factory,
        permissions.factory,
        mockServices.permissionsRegistry.mock({ addPermissions }).factory,
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: { eksPrivateLink: { refresh: { minInterval } } },
        }),
      ],
    });
    return backend.server;
  }

  afterAll(() => ec2.restore());

  const user = (ref = VIEWER) => mockCredentials.user.header(ref);

  it('registers every permission of the plugins', () => {
    expect(addPermissions).toHaveBeenCalledWith(eksPrivateLinkPermissions);
  });

  it('answers /health without sign-in', async () => {
    const res = await request(server)
      .get('/api/eks-privatelink/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each([
    ['get', '/inventory'],
    ['get', '/inventory/resource/default/prod-vpc'],
    ['post', '/inventory/resource/default/prod-vpc/refresh'],
    ['get', '/inventory/resource/default/prod-vpc/subnets'],
    ['post', '/sync/vpc'],
    ['get', '/onboarded-vpcs'],
    ['post', '/onboarded-vpcs'],
    ['delete', '/onboarded-vpcs/us-east-1/vpc-0a0000ff'],
  ] as const)('refuses %s %s without sign-in (401)', async (method, path) => {
    const res = await request(server)
      [method](`/api/eks-privatelink${path}`)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('reads a never-synced VPC from AWS on first GET, then serves it from the store', async () => {
    ec2.resetCalls();
    const res = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/prod-vpc')
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'resource:default/prod-vpc',
      serviceName: 'com.amazonaws.us-east-1.eks',
      regionSupported: true,
      vpc: {
        vpcId: 'vpc-0a000001',
        region: 'us-east-1',
        dnsSupport: true,
        dnsHostnames: true,
      },
      endpoints: [
        {
          vpcEndpointId: 'vpce-0b000001',
          state: 'available',
          privateDnsEnabled: true,
          availabilityZones: ['us-east-1a', 'us-east-1b'],
          stateHistory: [{ state: 'available' }],
          managed: false,
          serviceName: 'com.amazonaws.us-east-1.eks',
        },
      ],
      pricing: { currency: 'USD', azCount: 2, estimatedMonthly: 14.6 },
      sync: { status: 'ok', error: null },
    });
    expect(ec2.calls.DescribeVpcEndpoints).toBe(1);
    expect(
      ec2.mock.commandCalls(DescribeVpcEndpointsCommand).at(-1)?.args[0].input
        .Filters,
    ).toContainEqual({ Name: 'vpc-id', Values: ['vpc-0a000001'] });

    const again = await request(server)
      .get('/api/eks-privatelink/inventory/Resource/default/prod-vpc')
      .set('Authorization', user());
    expect(again.status).toBe(200);
    expect(ec2.calls.DescribeVpcEndpoints).toBe(1);
  });

  it('returns 404 for an entity the caller cannot read, or that does not exist', async () => {
    const hidden = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/secret-vpc')
      .set('Authorization', user());
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.name).toBe('NotFoundError');

    const missing = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/nope')
      .set('Authorization', user());
    expect(missing.status).toBe(404);

    const visibleToAdmin = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/secret-vpc')
      .set('Authorization', user(ADMIN));
    expect(visibleToAdmin.status).toBe(200);
  });

  it('asks the catalog once per user and entity for repeated reads, anew for a refresh', async () => {
    const get = (name: string, ref: string) =>
      request(server)
        .get(`/api/eks-privatelink/inventory/resource/default/${name}`)
        .set('Authorization', user(ref));
    const reader = 'user:default/frequent-reader';
    catalog.getEntityByRef.mockClear();

    for (let i = 0; i < 3; i++) {
      expect((await get('prod-vpc', reader)).status).toBe(200);
      // A 404 stays a 404 while the catalog's answer is reused.
      expect((await get('secret-vpc', reader)).status).toBe(404);
    }
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);

    // Another caller's access is asked for on its own.
    expect((await get('prod-vpc', 'user:default/other-reader')).status).toBe(
      200,
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);

    // A refresh does not rely on an earlier answer.
    const refreshed = await request(server)
      .post(
        '/api/eks-privatelink/inventory/resource/default/secret-vpc/refresh',
      )
      .set('Authorization', user(ADMIN));
    expect(refreshed.status).toBe(200);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(4);
  });

  it('shows a card only to a user the catalog shows the entity, deciding as the catalog does', async () => {
    const get = (name: string, ref: string) =>
      request(server)
        .get(`/api/eks-privatelink/inventory/resource/default/${name}`)
        .set('Authorization', user(ref));
    const readsAll = 'user:default/reads-everything';
    const readsAllToo = 'user:default/reads-everything-too';
    const readsSome = 'user:default/reads-what-they-own';
    const readsNone = 'user:default/reads-nothing';
    const asked = () =>
      catalog.getEntityByRef.mock.calls.map(([ref, options]) => [
        ref,
        options && 'credentials' in options
          ? principalRef(options.credentials)
          : undefined,
      ]);
    // The policy answers catalog.entity.read as a real one would: without
    // conditions for some users, with conditions (which only the catalog
    // can apply) for others, DENY for the rest.
    permissions.authorizeConditional.mockImplementation(
      async (requests, { credentials }) =>
        requests.map(() => {
          const who = principalRef(credentials);
          if ([readsAll, readsAllToo].includes(who)) {
            return { result: AuthorizeResult.ALLOW };
          }
          if (who === readsNone) {
            return { result: AuthorizeResult.DENY };
          }
          return {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims: [who] },
            },
          };
        }),
    );
    try {
      catalog.getEntityByRef.mockClear();

      // Access with conditions: the catalog, asked with the user's own
      // credentials, hides the secret VPC, so its card is a 404.
      const hidden = await get('secret-vpc', readsSome);
      expect(hidden.status).toBe(404);
      expect(hidden.body.error.name).toBe('NotFoundError');
      expect(asked()).toEqual([['resource:default/secret-vpc', readsSome]]);
      expect((await get('prod-vpc', readsSome)).status).toBe(200);

      // DENY: the catalog would show nothing, so no card either.
      catalog.getEntityByRef.mockClear();
      expect((await get('prod-vpc', readsNone)).status).toBe(404);
      expect(asked()).toEqual([]);

      // ALLOW: every entity that exists, looked up once for all such users.
      catalog.getEntityByRef.mockClear();
      expect((await get('prod-vpc', readsAll)).status).toBe(200);
      expect((await get('prod-vpc', readsAllToo)).status).toBe(200);
      expect((await get('nope', readsAll)).status).toBe(404);
      expect(asked()).toEqual([
        ['resource:default/prod-vpc', 'service'],
        ['resource:default/nope', 'service'],
      ]);
    } finally {
      permissions.authorizeConditional.mockReset();
    }
  });

  it('returns 404 naming the annotation for an entity that names no VPC', async () => {
    const res = await request(server)
      .get('/api/eks-privatelink/inventory/component/default/web')
      .set('Authorization', user());
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('aws.amazon.com/vpc-id');
  });

  it('returns 400 naming the fix for a VPC entity with no region', async () => {
    const res = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/no-region-vpc')
      .set('Authorization', user());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('eksPrivateLink.defaultRegion');
  });

  it('answers an entity whose VPC annotation does not parse with an error record, never a 500', async () => {
    ec2.resetCalls();
    const res = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/broken-vpc')
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      entityRef: 'resource:default/broken-vpc',
      vpc: { vpcId: `vpc-${'0'.repeat(196)}`, region: 'us-east-1' },
      endpoints: [],
      sync: { status: 'error', lastSyncedAt: null },
    });
    expect(res.body.sync.error).toMatch(
      /^annotation aws\.amazon\.com\/vpc-id 'vpc-0+' is not a VPC id/,
    );

    const refresh = await request(server)
      .post(
        '/api/eks-privatelink/inventory/resource/default/broken-vpc/refresh',
      )
      .set('Authorization', user(ADMIN));
    expect(refresh.status).toBe(400);
    expect(refresh.body.error.message).toContain('aws.amazon.com/vpc-id');
    const subnets = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/broken-vpc/subnets')
      .set('Authorization', user());
    expect(subnets.status).toBe(400);
    expect(Object.values(ec2.calls).every(n => n === 0)).toBe(true);
  });

  it('returns 400 naming the parameter for bad input', async () => {
    const badName = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/bad%20name!')
      .set('Authorization', user());
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(/path parameter name/);

    const badLimit = await request(server)
      .get('/api/eks-privatelink/inventory?limit=0')
      .set('Authorization', user());
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toMatch(/query parameter limit/);

    const badState = await request(server)
      .get('/api/eks-privatelink/inventory?state=sleeping')
      .set('Authorization', user());
    expect(badState.status).toBe(400);
    expect(badState.body.error.message).toMatch(/query parameter state/);

    const badRegion = await request(server)
      .get('/api/eks-privatelink/inventory?region=us-east-1a')
      .set('Authorization', user());
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.error.message).toContain("region 'us-east-1a'");

    const badCursor = await request(server)
      .get('/api/eks-privatelink/inventory?cursor=garbage')
      .set('Authorization', user());
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.message).toContain('cursor');

    // Each fleet filter names itself and what it allows.
    for (const [query, says] of [
      ['service=ec2', /query parameter service must be one of eks, eks-auth/],
      [
        'coverage=most',
        /query parameter coverage must be one of none, partial, full/,
      ],
      [
        'syncStatus=fine',
        /query parameter syncStatus must be one of ok, stale, error, never/,
      ],
      ['drift=yes', /query parameter drift must be one of true, false/],
      ['owner=group:a:b/c', /query parameter owner must be an entity ref/],
      [
        `q=${'x'.repeat(101)}`,
        /query parameter q must be at most 100 characters/,
      ],
    ] as const) {
      const res = await request(server)
        .get(`/api/eks-privatelink/inventory?${query}`)
        .set('Authorization', user());
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(says);
    }
  });

  it('refreshes only with the refresh permission (403 otherwise)', async () => {
    const denied = await request(server)
      .post('/api/eks-privatelink/inventory/resource/default/prod-vpc/refresh')
      .set('Authorization', user());
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain(
      'eks-privatelink.inventory.refresh',
    );

    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-0b000001',
        vpcId: 'vpc-0a000001',
        region: 'us-east-1',
        state: 'deleting',
      }),
    );
    const allowed = await request(server)
      .post('/api/eks-privatelink/inventory/resource/default/prod-vpc/refresh')
      .set('Authorization', user(ADMIN));
    expect(allowed.status).toBe(200);
    expect(allowed.body.endpoints[0].state).toBe('deleting');
    expect(
      allowed.body.endpoints[0].stateHistory.map(
        (s: { state: string }) => s.state,
      ),
    ).toEqual(['available', 'deleting']);
  });

  it("decides a refresh on the entity: its owner may, on another team's VPC the owner may not", async () => {
    permissions.authorize.mockClear();
    const own = await request(server)
      .post('/api/eks-privatelink/inventory/resource/default/prod-vpc/refresh')
      .set('Authorization', user(OWNER));
    expect(own.status).toBe(200);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: eksPrivateLinkInventoryRefreshPermission,
          resourceRef: 'resource:default/prod-vpc',
        },
      ],
      expect.anything(),
    );

    ec2.resetCalls();
    const others = await request(server)
      .post('/api/eks-privatelink/inventory/resource/default/dev-vpc/refresh')
      .set('Authorization', user(OWNER));
    expect(others.status).toBe(403);
    expect(others.body.error.message).toContain('resource:default/dev-vpc');
    expect(Object.values(ec2.calls).every(n => n === 0)).toBe(true);
  });

  it('answers 404, not 403, for a refresh of an entity the caller cannot read', async () => {
    permissions.authorize.mockClear();
    const res = await request(server)
      .post(
        '/api/eks-privatelink/inventory/resource/default/secret-vpc/refresh',
      )
      .set('Authorization', user(OWNER));
    expect(res.status).toBe(404);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('answers 503 with the reason when AWS refuses a refresh, and records it', async () => {
    ec2.fail(
      'eu-west-1',
      Object.assign(new Error('You are not authorized'), {
        name: 'UnauthorizedOperation',
      }),
    );
    const res = await request(server)
      .post('/api/eks-privatelink/inventory/resource/default/eu-vpc/refresh')
      .set('Authorization', user(ADMIN));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('ec2:DescribeVpcEndpoints');

    const record = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/eu-vpc')
      .set('Authorization', user());
    expect(record.status).toBe(200);
    expect(record.body.sync).toMatchObject({ status: 'error' });
    expect(record.body.sync.error).toContain('UnauthorizedOperation');
    ec2.heal('eu-west-1');
  });

  it('lists only entities the caller can read, page by page, with filters', async () => {
    // Make every VPC known to the store.
    for (const name of ['dev-vpc', 'eu-vpc']) {
      await request(server)
        .get(`/api/eks-privatelink/inventory/resource/default/${name}`)
        .set('Authorization', user(ADMIN));
    }

    const viewer = await request(server)
      .get('/api/eks-privatelink/inventory')
      .set('Authorization', user());
    expect(viewer.status).toBe(200);
    const refs = viewer.body.items.map(
      (i: { entityRef: string }) => i.entityRef,
    );
    expect(refs).toEqual([
      'resource:default/dev-vpc',
      'resource:default/eu-vpc',
      'resource:default/prod-vpc',
    ]);
    expect(viewer.body.nextCursor).toBeUndefined();
    // Totals over what the viewer may read: the secret VPC is not counted.
    expect(viewer.body.totals).toMatchObject({ vpcs: 3, currency: 'USD' });
    expect(viewer.body.items[0]).toMatchObject({
      owner: 'group:default/platform',
      title: null,
    });

    const admin = await request(server)
      .get('/api/eks-privatelink/inventory?region=us-east-1')
      .set('Authorization', user(ADMIN));
    expect(
      admin.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual([
      'resource:default/dev-vpc',
      'resource:default/prod-vpc',
      SECRET,
    ]);

    const withEndpoint = await request(server)
      .get('/api/eks-privatelink/inventory?state=deleting')
      .set('Authorization', user());
    expect(
      withEndpoint.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['resource:default/prod-vpc']);

    const first = await request(server)
      .get('/api/eks-privatelink/inventory?limit=2')
      .set('Authorization', user());
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(server)
      .get(
        `/api/eks-privatelink/inventory?limit=2&cursor=${encodeURIComponent(
          first.body.nextCursor,
        )}`,
      )
      .set('Authorization', user());
    expect(
      second.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['resource:default/prod-vpc']);
    expect(second.body.nextCursor).toBeUndefined();
    expect(second.body.totals).toBeUndefined();

    const owned = await request(server)
      .get('/api/eks-privatelink/inventory?owner=platform&q=PROD')
      .set('Authorization', user());
    expect(
      owned.body.items.map((i: { entityRef: string }) => i.entityRef),
    ).toEqual(['resource:default/prod-vpc']);
  });

  it('lists the subnets live, marking AZs the service does not offer', async () => {
    const res = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/prod-vpc/subnets')
      .set('Authorization', user());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      vpcId: 'vpc-0a000001',
      region: 'us-east-1',
      serviceName: 'com.amazonaws.us-east-1.eks',
      subnets: [
        expect.objectContaining({
          subnetId: 'subnet-0c000001',
          availabilityZone: 'us-east-1a',
          serviceSupported: true,
        }),
        expect.objectContaining({
          subnetId: 'subnet-0c000002',
          availabilityZone: 'us-east-1d',
          serviceSupported: false,
        }),
      ],
      ipAddressTypes: expect.objectContaining({ source: 'aws' }),
      endpointPolicySupported: expect.objectContaining({ source: 'aws' }),
    });

    const hidden = await request(server)
      .get('/api/eks-privatelink/inventory/resource/default/secret-vpc/subnets')
      .set('Authorization', user());
    expect(hidden.status).toBe(404);
  });

  it("keeps a VPC's subnets for a minute, without writing the database", async () => {
    ec2.resetCalls();
    const get = () =>
      request(server)
        .get('/api/eks-privatelink/inventory/resource/default/dev-vpc/subnets')
        .set('Authorization', user());
    const first = await get();
    expect(first.status).toBe(200);
    // One question per service: the EKS API and EKS Pod Identity.
    expect(ec2.calls.DescribeVpcEndpointServices).toBe(2);
    expect(ec2.calls.DescribeSubnets).toBe(1);
    const second = await get();
    expect(second.body).toEqual(first.body);
    expect(ec2.calls.DescribeVpcEndpointServices).toBe(2);
    expect(ec2.calls.DescribeSubnets).toBe(1);
  });

  it('answers a refresh soon after the last read with that read, and its age', async () => {
    const throttled = await startBackend({ seconds: 30 });
    ec2.resetCalls();
    const read = await request(throttled)
      .get('/api/eks-privatelink/inventory/resource/default/prod-vpc')
      .set('Authorization', user());
    expect(read.status).toBe(200);
    expect(ec2.calls.DescribeVpcEndpoints).toBe(1);

    const refresh = await request(throttled)
      .post('/api/eks-privatelink/inventory/resource/default/prod-vpc/refresh')
      .set('Authorization', user(ADMIN));
    expect(refresh.status).toBe(200);
    expect(ec2.calls.DescribeVpcEndpoints).toBe(1);
    expect(refresh.body.sync.refreshedAgoSeconds).toEqual(expect.any(Number));
    expect(refresh.body.sync.refreshedAgoSeconds).toBeLessThan(30);
    expect(refresh.body.endpoints).toEqual(read.body.endpoints);

    // Still a permission decision first.
    const denied = await request(throttled)
      .post('/api/eks-privatelink/inventory/resource/default/prod-vpc/refresh')
      .set('Authorization', user());
    expect(denied.status).toBe(403);
  });

  it('re-syncs a VPC for the scaffolder actions (service principals)', async () => {
    ec2.removeEndpoint('us-east-1', 'vpce-0b000001');
    const res = await request(server)
      .post('/api/eks-privatelink/sync/vpc')
      .set('Authorization', mockCredentials.service.header())
      .send({ vpcId: 'vpc-0a000001', region: 'us-east-1' });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      entityRef: 'resource:default/prod-vpc',
      endpoints: [{ vpcEndpointId: 'vpce-0b000001', state: 'deleted' }],
    });
    expect(res.body.items[0].endpoints[0].deletedAt).toEqual(
      expect.any(String),
    );

    // Users may not aim it at any VPC and account, admins included.
    for (const who of [VIEWER, ADMIN]) {
      const denied = await request(server)
        .post('/api/eks-privatelink/sync/vpc')
        .set('Authorization', user(who))
        .send({ vpcId: 'vpc-0a000001', region: 'us-east-1' });
      expect(denied.status).toBe(403);
    }

    const bad = await request(server)
      .post('/api/eks-privatelink/sync/vpc')
      .set('Authorization', mockCredentials.service.header())
      .send({ vpcId: 'vpc-XYZ', region: 'us-east-1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("vpcId 'vpc-XYZ'");
  });

  it('records and lists onboarded VPCs for service principals only', async () => {
    const body = {
      vpcId: 'vpc-0a0000ff',
      region: 'us-east-1',
      accountId: '123456789012',
      name: 'payments-vpc',
      title: 'Payments',
      owner: 'group:default/payments',
    };
    const asUser = await request(server)
      .post('/api/eks-privatelink/onboarded-vpcs')
      .set('Authorization', user(ADMIN))
      .send(body);
    expect(asUser.status).toBe(403);

    const saved = await request(server)
      .post('/api/eks-privatelink/onboarded-vpcs')
      .set('Authorization', mockCredentials.service.header())
      .send(body);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      ...body,
      description: null,
      system: null,
      createdAt: expect.any(String),
    });

    const bad = await request(server)
      .post('/api/eks-privatelink/onboarded-vpcs')
      .set('Authorization', mockCredentials.service.header())
      .send({ ...body, owner: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('body field owner');

    const listed = await request(server)
      .get('/api/eks-privatelink/onboarded-vpcs')
      .set('Authorization', mockCredentials.service.header());
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([saved.body]);

    const listedByUser = await request(server)
      .get('/api/eks-privatelink/onboarded-vpcs')
      .set('Authorization', user(ADMIN));
    expect(listedByUser.status).toBe(403);

    const again = await request(server)
      .post('/api/eks-privatelink/onboarded-vpcs')
      .set('Authorization', mockCredentials.service.header())
      .send(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(saved.body);

    const takeover = await request(server)
      .post('/api/eks-privatelink/onboarded-vpcs')
      .set('Authorization', mockCredentials.service.header())
      .send({ ...body, name: 'mine-now', owner: 'group:default/mallory' });
    expect(takeover.status).toBe(409);
    expect(takeover.body.error.message).toContain('already recorded');

    const sameName = await request(server)
      .post('/api/eks-privatelink/onboarded-vpcs')
      .set('Authorization', mockCredentials.service.header())
      .send({ ...body, vpcId: 'vpc-0a0000fe' });
    expect(sameName.status).toBe(409);
    expect(sameName.body.error.message).toContain('payments-vpc');

    const removeByUser = await request(server)
      .delete(
        '/api/eks-privatelink/onboarded-vpcs/us-east-1/vpc-0a0000ff?accountId=123456789012',
      )
      .set('Authorization', user(ADMIN));
    expect(removeByUser.status).toBe(403);
    const removed = await request(server)
      .delete(
        '/api/eks-privatelink/onboarded-vpcs/us-east-1/vpc-0a0000ff?accountId=123456789012',
      )
      .set('Authorization', mockCredentials.service.header());
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ removed: true });
    const emptied = await request(server)
      .get('/api/eks-privatelink/onboarded-vpcs')
      .set('Authorization', mockCredentials.service.header());
    expect(emptied.body.items).toEqual([]);
  });
});
