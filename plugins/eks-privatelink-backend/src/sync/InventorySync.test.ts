import {
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { FakeEc2, awsEndpoint } from '../__testUtils__/FakeEc2';
import { createInventoryStores } from '../database/createInventoryStores';
import { endpointsKey } from '../database/types';
import { InventorySync, InventorySyncOptions } from './InventorySync';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function vpcEntity(
  name: string,
  vpcId: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      uid: `uid-${name}`,
      annotations: { 'aws.amazon.com/vpc-id': vpcId, ...annotations },
    },
    spec: { type: 'vpc', owner: 'group:default/platform' },
  };
}

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** The VPC id of emulator test `n`. */
function emuVpc(n: number): string {
  return `vpc-${String(n).padStart(8, '0')}`;
}

/** An endpoint in three AZs whose DNS names do not say which, as moto's. */
function emulatorEndpoint(n: number, vpcId = emuVpc(n)): VpcEndpoint {
  return awsEndpoint({
    id: `vpce-${n}`,
    vpcId,
    region: 'us-east-1',
    zones: ZONES,
    zonalDns: false,
  });
}

/** Gives FakeEc2 the endpoint's subnets, in the AZs it was built for. */
function putSubnetsOf(ec2: FakeEc2, endpoint: VpcEndpoint) {
  ec2.setSubnets(
    endpoint.VpcId!,
    endpoint.SubnetIds!.map((subnetId, i) => ({
      SubnetId: subnetId,
      VpcId: endpoint.VpcId,
      AvailabilityZone: ZONES[i],
    })),
  );
}

function unauthorized(): Error {
  return Object.assign(
    new Error('You are not authorized to perform this operation.'),
    { name: 'UnauthorizedOperation' },
  );
}

