// @ts-check

/*
 * The inventory schema. Written once for SQLite and PostgreSQL: plain column
 * types only, timestamps written by the code (never database defaults, whose
 * text formats differ between the two), lists kept as JSON text.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('eks_privatelink_vpc_entities', table => {
    table.comment('One row per catalog entity that locates a VPC');
    table
      .string('entity_ref', 255)
      .primary()
      .comment('Lower-case entity ref, e.g. resource:default/prod-vpc');
    table.string('vpc_id', 64).notNullable();
    table.string('region', 32).notNullable();
    table
      .string('account_id', 32)
      .nullable()
      .comment('Null: the default AWS credentials decide the account');
    table.boolean('dns_support').nullable().comment('Null until read');
    table.boolean('dns_hostnames').nullable().comment('Null until read');
    table.timestamp('dns_checked_at', { useTz: true }).nullable();
    table
      .string('sync_status', 16)
      .notNullable()
      .comment('never | ok | stale | error');
    table.text('sync_error').nullable();
    table
      .timestamp('last_synced_at', { useTz: true })
      .nullable()
      .comment('Last successful read from AWS');
    table
      .timestamp('last_attempt_at', { useTz: true })
      .nullable()
      .comment('Last read from AWS, successful or not');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['vpc_id', 'region'], 'eks_privatelink_vpc_entities_vpc_idx');
    table.index(['region'], 'eks_privatelink_vpc_entities_region_idx');
  });

  await knex.schema.createTable('eks_privatelink_endpoints', table => {
    table.comment(
      'EKS interface endpoints seen in AWS; kept after deletion with deleted_at',
    );
    table.string('vpc_endpoint_id', 64).primary();
    table.string('vpc_id', 64).notNullable();
    table.string('region', 32).notNullable();
    table.string('account_id', 32).nullable();
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
    table
      .timestamp('aws_created_at', { useTz: true })
      .nullable()
      .comment('CreationTimestamp from EC2');
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).nullable();
    table
      .timestamp('deleted_at', { useTz: true })
      .nullable()
      .comment('When a sync first found it gone (or in state deleted)');
    table.index(['vpc_id', 'region'], 'eks_privatelink_endpoints_vpc_idx');
  });

  await knex.schema.createTable('eks_privatelink_endpoint_states', table => {
    table.comment('Every state an endpoint was seen in, oldest first');
    table.increments('id');
    table.string('vpc_endpoint_id', 64).notNullable();
    table.string('state', 32).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.index(
      ['vpc_endpoint_id'],
      'eks_privatelink_endpoint_states_endpoint_idx',
    );
  });

  await knex.schema.createTable('eks_privatelink_region_services', table => {
    table.comment('What DescribeVpcEndpointServices last said per region');
    table.string('region', 32).primary();
    table.boolean('service_exists').notNullable();
    table.text('availability_zones').notNullable().comment('JSON array');
    table.boolean('policy_supported').nullable();
    table.text('ip_address_types').notNullable().comment('JSON array');
    table.timestamp('checked_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('eks_privatelink_onboarded_vpcs', table => {
    table.comment('VPCs recorded by the onboard action for the catalog module');
    table.string('vpc_id', 64).notNullable();
    table.string('region', 32).notNullable();
    table
      .string('account_id', 32)
      .notNullable()
      .comment('Empty string when no account was given, so the key is unique');
    table.string('name', 255).notNullable();
    table.string('title', 255).nullable();
    table.text('description').nullable();
    table.string('owner', 255).notNullable();
    table.string('system', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['vpc_id', 'region', 'account_id']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('eks_privatelink_onboarded_vpcs');
  await knex.schema.dropTable('eks_privatelink_region_services');
  await knex.schema.dropTable('eks_privatelink_endpoint_states');
  await knex.schema.dropTable('eks_privatelink_endpoints');
  await knex.schema.dropTable('eks_privatelink_vpc_entities');
};
