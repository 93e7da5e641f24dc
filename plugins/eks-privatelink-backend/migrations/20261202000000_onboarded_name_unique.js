// @ts-check

/*
 * One onboarded VPC per entity name: two onboardings that pick the same name
 * at the same moment must not both be recorded, and only the database can
 * decide that race.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('eks_privatelink_onboarded_vpcs', table => {
    table.unique(['name'], {
      indexName: 'eks_privatelink_onboarded_vpcs_name_uniq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('eks_privatelink_onboarded_vpcs', table => {
    table.dropUnique(['name'], 'eks_privatelink_onboarded_vpcs_name_uniq');
  });
};