describe.each(databases.eachSupportedId())('InventorySync on %s', id => {
  let ec2: FakeEc2;
  let clock: Date;

  beforeEach(() => {
    ec2 = new FakeEc2();
    clock = new Date('2026-02-01T00:00:00.000Z');
  });
  afterEach(() => ec2.restore());

  async function setup(
    entities: Entity[],
    options: Partial<InventorySyncOptions> = {},
  ) {
    const knex = await databases.init(id);
    const { inventory: store, serviceAnswers } = await createInventoryStores({
      database: mockServices.database({ knex }),
    });
    const catalog = catalogServiceMock({ entities });
    const logger = mockServices.logger.mock();
    const sync = new InventorySync({
      inventory: store,
      serviceAnswers,
      catalog,
      auth: mockServices.auth(),
      clients: ec2.clients,
      logger,
      defaultRegion: 'us-east-1',
      now: () => clock,
      ...options,
    });
    return { store, serviceAnswers, catalog, logger, sync };
  }

  function tick(minutes: number) {
    clock = new Date(clock.getTime() + minutes * 60_000);
  }

  it('reads each account/region with one paged call and joins endpoints to entities', async () => {
    ec2.pageSize = 2;
    const entities = [
      vpcEntity('a', 'vpc-0000000a'),
      vpcEntity('b', 'vpc-0000000b'),
      vpcEntity('c', 'vpc-0000000c'),
      vpcEntity('d', 'vpc-0000000d', { 'aws.amazon.com/region': 'eu-west-1' }),
    ];
    for (const v of ['a', 'b', 'c']) {
      ec2.putEndpoint(
        'us-east-1',
        awsEndpoint({
          id: `vpce-0000000${v}`,
          vpcId: `vpc-0000000${v}`,
          region: 'us-east-1',
          privateDns: v !== 'c',
        }),
      );
      ec2.setDns(`vpc-0000000${v}`, true, v === 'a');
    }
    // An endpoint of a VPC that is not in the catalog is ignored.
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-000000ff',
        vpcId: 'vpc-000000ff',
        region: 'us-east-1',
      }),
    );
    const { store, sync } = await setup(entities);

    const result = await sync.syncAll();

    // us-east-1: 4 endpoints in pages of 2; eu-west-1: one empty page.
    expect(ec2.calls.DescribeVpcEndpoints).toBe(3);
    // The zonal DNS names name the AZs, as AWS's always do: no subnet reads.
    expect(ec2.calls.DescribeSubnets).toBe(0);
    // Only a and b have a private-DNS endpoint: two attribute reads each.
    expect(ec2.calls.DescribeVpcAttribute).toBe(4);
    expect(result).toMatchObject({
      entities: 4,
      scopes: 2,
      endpoints: 3,
      dnsReads: 2,
      failed: [],
    });

    const a = await store.getEntity('resource:default/a');
    expect(a).toMatchObject({
      syncStatus: 'ok',
      dnsSupport: true,
      dnsHostnames: true,
      lastSyncedAt: clock.toISOString(),
    });
    const c = await store.getEntity('resource:default/c');
    expect(c).toMatchObject({ syncStatus: 'ok', dnsSupport: null });
    expect(await store.getEntity('resource:default/d')).toMatchObject({
      region: 'eu-west-1',
      syncStatus: 'ok',
    });

    const endpoints = await store.getEndpointsForVpcs([
      { vpcId: 'vpc-0000000a', region: 'us-east-1' },
      { vpcId: 'vpc-000000ff', region: 'us-east-1' },
    ]);
    expect(endpoints.get(endpointsKey('vpc-000000ff', 'us-east-1'))).toBe(
      undefined,
    );
    expect(
      endpoints.get(endpointsKey('vpc-0000000a', 'us-east-1')),
    ).toMatchObject([
      {
        vpcEndpointId: 'vpce-0000000a',
        state: 'available',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        securityGroupIds: ['sg-0123456789abcdef0'],
        createdAt: '2026-01-02T03:04:05.000Z',
      },
    ]);
  });

  it('marks only the failed region stale, keeping its last data, and warns once', async () => {
    const entities = [
      vpcEntity('east', 'vpc-0000000e'),
      vpcEntity('west', 'vpc-0000000f', {
        'aws.amazon.com/region': 'us-west-2',
      }),
    ];
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-0000000e',
        vpcId: 'vpc-0000000e',
        region: 'us-east-1',
      }),
    );
    ec2.putEndpoint(
      'us-west-2',
      awsEndpoint({
        id: 'vpce-0000000f',
        vpcId: 'vpc-0000000f',
        region: 'us-west-2',
      }),
    );
    ec2.setDns('vpc-0000000e', true, true);
    ec2.setDns('vpc-0000000f', true, true);
    const { store, sync, logger } = await setup(entities);
    await sync.syncAll();
    const firstSync = clock.toISOString();

    tick(5);
    ec2.fail('us-west-2', unauthorized());
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-0000000e',
        vpcId: 'vpc-0000000e',
        region: 'us-east-1',
        state: 'pending',
      }),
    );
    const result = await sync.syncAll();

    expect(result.failed).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toContain('us-west-2');

    const west = await store.getEntity('resource:default/west');
    expect(west).toMatchObject({
      syncStatus: 'stale',
      lastSyncedAt: firstSync,
      lastAttemptAt: clock.toISOString(),
    });
    expect(west?.syncError).toMatch(
      /UnauthorizedOperation.*ec2:DescribeVpcEndpoints/,
    );
    const westEndpoints = await store.getEndpointsForVpcs([
      { vpcId: 'vpc-0000000f', region: 'us-west-2' },
    ]);
    expect(
      westEndpoints.get(endpointsKey('vpc-0000000f', 'us-west-2')),
    ).toMatchObject([{ vpcEndpointId: 'vpce-0000000f', state: 'available' }]);

    expect(await store.getEntity('resource:default/east')).toMatchObject({
      syncStatus: 'ok',
      lastSyncedAt: clock.toISOString(),
    });
    const eastEndpoints = await store.getEndpointsForVpcs([
      { vpcId: 'vpc-0000000e', region: 'us-east-1' },
    ]);
    expect(
      eastEndpoints.get(endpointsKey('vpc-0000000e', 'us-east-1'))?.[0].state,
    ).toBe('pending');
  });

  it('records a refusal without the IAM identity or encoded message AWS sent, and logs them', async () => {
    const arn = 'arn:aws:sts::123456789012:assumed-role/backstage-prod/i-0abc';
    ec2.fail(
      'us-east-1',
      Object.assign(
        new Error(
          `User: ${arn} is not authorized to perform: ec2:DescribeVpcEndpoints with an explicit deny. Encoded authorization failure message: Xk3AbCdEf0123456789`,
        ),
        { name: 'UnauthorizedOperation' },
      ),
    );
    const { store, sync, logger } = await setup([
      vpcEntity('denied', 'vpc-000000a1'),
    ]);

    await sync.syncAll();

    const { syncError } = (await store.getEntity('resource:default/denied'))!;
    expect(syncError).toContain(
      "User: <the backend's AWS identity> is not authorized to perform: ec2:DescribeVpcEndpoints",
    );
    expect(syncError).toContain('Allow ec2:DescribeVpcEndpoints');
    expect(syncError).not.toMatch(/arn:aws:sts|Xk3AbCdEf/);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining(arn));
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Xk3AbCdEf0123456789'),
    );
    ec2.heal('us-east-1');
  });

  it('leaves a run stopped by the timeout stale instead of half-written', async () => {
    const { store, sync } = await setup([vpcEntity('slow', 'vpc-00000071')]);
    ec2.setDns('vpc-00000071', true, true);
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-00000071',
        vpcId: 'vpc-00000071',
        region: 'us-east-1',
      }),
    );
    await sync.syncAll();
    const synced = clock.toISOString();
    tick(5);
    ec2.removeEndpoint('us-east-1', 'vpce-00000071');

    const controller = new AbortController();
    controller.abort();
    const result = await sync.syncAll(controller.signal);

    expect(result.failed).toHaveLength(1);
    const entity = await store.getEntity('resource:default/slow');
    expect(entity).toMatchObject({ syncStatus: 'stale', lastSyncedAt: synced });
    expect(entity?.syncError).toContain('eksPrivateLink.sync.timeout');
    const endpoints = await store.getEndpointsForVpcs([
      { vpcId: 'vpc-00000071', region: 'us-east-1' },
    ]);
    expect(
      endpoints.get(endpointsKey('vpc-00000071', 'us-east-1'))?.[0].state,
    ).toBe('available');
  });

  it('turns a never-synced account into error with the setting to fix', async () => {
    const { store, sync } = await setup([
      vpcEntity('other', 'vpc-00000011', {
        'aws.amazon.com/account-id': '210987654321',
      }),
    ]);
    ec2.clients.failAccount(
      '210987654321',
      new Error(
        'No AWS credentials are configured for account 210987654321. In app-config.yaml add an entry under aws.accounts',
      ),
    );
    await sync.syncAll();
    const entity = await store.getEntity('resource:default/other');
    expect(entity?.syncStatus).toBe('error');
    expect(entity?.syncError).toContain('aws.accounts');
  });

  it('marks endpoints that vanish from AWS deleted and keeps their history', async () => {
    const { store, sync } = await setup([vpcEntity('app', 'vpc-00000021')]);
    ec2.setDns('vpc-00000021', true, true);
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-00000021',
        vpcId: 'vpc-00000021',
        region: 'us-east-1',
        state: 'pending',
      }),
    );
    await sync.syncAll();
    const created = clock.toISOString();
    tick(5);
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-00000021',
        vpcId: 'vpc-00000021',
        region: 'us-east-1',
      }),
    );
    await sync.syncAll();
    const available = clock.toISOString();
    tick(5);
    await sync.syncAll();
    tick(5);
    ec2.removeEndpoint('us-east-1', 'vpce-00000021');
    await sync.syncAll();

    const [endpoint] =
      (
        await store.getEndpointsForVpcs([
          { vpcId: 'vpc-00000021', region: 'us-east-1' },
        ])
      ).get(endpointsKey('vpc-00000021', 'us-east-1')) ?? [];
    expect(endpoint).toMatchObject({
      state: 'deleted',
      deletedAt: clock.toISOString(),
    });
    expect(endpoint.stateHistory).toEqual([
      { state: 'pending', at: created },
      { state: 'available', at: available },
      { state: 'deleted', at: clock.toISOString() },
    ]);
  });

  it('forgets entities that left the catalog', async () => {
    const entities = [
      vpcEntity('keep', 'vpc-00000031'),
      vpcEntity('drop', 'vpc-00000032'),
    ];
    const { store, sync, catalog } = await setup(entities);
    await sync.syncAll();
    expect(await store.listEntityRefs()).toHaveLength(2);

    const dropped = await catalog.getEntityByRef('resource:default/drop');
    await catalog.removeEntityByUid(dropped!.metadata.uid!);
    await sync.syncAll();
    expect(await store.listEntityRefs()).toEqual(['resource:default/keep']);
  });

  it('refreshes one VPC with a vpc-filtered call and shares concurrent refreshes', async () => {
    const { store, sync } = await setup([]);
    await store.upsertEntities([
      {
        entityRef: 'resource:default/solo',
        vpcId: 'vpc-00000041',
        region: 'us-east-1',
        accountId: null,
      },
    ]);
    ec2.setDns('vpc-00000041', true, false);
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-00000041',
        vpcId: 'vpc-00000041',
        region: 'us-east-1',
      }),
    );
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-00000042',
        vpcId: 'vpc-00000042',
        region: 'us-east-1',
      }),
    );

    const vpc = { vpcId: 'vpc-00000041', region: 'us-east-1' };
    await Promise.all([sync.refreshVpc(vpc), sync.refreshVpc(vpc)]);

    expect(ec2.calls.DescribeVpcEndpoints).toBe(1);
    expect(ec2.calls.DescribeVpcAttribute).toBe(2);
    expect(
      ec2.mock.commandCalls(DescribeVpcEndpointsCommand)[0].args[0].input,
    ).toMatchObject({
      Filters: [
        { Name: 'vpc-id', Values: ['vpc-00000041'] },
        {
          Name: 'service-name',
          Values: [
            'com.amazonaws.us-east-1.eks',
            'com.amazonaws.us-east-1.eks-auth',
          ],
        },
      ],
    });
    expect(await store.getEntity('resource:default/solo')).toMatchObject({
      syncStatus: 'ok',
      dnsSupport: true,
      dnsHostnames: false,
    });
    const endpoints = await store.getEndpointsForVpcs([vpc]);
    expect(
      endpoints
        .get(endpointsKey('vpc-00000041', 'us-east-1'))
        ?.map(e => e.vpcEndpointId),
    ).toEqual(['vpce-00000041']);

    // A later refresh reads again: the shared promise is gone.
    await sync.refreshVpc(vpc);
    expect(ec2.calls.DescribeVpcEndpoints).toBe(2);
  });

  it('rejects a failed refresh with the reason and records it', async () => {
    const { store, sync } = await setup([]);
    await store.upsertEntities([
      {
        entityRef: 'resource:default/ghost',
        vpcId: 'vpc-00000051',
        region: 'us-east-1',
        accountId: null,
      },
    ]);
    await expect(
      sync.refreshVpc({ vpcId: 'vpc-00000051', region: 'us-east-1' }),
    ).rejects.toThrow(
      /vpc-00000051 was not found in us-east-1.*aws.amazon.com\/vpc-id/,
    );
    expect(await store.getEntity('resource:default/ghost')).toMatchObject({
      syncStatus: 'error',
    });
  });

  it('reads the AZs of subnets only for endpoints whose DNS names do not name them, in one call per account/region', async () => {
    const entities = [1, 2, 3].map(n => vpcEntity(`emu-${n}`, emuVpc(n)));
    for (const n of [1, 2, 3]) {
      const endpoint = emulatorEndpoint(n);
      ec2.putEndpoint('us-east-1', endpoint);
      putSubnetsOf(ec2, endpoint);
    }
    // Named by its DNS entries: its subnets are not asked for.
    entities.push(vpcEntity('aws', emuVpc(4)));
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({ id: 'vpce-4', vpcId: emuVpc(4), region: 'us-east-1' }),
    );
    // Not in the catalog: its subnets are not asked for either.
    ec2.putEndpoint('us-east-1', emulatorEndpoint(9));
    for (const n of [1, 2, 3, 4]) {
      ec2.setDns(emuVpc(n), true, true);
    }
    const { store, sync } = await setup(entities);

    await sync.syncAll();

    expect(ec2.calls.DescribeVpcEndpoints).toBe(1);
    expect(ec2.calls.DescribeSubnets).toBe(1);
    expect(
      ec2.mock.commandCalls(DescribeSubnetsCommand)[0].args[0].input.SubnetIds,
    ).toEqual([1, 2, 3].flatMap(n => emulatorEndpoint(n).SubnetIds!).sort());
    const endpoints = await store.getEndpointsForVpcs(
      [1, 2, 3, 4].map(n => ({ vpcId: emuVpc(n), region: 'us-east-1' })),
    );
    for (const n of [1, 2, 3]) {
      expect(
        endpoints.get(endpointsKey(emuVpc(n), 'us-east-1'))?.[0]
          .availabilityZones,
      ).toEqual(ZONES);
    }
    expect(
      endpoints.get(endpointsKey(emuVpc(4), 'us-east-1'))?.[0]
        .availabilityZones,
    ).toEqual(['us-east-1a', 'us-east-1b']);

    // A refresh of one such VPC asks for that VPC's subnets alone.
    await sync.refreshVpc({ vpcId: emuVpc(2), region: 'us-east-1' });
    expect(ec2.calls.DescribeSubnets).toBe(2);
    expect(
      ec2.mock.commandCalls(DescribeSubnetsCommand)[1].args[0].input.SubnetIds,
    ).toEqual(emulatorEndpoint(2).SubnetIds);
  });

  it('asks for at most 200 subnets per DescribeSubnets call', async () => {
    const ids = Array.from({ length: 70 }, (_, i) => 100 + i);
    for (const n of ids) {
      const endpoint = emulatorEndpoint(n);
      ec2.putEndpoint('us-east-1', endpoint);
      putSubnetsOf(ec2, endpoint);
    }
    const { store, sync } = await setup(
      ids.map(n => vpcEntity(`emu-${n}`, emuVpc(n))),
    );

    await sync.syncAll();

    const asked = ec2.mock
      .commandCalls(DescribeSubnetsCommand)
      .map(call => call.args[0].input.SubnetIds?.length);
    expect(asked).toEqual([200, 10]);
    const endpoints = await store.getEndpointsForVpcs(
      ids.map(n => ({ vpcId: emuVpc(n), region: 'us-east-1' })),
    );
    for (const n of ids) {
      expect(
        endpoints.get(endpointsKey(emuVpc(n), 'us-east-1'))?.[0]
          .availabilityZones,
      ).toEqual(ZONES);
    }
  });

  it('keeps the sync ok without the AZs when their subnets cannot be read, and warns', async () => {
    ec2.putEndpoint('us-east-1', emulatorEndpoint(1));
    ec2.setDns(emuVpc(1), true, true);
    const { store, sync, logger } = await setup([vpcEntity('emu', emuVpc(1))]);

    const result = await sync.syncAll();

    expect(result.failed).toEqual([]);
    expect(await store.getEntity('resource:default/emu')).toMatchObject({
      syncStatus: 'ok',
    });
    const [stored] = (
      await store.getEndpointsForVpcs([
        { vpcId: emuVpc(1), region: 'us-east-1' },
      ])
    ).get(endpointsKey(emuVpc(1), 'us-east-1'))!;
    expect(stored.subnetIds).toHaveLength(3);
    expect(stored.availabilityZones).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Availability Zones of 3 subnet(s)'),
    );
  });

  it('skips an entity whose VPC annotations do not parse, and records why', async () => {
    const longId = `vpc-${'0'.repeat(196)}`;
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-00000081',
        vpcId: 'vpc-00000081',
        region: 'us-east-1',
        privateDns: false,
      }),
    );
    const { store, sync, logger } = await setup([
      vpcEntity('good', 'vpc-00000081'),
      vpcEntity('broken', 'vpc-00000082', {
        'aws.amazon.com/account-id': 'prod',
      }),
      vpcEntity('long-id', longId),
      vpcEntity('long-region', 'vpc-00000083', {
        'aws.amazon.com/region': `us-${'x'.repeat(60)}-1`,
      }),
    ]);
    // Tracked while its annotations were fine.
    await store.upsertEntities([
      {
        entityRef: 'resource:default/broken',
        vpcId: 'vpc-00000082',
        region: 'us-east-1',
        accountId: null,
      },
    ]);

    const result = await sync.syncAll();

    expect(result.failed).toEqual([]);
    expect(result.invalid.map(i => i.entityRef)).toEqual([
      'resource:default/broken',
      'resource:default/long-id',
      'resource:default/long-region',
    ]);
    expect(result.invalid[1].problem).toMatch(
      /^annotation aws\.amazon\.com\/vpc-id 'vpc-0+' is not a VPC id/,
    );
    expect(result.invalid[2].problem).toMatch(
      /^annotation aws\.amazon\.com\/region 'us-x+-1' is not an AWS region/,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('resource:default/long-id: annotation'),
    );
    expect(await store.getEntity('resource:default/good')).toMatchObject({
      syncStatus: 'ok',
    });
    expect(
      (await store.getEntityRecord('resource:default/good'))?.endpoints.map(
        e => e.vpcEndpointId,
      ),
    ).toEqual(['vpce-00000081']);
    // Only what could be stored is tracked; the broken one says why.
    expect(await store.listEntityRefs()).toEqual([
      'resource:default/broken',
      'resource:default/good',
    ]);
    expect(await store.getEntity('resource:default/broken')).toMatchObject({
      syncStatus: 'error',
      syncError: expect.stringMatching(
        /^annotation aws\.amazon\.com\/account-id 'prod' is not an AWS account id/,
      ),
      vpcId: '',
    });
  });

  it('prunes what was deleted longer ago than the retention', async () => {
    ec2.putEndpoint(
      'us-east-1',
      awsEndpoint({
        id: 'vpce-00000091',
        vpcId: 'vpc-00000091',
        region: 'us-east-1',
        privateDns: false,
      }),
    );
    const { store, sync, logger } = await setup(
      [vpcEntity('pruned', 'vpc-00000091')],
      { retentionMs: 60 * 60_000 },
    );
    await sync.syncAll();
    ec2.removeEndpoint('us-east-1', 'vpce-00000091');
    tick(5);
    await sync.syncAll();

    tick(30);
    expect(await sync.pruneHistory()).toEqual({
      endpoints: 0,
      stateChanges: 0,
    });
    tick(60);
    expect(await sync.pruneHistory()).toEqual({
      endpoints: 1,
      stateChanges: 2,
    });
    expect(
      (await store.getEntityRecord('resource:default/pruned'))?.endpoints,
    ).toEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('eksPrivateLink.retention'),
    );
  });

  it('asks DescribeVpcEndpointServices once per region and service while its answer is fresh', async () => {
    const { serviceAnswers, sync } = await setup([
      vpcEntity('svc', 'vpc-00000061'),
    ]);
    await sync.syncAll();
    tick(5);
    await sync.syncAll();
    // One for the EKS API, one for EKS Pod Identity; none on the second run.
    expect(ec2.calls.DescribeVpcEndpointServices).toBe(2);
    const api = await serviceAnswers.getServiceDescriptions(['us-east-1']);
    expect(api.get('us-east-1')).toMatchObject({
      serviceName: 'com.amazonaws.us-east-1.eks',
      exists: true,
      policySupported: true,
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    });
    const podIdentity = await serviceAnswers.getServiceDescriptions(
      ['us-east-1'],
      'eks-auth',
    );
    expect(podIdentity.get('us-east-1')).toMatchObject({
      serviceName: 'com.amazonaws.us-east-1.eks-auth',
      exists: true,
      availabilityZones: ['us-east-1a', 'us-east-1b'],
    });
  });
});
