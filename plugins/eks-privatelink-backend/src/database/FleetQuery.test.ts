import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { createInventoryStores } from './createInventoryStores';
import type { FleetFilter } from './FleetQuery';
import type { EndpointInventoryStore } from './types';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const AT = new Date('2026-12-01T10:00:00.000Z');
const ACCOUNT = '111122223333';

function endpoint(
  id: string,
  service: 'eks' | 'eks-auth',
  region: string,
  overrides: Partial<InventoryEndpoint> = {},
): InventoryEndpoint {
  return {
    vpcEndpointId: id,
    state: 'available',
    privateDnsEnabled: true,
    ipAddressType: 'ipv4',
    subnetIds: ['subnet-1', 'subnet-2'],
    availabilityZones: [`${region}a`, `${region}b`],
    networkInterfaceIds: [],
    securityGroupIds: ['sg-1'],
    dnsEntries: [],
    serviceName: `com.amazonaws.${region}.${service}`,
    createdAt: '2026-11-01T00:00:00.000Z',
    lastSeenAt: null,
    lastError: null,
    ...overrides,
  };
}

const ref = (name: string) => `resource:default/${name}`;

/**
 * The fleet:
 * - alpha: both services available (full), 2 + 2 AZs; owner web.
 * - bravo: the EKS API available only (partial), 3 AZs (from its AZ list);
 *   owner data; in the account.
 * - charlie: no endpoint; never synced.
 * - delta (eu-west-1): Pod Identity available with drift (partial; full
 *   for service=eks-auth), 1 AZ known by its subnet only.
 * - echo: only a deleted endpoint (state none); its last sync failed.
 * - foxtrot: an EKS API endpoint available, one deleting (not live), and
 *   a pending Pod Identity one without drift; title with a % in it.
 */
async function seed(store: EndpointInventoryStore) {
  const entity = (
    name: string,
    region: string,
    owner: string | null,
    title: string | null,
    accountId: string | null = null,
  ) => ({
    entityRef: ref(name),
    vpcId: `vpc-0${name}`,
    region,
    accountId,
    owner,
    title,
  });
  await store.upsertEntities(
    [
      entity('alpha', 'us-east-1', 'group:default/web', 'Alpha Production'),
      entity('bravo', 'us-east-1', 'group:default/data', null, ACCOUNT),
      entity('charlie', 'us-east-1', 'group:default/web', null),
      entity('delta', 'eu-west-1', 'group:default/data', 'Delta EU'),
      entity('echo', 'us-east-1', null, null),
      entity('foxtrot', 'us-east-1', 'user:default/fox', '100% private'),
    ],
    AT,
  );
  const drift = [{ field: 'securityGroupRules', expected: 'a', actual: 'b' }];
  await store.applySnapshot({
    region: 'us-east-1',
    vpcIds: ['vpc-0alpha', 'vpc-0echo', 'vpc-0foxtrot'],
    endpoints: [
      {
        vpcId: 'vpc-0alpha',
        endpoint: endpoint('vpce-a1', 'eks', 'us-east-1'),
      },
      {
        vpcId: 'vpc-0alpha',
        endpoint: endpoint('vpce-a2', 'eks-auth', 'us-east-1'),
      },
      {
        vpcId: 'vpc-0echo',
        endpoint: endpoint('vpce-e1', 'eks', 'us-east-1', { state: 'deleted' }),
      },
      {
        vpcId: 'vpc-0foxtrot',
        // Stored before the inventory kept service names: the EKS API.
        endpoint: endpoint('vpce-f1', 'eks', 'us-east-1', {
          serviceName: undefined,
        }),
      },
      {
        vpcId: 'vpc-0foxtrot',
        endpoint: endpoint('vpce-f2', 'eks', 'us-east-1', {
          state: 'deleting',
        }),
      },
      {
        vpcId: 'vpc-0foxtrot',
        endpoint: endpoint('vpce-f3', 'eks-auth', 'us-east-1', {
          state: 'pending',
          drift: [],
        }),
      },
    ],
    dns: new Map(),
    at: AT,
  });
  await store.applySnapshot({
    region: 'us-east-1',
    accountId: ACCOUNT,
    vpcIds: ['vpc-0bravo'],
    endpoints: [
      {
        vpcId: 'vpc-0bravo',
        endpoint: endpoint('vpce-b1', 'eks', 'us-east-1', {
          availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        }),
      },
    ],
    dns: new Map(),
    at: AT,
  });
  await store.applySnapshot({
    region: 'eu-west-1',
    vpcIds: ['vpc-0delta'],
    endpoints: [
      {
        vpcId: 'vpc-0delta',
        endpoint: endpoint('vpce-d1', 'eks-auth', 'eu-west-1', {
          availabilityZones: [],
          subnetIds: ['subnet-9'],
          drift: drift as InventoryEndpoint['drift'],
        }),
      },
    ],
    dns: new Map(),
    at: AT,
  });
  await store.markFailed({ region: 'us-east-1' }, ['vpc-0echo'], 'denied', AT);
}

