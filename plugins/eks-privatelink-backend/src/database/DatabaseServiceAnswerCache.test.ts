import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { createInventoryStores } from './createInventoryStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const T1 = new Date('2026-01-01T10:00:00.000Z');
const T2 = new Date('2026-01-01T10:05:00.000Z');

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const { serviceAnswers } = await createInventoryStores({
    database: mockServices.database({ knex }),
  });
  return { store: serviceAnswers };
}

describe.each(databases.eachSupportedId())(
  'DatabaseServiceAnswerCache on %s',
  id => {
    it('stores the per-region service answer', async () => {
      const { store } = await createStore(id);
      await store.saveServiceDescription(
        'us-east-1',
        {
          serviceName: 'com.amazonaws.us-east-1.eks',
          exists: true,
          availabilityZones: ['us-east-1a', 'us-east-1b'],
          policySupported: true,
          ipAddressTypes: ['ipv4', 'ipv6'],
        },
        T1,
      );
      await store.saveServiceDescription(
        'us-east-1',
        {
          serviceName: 'com.amazonaws.us-east-1.eks',
          exists: true,
          availabilityZones: ['us-east-1a'],
          policySupported: null,
          ipAddressTypes: [],
        },
        T2,
      );
      const services = await store.getServiceDescriptions(['us-east-1', 'xx']);
      expect(services.size).toBe(1);
      expect(services.get('us-east-1')).toEqual({
        serviceName: 'com.amazonaws.us-east-1.eks',
        exists: true,
        availabilityZones: ['us-east-1a'],
        policySupported: null,
        ipAddressTypes: [],
        checkedAt: T2.toISOString(),
      });
    });
  },
);
