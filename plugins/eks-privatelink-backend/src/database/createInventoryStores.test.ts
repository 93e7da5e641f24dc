import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { createInventoryStores } from './createInventoryStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'createInventoryStores on %s',
  id => {
    it('creates the same tables and columns on every database', async () => {
      const knex = await databases.init(id);
      await createInventoryStores({
        database: mockServices.database({ knex }),
      });
      const columns = Object.keys(
        await knex('eks_privatelink_endpoints').columnInfo(),
      ).sort();
      expect(columns).toEqual(
        [
          'account_id',
          'availability_zones',
          'aws_created_at',
          'deleted_at',
          'dns_entries',
          'first_seen_at',
          'ip_address_type',
          'last_error_code',
          'last_error_message',
          'last_seen_at',
          'network_interface_ids',
          'private_dns_enabled',
          'region',
          'security_group_ids',
          'state',
          'subnet_ids',
          'tags',
          'vpc_endpoint_id',
          'vpc_id',
        ].sort(),
      );
      for (const table of [
        'eks_privatelink_vpc_entities',
        'eks_privatelink_endpoint_states',
        'eks_privatelink_region_services',
        'eks_privatelink_onboarded_vpcs',
      ]) {
        await expect(knex.schema.hasTable(table)).resolves.toBe(true);
      }
    });
  },
);
