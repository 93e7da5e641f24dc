// @ts-check

/*
 * The DescribeVpcEndpointServices answer per region *and service*: EKS Pod
 * Identity (eks-auth) has its own availability, AZs and IP address types,
 * which the card and the rules show beside the EKS API's. Rows written
 * before are the EKS API's answers.
 *
 * SQLite cannot change a primary key in place, so the table is rebuilt under
 * a new name, its rows copied, the old one dropped and the new one renamed.
 */

const SERVICES = 'eks_privatelink_region_services';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(`${SERVICES}_v2`, table => {
    table.comment(
      'What DescribeVpcEndpointServices last said per region and service',
    );
    table.string('region', 32).notNullable();
    table
      .string('service', 16)
      .notNullable()
      .comment('eks (the EKS API) or eks-auth (EKS Pod Identity)');
    table.boolean('service_exists').notNullable();
    table.text('availability_zones').notNullable().comment('JSON array');
    table.boolean('policy_supported').nullable();
    table.text('ip_address_types').notNullable().comment('JSON array');
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.primary(['region', 'service'], 'eks_privatelink_region_services_key');
  });
  await knex.raw(
    `INSERT INTO ${SERVICES}_v2 (region, service, service_exists, availability_zones, policy_supported, ip_address_types, checked_at)
     SELECT region, 'eks', service_exists, availability_zones, policy_supported, ip_address_types, checked_at FROM ${SERVICES}`,
  );
  await knex.schema.dropTable(SERVICES);
  await knex.schema.renameTable(`${SERVICES}_v2`, SERVICES);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.createTable(`${SERVICES}_v1`, table => {
    table.comment('What DescribeVpcEndpointServices last said per region');
    table.string('region', 32).primary();
    table.boolean('service_exists').notNullable();
    table.text('availability_zones').notNullable().comment('JSON array');
    table.boolean('policy_supported').nullable();
    table.text('ip_address_types').notNullable().comment('JSON array');
    table.timestamp('checked_at', { useTz: true }).notNullable();
  });
  await knex.raw(
    `INSERT INTO ${SERVICES}_v1 (region, service_exists, availability_zones, policy_supported, ip_address_types, checked_at)
     SELECT region, service_exists, availability_zones, policy_supported, ip_address_types, checked_at FROM ${SERVICES} WHERE service = 'eks'`,
  );
  await knex.schema.dropTable(SERVICES);
  await knex.schema.renameTable(`${SERVICES}_v1`, SERVICES);
};
