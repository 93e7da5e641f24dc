// @ts-check

/*
 * The endpoint service of each endpoint (com.amazonaws.<region>.eks or
 * .eks-auth), now that the inventory keeps EKS Pod Identity's endpoints too.
 * Rows written before hold EKS API endpoints: null reads as that service.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('eks_privatelink_endpoints', table => {
    table
      .text('service_name')
      .nullable()
      .comment('e.g. com.amazonaws.us-east-1.eks-auth; null: the EKS API');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('eks_privatelink_endpoints', table => {
    table.dropColumn('service_name');
  });
};