describe.each(databases.eachSupportedId())('FleetQuery on %s', id => {
  let store: EndpointInventoryStore;

  beforeAll(async () => {
    const knex = await databases.init(id);
    store = (
      await createInventoryStores({
        database: mockServices.database({ knex }),
      })
    ).inventory;
    await seed(store);
  });

  const names = async (filter: FleetFilter) =>
    (await store.listFleet({ ...filter, limit: 100 })).map(e =>
      e.entityRef.replace('resource:default/', ''),
    );

  it('filters by region, sync status and owner', async () => {
    expect(await names({ region: 'eu-west-1' })).toEqual(['delta']);
    expect(await names({ syncStatus: 'never' })).toEqual(['charlie']);
    expect(await names({ syncStatus: 'stale' })).toEqual(['echo']);
    expect(await names({ syncStatus: 'ok' })).toEqual([
      'alpha',
      'bravo',
      'delta',
      'foxtrot',
    ]);
    expect(await names({ owner: 'group:default/web' })).toEqual([
      'alpha',
      'charlie',
    ]);
    expect(await names({})).toHaveLength(6);
  });

  it('filters by endpoint state over the services asked about', async () => {
    expect(await names({ state: 'available' })).toEqual([
      'alpha',
      'bravo',
      'delta',
      'foxtrot',
    ]);
    expect(await names({ state: 'available', service: 'eks-auth' })).toEqual([
      'alpha',
      'delta',
    ]);
    expect(await names({ state: 'pending' })).toEqual(['foxtrot']);
    expect(await names({ state: 'pending', service: 'eks' })).toEqual([]);
    expect(await names({ state: 'deleting' })).toEqual(['foxtrot']);
    // No live endpoint: the deleted one and the deleting one do not count.
    expect(await names({ state: 'none' })).toEqual(['charlie', 'echo']);
    expect(await names({ state: 'none', service: 'eks' })).toEqual([
      'charlie',
      'delta',
      'echo',
    ]);
    expect(await names({ state: 'none', service: 'eks-auth' })).toEqual([
      'bravo',
      'charlie',
      'echo',
    ]);
  });

  it('filters by coverage, with and without a service', async () => {
    expect(await names({ coverage: 'full' })).toEqual(['alpha']);
    expect(await names({ coverage: 'partial' })).toEqual([
      'bravo',
      'delta',
      'foxtrot',
    ]);
    expect(await names({ coverage: 'none' })).toEqual(['charlie', 'echo']);
    expect(await names({ coverage: 'full', service: 'eks' })).toEqual([
      'alpha',
      'bravo',
      'foxtrot',
    ]);
    expect(await names({ coverage: 'full', service: 'eks-auth' })).toEqual([
      'alpha',
      'delta',
    ]);
    expect(await names({ coverage: 'none', service: 'eks-auth' })).toEqual([
      'bravo',
      'charlie',
      'echo',
      'foxtrot',
    ]);
    expect(await names({ coverage: 'partial', service: 'eks' })).toEqual([]);
  });

  it('filters by drift: an empty drift list is no drift', async () => {
    expect(await names({ drift: true })).toEqual(['delta']);
    expect(await names({ drift: false })).toEqual([
      'alpha',
      'bravo',
      'charlie',
      'echo',
      'foxtrot',
    ]);
  });

  it('matches free text in ref, title, owner, VPC id and account, any case', async () => {
    expect(await names({ q: 'ALPHA PROD' })).toEqual(['alpha']);
    expect(await names({ q: 'data' })).toEqual(['bravo', 'delta']);
    expect(await names({ q: 'vpc-0cha' })).toEqual(['charlie']);
    expect(await names({ q: '2222' })).toEqual(['bravo']);
    expect(await names({ q: 'default/ech' })).toEqual(['echo']);
    // % and _ are text, not wildcards.
    expect(await names({ q: '100%' })).toEqual(['foxtrot']);
    expect(await names({ q: '%' })).toEqual(['foxtrot']);
    expect(await names({ q: '_' })).toEqual([]);
  });

  it('combines filters and keeps to the readable refs', async () => {
    const readable = [ref('alpha'), ref('delta'), ref('echo')];
    expect(await names({ readable })).toEqual(['alpha', 'delta', 'echo']);
    expect(await names({ readable, coverage: 'partial' })).toEqual(['delta']);
    expect(await names({ readable: [] })).toEqual([]);
    expect(
      await names({
        region: 'us-east-1',
        owner: 'group:default/web',
        q: 'CHAR',
      }),
    ).toEqual(['charlie']);
  });

  it('pages by entity ref with no row twice and none missed', async () => {
    const seen: string[] = [];
    let afterRef: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await store.listFleet({
        readable: [ref('alpha'), ref('bravo'), ref('delta'), ref('foxtrot')],
        afterRef,
        limit: 3,
      });
      seen.push(...page.map(e => e.entityRef));
      if (page.length < 3) {
        break;
      }
      afterRef = page[page.length - 1].entityRef;
    }
    expect(seen).toEqual([
      ref('alpha'),
      ref('bravo'),
      ref('delta'),
      ref('foxtrot'),
    ]);
  });

  it('sums the filtered fleet per region: counts and live AZs', async () => {
    expect(await store.fleetTotals({})).toEqual([
      { region: 'eu-west-1', vpcs: 1, covered: 0, partial: 1, azCount: 1 },
      // alpha 2 + 2, bravo 3, foxtrot 2 + 2 (pending counts, deleting not).
      { region: 'us-east-1', vpcs: 5, covered: 1, partial: 2, azCount: 11 },
    ]);
    expect(
      await store.fleetTotals({
        readable: [ref('bravo'), ref('charlie'), ref('delta')],
        service: 'eks',
      }),
    ).toEqual([
      { region: 'eu-west-1', vpcs: 1, covered: 0, partial: 0, azCount: 1 },
      { region: 'us-east-1', vpcs: 2, covered: 1, partial: 0, azCount: 3 },
    ]);
    expect(await store.fleetTotals({ readable: [] })).toEqual([]);
  });

  it('counts the endpoints of a VPC that two entities name once', async () => {
    await store.upsertEntities([
      {
        entityRef: ref('alpha-twin'),
        vpcId: 'vpc-0alpha',
        region: 'us-east-1',
        accountId: null,
      },
    ]);
    const [us] = (await store.fleetTotals({ region: 'us-east-1' })).slice(-1);
    expect(us).toMatchObject({ vpcs: 6, covered: 2, azCount: 11 });
    await store.deleteEntities([ref('alpha-twin')]);
  });

  it('stores owner and title, and follows the catalog when they change', async () => {
    expect((await store.getEntityRecord(ref('alpha')))?.entity).toMatchObject({
      owner: 'group:default/web',
      title: 'Alpha Production',
    });
    await store.upsertEntities([
      {
        entityRef: ref('alpha'),
        vpcId: 'vpc-0alpha',
        region: 'us-east-1',
        accountId: null,
        owner: 'group:default/data',
        title: null,
      },
    ]);
    const moved = await store.getEntity(ref('alpha'));
    expect(moved).toMatchObject({
      owner: 'group:default/data',
      title: null,
      syncStatus: 'ok',
    });
    expect(await names({ owner: 'group:default/data' })).toContain('alpha');
  });
});
