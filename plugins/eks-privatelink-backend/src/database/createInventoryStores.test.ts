import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  createInventoryStores,
  migrateInventoryDatabase,
} from './createInventoryStores';

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
          'az_count',
          'deleted_at',
          'dns_entries',
          'first_seen_at',
          'ip_address_type',
          'last_error_code',
          'last_error_message',
          'last_seen_at',
          'network_interface_ids',
          'policy_document',
          'drift',
          'service_name',
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

    it('keeps existing rows when it keys them by account', async () => {
      const knex = await databases.init(id);
      const migrations = {
        directory: resolvePackagePath(
          '@eks-privatelink/backstage-plugin-eks-privatelink-backend',
          'migrations',
        ),
        tableName: 'eks_privatelink__knex_migrations',
      };
      await knex.migrate.up({ ...migrations, name: '20261126000000_init.js' });
      const at = new Date('2026-01-01T00:00:00.000Z');
      await knex('eks_privatelink_vpc_entities').insert({
        entity_ref: 'resource:default/old',
        vpc_id: 'vpc-01',
        region: 'us-east-1',
        account_id: null,
        sync_status: 'ok',
        created_at: at,
        updated_at: at,
      });
      const json = '[]';
      await knex('eks_privatelink_endpoints').insert({
        vpc_endpoint_id: 'vpce-01',
        vpc_id: 'vpc-01',
        region: 'us-east-1',
        // What AWS said (OwnerId), where the entity named no account.
        account_id: '123456789012',
        state: 'available',
        private_dns_enabled: true,
        subnet_ids: json,
        availability_zones: json,
        network_interface_ids: json,
        security_group_ids: json,
        dns_entries: json,
        tags: '{}',
        first_seen_at: at,
      });
      await knex('eks_privatelink_endpoint_states').insert([
        { vpc_endpoint_id: 'vpce-01', state: 'pending', at },
        { vpc_endpoint_id: 'vpce-01', state: 'available', at },
      ]);

      await migrateInventoryDatabase(knex);

      const { inventory } = await createInventoryStores({
        database: mockServices.database({ knex }),
      });
      const record = await inventory.getEntityRecord('resource:default/old');
      expect(record?.entity).toMatchObject({ accountId: null });
      expect(record?.endpoints.map(e => e.vpcEndpointId)).toEqual(['vpce-01']);
      expect(record?.endpoints[0].stateHistory?.map(h => h.state)).toEqual([
        'pending',
        'available',
      ]);
      // New history rows still get ids after the copied ones.
      await inventory.applySnapshot({
        region: 'us-east-1',
        vpcIds: ['vpc-01'],
        endpoints: [],
        dns: new Map(),
        at: new Date('2026-01-02T00:00:00.000Z'),
      });
      const after = await inventory.getEntityRecord('resource:default/old');
      expect(after?.endpoints[0].stateHistory?.map(h => h.state)).toEqual([
        'pending',
        'available',
        'deleted',
      ]);
    });

    it('counts the billed AZs of endpoints stored before the fleet columns', async () => {
      const knex = await databases.init(id);
      const migrations = {
        directory: resolvePackagePath(
          '@eks-privatelink/backstage-plugin-eks-privatelink-backend',
          'migrations',
        ),
        tableName: 'eks_privatelink__knex_migrations',
      };
      for (const name of [
        '20261126000000_init.js',
        '20261202000000_onboarded_name_unique.js',
        '20261203000000_account_keys.js',
        '20261204000000_endpoint_policy.js',
        '20261205000000_endpoint_drift.js',
        '20261206000000_endpoint_service.js',
      ]) {
        await knex.migrate.up({ ...migrations, name });
      }
      const at = new Date('2026-01-01T00:00:00.000Z');
      const row = (endpointId: string, azs: string[], subnets: string[]) => ({
        account_id: '',
        vpc_endpoint_id: endpointId,
        vpc_id: 'vpc-01',
        region: 'us-east-1',
        state: 'available',
        private_dns_enabled: true,
        subnet_ids: JSON.stringify(subnets),
        availability_zones: JSON.stringify(azs),
        network_interface_ids: '[]',
        security_group_ids: '[]',
        dns_entries: '[]',
        tags: '{}',
        first_seen_at: at,
      });
      await knex('eks_privatelink_endpoints').insert([
        row('vpce-azs', ['us-east-1a', 'us-east-1b', 'us-east-1c'], []),
        row('vpce-subnets', [], ['subnet-1', 'subnet-2']),
        row('vpce-none', [], []),
      ]);

      await migrateInventoryDatabase(knex);

      const counts = await knex('eks_privatelink_endpoints')
        .orderBy('vpc_endpoint_id')
        .select('vpc_endpoint_id', 'az_count');
      expect(counts).toEqual([
        { vpc_endpoint_id: 'vpce-azs', az_count: 3 },
        { vpc_endpoint_id: 'vpce-none', az_count: 0 },
        { vpc_endpoint_id: 'vpce-subnets', az_count: 2 },
      ]);
    });
  },
);
