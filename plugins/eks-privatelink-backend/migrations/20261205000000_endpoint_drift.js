// @ts-check

/*
 * What a managed endpoint's sync found different from what the portal set
 * up (a JSON list of EndpointDrift), so the card can show it.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('eks_privatelink_endpoints', table => {
    table
      .text('drift')
      .nullable()
      .comment('JSON list of EndpointDrift; null for unmanaged endpoints');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('eks_privatelink_endpoints', table => {
    table.dropColumn('drift');
  });
};
