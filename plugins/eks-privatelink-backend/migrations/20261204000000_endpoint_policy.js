// @ts-check

/*
 * The endpoint policy as DescribeVpcEndpoints returns it, so the card can
 * show the policy (or full access) without asking AWS.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('eks_privatelink_endpoints', table => {
    table
      .text('policy_document')
      .nullable()
      .comment('JSON text as AWS returns it; null: none read');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('eks_privatelink_endpoints', table => {
    table.dropColumn('policy_document');
  });
};
