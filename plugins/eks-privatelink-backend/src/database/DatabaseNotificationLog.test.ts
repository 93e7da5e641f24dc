import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { createInventoryStores } from './createInventoryStores';
import { DatabaseAppliedStore } from './DatabaseAppliedStore';
import { DatabaseNotificationLog } from './DatabaseNotificationLog';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const MANAGED = JSON.stringify({ 'eks-privatelink:managed-by': 'backstage' });
const DRIFT = JSON.stringify([
  { field: 'privateDns', expected: 'on', actual: 'off', message: 'm' },
]);

function endpointRow(
  id: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    account_id: '',
    vpc_endpoint_id: id,
    vpc_id: 'vpc-0a000001',
    region: 'us-east-1',
    state: 'available',
    private_dns_enabled: true,
    ip_address_type: 'ipv4',
    subnet_ids: '[]',
    availability_zones: '[]',
    network_interface_ids: '[]',
    security_group_ids: '[]',
    dns_entries: '[]',
    tags: MANAGED,
    first_seen_at: new Date('2026-01-01'),
    ...fields,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseNotificationLog on %s',
  id => {
    async function setup() {
      const knex = await databases.init(id);
      await createInventoryStores({
        database: mockServices.database({ knex }),
      });
      return { knex, log: new DatabaseNotificationLog(knex) };
    }

    it('lets exactly one of several concurrent callers claim an event', async () => {
      const { log } = await setup();
      const event = {
        eventKey: 'gone::vpce-0a000001',
        entityRef: 'resource:default/a',
        kind: 'gone' as const,
      };
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => log.claim(event)),
      );
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await log.claim(event)).toBe(false);
    });

    it('finds managed endpoints that failed, went recently or drifted, not those the portal deleted', async () => {
      const { knex, log } = await setup();
      await knex('eks_privatelink_endpoints').insert([
        endpointRow('vpce-0000000a', { state: 'failed' }),
        endpointRow('vpce-0000000b', {
          state: 'deleted',
          deleted_at: new Date('2026-02-01T00:00:00Z'),
        }),
        endpointRow('vpce-0000000c', { drift: DRIFT }),
        endpointRow('vpce-0000000d', { drift: '[]' }),
        endpointRow('vpce-0000000e', { state: 'failed', tags: '{}' }),
        endpointRow('vpce-0000000f', {
          state: 'deleted',
          deleted_at: new Date('2026-02-01T00:00:00Z'),
        }),
        endpointRow('vpce-00000010', {
          state: 'deleted',
          deleted_at: new Date('2025-12-01T00:00:00Z'),
        }),
      ]);
      await knex('eks_privatelink_endpoint_states').insert(
        [
          ['pending', '2026-01-01T00:00:00Z'],
          ['failed', '2026-01-02T00:00:00Z'],
          ['available', '2026-01-03T00:00:00Z'],
          ['failed', '2026-01-04T00:00:00Z'],
        ].map(([state, at]) => ({
          account_id: '',
          vpc_endpoint_id: 'vpce-0000000a',
          state,
          at: new Date(at),
        })),
      );
      await new DatabaseAppliedStore(knex).recordPortalChanges(
        { vpcId: 'vpc-0a000001', region: 'us-east-1' },
        { deletedEndpointIds: ['vpce-0000000f'] },
      );

      const found = await log.findCandidates(
        { region: 'us-east-1', accountId: null },
        ['vpc-0a000001'],
        new Date('2026-01-15T00:00:00Z'),
      );

      expect(
        found
          .map(c => [c.vpcEndpointId, c.state, c.failedSince, c.drift.length])
          .sort(),
      ).toEqual([
        ['vpce-0000000a', 'failed', '2026-01-04T00:00:00.000Z', 0],
        ['vpce-0000000b', 'deleted', null, 0],
        ['vpce-0000000c', 'available', null, 1],
      ]);
    });

    it('names the entities of a VPC with their owners', async () => {
      const { knex, log } = await setup();
      const entity = (ref: string, owner: string | null) => ({
        entity_ref: ref,
        vpc_id: 'vpc-0a000001',
        region: 'us-east-1',
        account_id: '',
        sync_status: 'ok',
        owner,
        created_at: new Date(),
        updated_at: new Date(),
      });
      await knex('eks_privatelink_vpc_entities').insert([
        entity('resource:default/b', null),
        entity('resource:default/a', 'group:default/platform'),
      ]);

      expect(
        await log.entitiesOf({ region: 'us-east-1' }, ['vpc-0a000001']),
      ).toEqual([
        {
          entityRef: 'resource:default/a',
          vpcId: 'vpc-0a000001',
          owner: 'group:default/platform',
        },
        { entityRef: 'resource:default/b', vpcId: 'vpc-0a000001', owner: null },
      ]);
    });
  },
);
