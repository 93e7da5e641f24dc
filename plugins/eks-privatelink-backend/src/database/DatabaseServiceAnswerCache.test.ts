import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { createInventoryStores } from './createInventoryStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const T1 = new Date('2026-01-01T10:00:00.000Z');
const T2 = new Date('2026-01-01T10:05:00.000Z');

async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(databaseId);
  const { serviceAnswers, inventory } = await createInventoryStores({
    database: mockServices.database({ knex }),
  });
  return { store: serviceAnswers, inventory };
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

    it('keeps the EKS API and EKS Pod Identity answers of a region apart, and the record reads both', async () => {
      const { store, inventory } = await createStore(id);
      await store.saveServiceDescription(
        'eu-west-1',
        {
          serviceName: 'com.amazonaws.eu-west-1.eks',
          exists: true,
          availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
          policySupported: true,
          ipAddressTypes: ['ipv4'],
        },
        T1,
      );
      await store.saveServiceDescription(
        'eu-west-1',
        {
          serviceName: 'com.amazonaws.eu-west-1.eks-auth',
          exists: false,
          availabilityZones: [],
          policySupported: null,
          ipAddressTypes: [],
        },
        T2,
        'eks-auth',
      );
      expect(
        (await store.getServiceDescriptions(['eu-west-1'])).get('eu-west-1'),
      ).toMatchObject({
        serviceName: 'com.amazonaws.eu-west-1.eks',
        exists: true,
        availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      });
      expect(
        (await store.getServiceDescriptions(['eu-west-1'], 'eks-auth')).get(
          'eu-west-1',
        ),
      ).toEqual({
        serviceName: 'com.amazonaws.eu-west-1.eks-auth',
        exists: false,
        availabilityZones: [],
        policySupported: null,
        ipAddressTypes: [],
        checkedAt: T2.toISOString(),
      });

      await inventory.upsertEntities(
        [
          {
            entityRef: 'resource:default/eu-vpc',
            vpcId: 'vpc-0e0e0e0e',
            region: 'eu-west-1',
            accountId: null,
          },
        ],
        T1,
      );
      const record = await inventory.getEntityRecord('resource:default/eu-vpc');
      expect(record?.service).toMatchObject({
        serviceName: 'com.amazonaws.eu-west-1.eks',
        exists: true,
      });
      expect(record?.authService).toMatchObject({
        serviceName: 'com.amazonaws.eu-west-1.eks-auth',
        exists: false,
        checkedAt: T2.toISOString(),
      });
    });
  },
);
