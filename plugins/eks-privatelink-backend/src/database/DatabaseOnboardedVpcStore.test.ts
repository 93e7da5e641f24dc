import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { createInventoryStores } from './createInventoryStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const T1 = new Date('2026-01-01T10:00:00.000Z');
const T2 = new Date('2026-01-01T10:05:00.000Z');
const T3 = new Date('2026-01-01T10:10:00.000Z');

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const { onboardedVpcs } = await createInventoryStores({
    database: mockServices.database({ knex }),
  });
  return { store: onboardedVpcs };
}

describe.each(databases.eachSupportedId())(
  'DatabaseOnboardedVpcStore on %s',
  id => {
    const onboarded = {
      vpcId: 'vpc-0abc',
      region: 'us-east-1',
      accountId: null,
      name: 'payments-vpc',
      title: 'Payments VPC',
      description: null,
      owner: 'group:default/payments',
      system: null,
    };

    it('records an onboarded VPC once: a second record of it leaves the first', async () => {
      const { store } = await createStore(id);
      const first = await store.insertOnboardedVpc(onboarded, T1);
      const again = await store.insertOnboardedVpc(
        { ...onboarded, name: 'taken-over', owner: 'group:default/mallory' },
        T2,
      );
      await store.insertOnboardedVpc(
        { ...onboarded, accountId: '123456789012', name: 'payments-vpc-b' },
        T3,
      );

      expect(first).toEqual({ ...onboarded, createdAt: T1.toISOString() });
      expect(again).toEqual(first);
      const all = await store.listOnboardedVpcs();
      expect(all.map(v => [v.accountId, v.name])).toEqual([
        [null, 'payments-vpc'],
        ['123456789012', 'payments-vpc-b'],
      ]);
    });

    it('keeps entity names unique: another VPC under a taken name is not recorded', async () => {
      const { store } = await createStore(id);
      await store.insertOnboardedVpc(onboarded, T1);
      const kept = await store.insertOnboardedVpc(
        { ...onboarded, vpcId: 'vpc-0def' },
        T2,
      );

      expect(kept.vpcId).toBe('vpc-0abc');
      expect(await store.listOnboardedVpcs()).toHaveLength(1);
    });

    it('keeps one record when two onboardings of a VPC race', async () => {
      const { store } = await createStore(id);
      const results = await Promise.all(
        ['payments-a', 'payments-b', 'payments-c', 'payments-d'].map(name =>
          store.insertOnboardedVpc({ ...onboarded, name }, T1),
        ),
      );

      const all = await store.listOnboardedVpcs();
      expect(all).toHaveLength(1);
      // Every writer is told the same winner.
      expect(new Set(results.map(r => r.name))).toEqual(new Set([all[0].name]));
    });

    it('removes an onboarded VPC by its key', async () => {
      const { store } = await createStore(id);
      await store.insertOnboardedVpc(onboarded, T1);

      expect(await store.deleteOnboardedVpc(onboarded)).toBe(true);
      expect(await store.deleteOnboardedVpc(onboarded)).toBe(false);
      expect(await store.listOnboardedVpcs()).toEqual([]);
    });
  },
);
