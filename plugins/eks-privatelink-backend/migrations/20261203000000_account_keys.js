// @ts-check

/*
 * Keys the inventory by account + region + VPC id. Two entities may name the
 * same VPC id in different accounts (or one with and one without an account
 * annotation): keyed by VPC id and region alone, each account's sync marked
 * the other's endpoints deleted.
 *
 * No account (the default credentials' account) is stored as '' rather than
 * null, as in eks_privatelink_onboarded_vpcs: null never equals null, so
 * null accounts could neither be joined (entity to endpoints) nor be part of
 * a primary key or unique index, and two concurrent writers of the same
 * default-account endpoint would both insert it.
 *
 * The endpoint and state tables get new keys, which SQLite cannot add to an
 * existing table: they are rebuilt under new names, their rows copied, the
 * old tables dropped and the new ones renamed (so no constraint or sequence
 * name of the old tables is reused while they exist).
 */

const ENTITIES = 'eks_privatelink_vpc_entities';
const ENDPOINTS = 'eks_privatelink_endpoints';
const STATES = 'eks_privatelink_endpoint_states';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex(ENTITIES).whereNull('account_id').update({ account_id: '' });
  await knex.schema.alterTable(ENTITIES, table => {
    table.dropIndex(
      ['vpc_id', 'region'],
      'eks_privatelink_vpc_entities_vpc_idx',
    );
    table.index(
      ['account_id', 'region', 'vpc_id'],
      'eks_privatelink_vpc_entities_account_vpc_idx',
    );
  });

  await knex.schema.createTable(`${ENDPOINTS}_v2`, table => {
    table.comment(
      'EKS interface endpoints seen in AWS; kept after deletion with deleted_at',
    );
    table.string('account_id', 32).notNullable().comment("'': default account");
    table.string('vpc_endpoint_id', 64).notNullable();
    table.string('vpc_id', 64).notNullable();
    table.string('region', 32).notNullable();
    table.string('state', 32).notNullable().comment('Lower case, as EC2 says');
    table.boolean('private_dns_enabled').notNullable();
    table.string('ip_address_type', 16).nullable();
    table.text('subnet_ids').notNullable().comment('JSON array');
    table.text('availability_zones').notNullable().comment('JSON array');
    table.text('network_interface_ids').notNullable().comment('JSON array');
    table.text('security_group_ids').notNullable().comment('JSON array');
    table.text('dns_entries').notNullable().comment('JSON array');
    table.text('tags').notNullable().comment('JSON object');
    table.string('last_error_code', 255).nullable();
    table.text('last_error_message').nullable();
    table.timestamp('aws_created_at', { useTz: true }).nullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).nullable();
    table.timestamp('deleted_at', { useTz: true }).nullable();
    table.primary(
      ['account_id', 'vpc_endpoint_id'],
      'eks_privatelink_endpoints_key',
    );
    table.index(
      ['account_id', 'region', 'vpc_id'],
      'eks_privatelink_endpoints_account_vpc_idx',
    );
  });

  await knex.schema.createTable(`${STATES}_v2`, table => {
    table.comment('Every state an endpoint was seen in, oldest first');
    table.increments('id');
    table.string('account_id', 32).notNullable();
    table.string('vpc_endpoint_id', 64).notNullable();
    table.string('state', 32).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    // Two replicas applying the same read record its state change once.
    table.unique(['account_id', 'vpc_endpoint_id', 'at', 'state'], {
      indexName: 'eks_privatelink_endpoint_states_change_uniq',
    });
  });

  // An endpoint row took the account AWS reported (OwnerId) even where the
  // entity named none; it now takes the account its entities are keyed by,
  // so that the two join.
  await knex.raw(
    `INSERT INTO ${ENDPOINTS}_v2 (account_id, vpc_endpoint_id, vpc_id, region, state,
       private_dns_enabled, ip_address_type, subnet_ids, availability_zones,
       network_interface_ids, security_group_ids, dns_entries, tags,
       last_error_code, last_error_message, aws_created_at, first_seen_at,
       last_seen_at, deleted_at)
     SELECT COALESCE(
         (SELECT MIN(v.account_id) FROM ${ENTITIES} v
           WHERE v.vpc_id = e.vpc_id AND v.region = e.region
             AND v.account_id = COALESCE(e.account_id, '')),
         (SELECT MIN(v.account_id) FROM ${ENTITIES} v
           WHERE v.vpc_id = e.vpc_id AND v.region = e.region),
         e.account_id, ''),
       e.vpc_endpoint_id, e.vpc_id, e.region, e.state, e.private_dns_enabled,
       e.ip_address_type, e.subnet_ids, e.availability_zones,
       e.network_interface_ids, e.security_group_ids, e.dns_entries, e.tags,
       e.last_error_code, e.last_error_message, e.aws_created_at,
       e.first_seen_at, e.last_seen_at, e.deleted_at
     FROM ${ENDPOINTS} e`,
  );
  // Inserted in the old order, so new ids keep the history oldest first.
  await knex.raw(
    `INSERT INTO ${STATES}_v2 (account_id, vpc_endpoint_id, state, at)
     SELECT e.account_id, s.vpc_endpoint_id, s.state, s.at
     FROM ${STATES} s
     JOIN ${ENDPOINTS}_v2 e ON e.vpc_endpoint_id = s.vpc_endpoint_id
     WHERE s.id = (SELECT MIN(d.id) FROM ${STATES} d
                    WHERE d.vpc_endpoint_id = s.vpc_endpoint_id
                      AND d.state = s.state AND d.at = s.at)
     ORDER BY s.id`,
  );

  await knex.schema.dropTable(STATES);
  await knex.schema.dropTable(ENDPOINTS);
  await knex.schema.renameTable(`${ENDPOINTS}_v2`, ENDPOINTS);
  await knex.schema.renameTable(`${STATES}_v2`, STATES);
};

exports.down = async function down() {
  throw new Error(
    'The account keys of the EKS PrivateLink inventory cannot be undone: two accounts may now hold the same VPC id',
  );
};
