// @ts-check

/*
 * What the portal last applied to each managed endpoint (so the sync can
 * tell drift in subnets, groups, private DNS and policy, and whether an
 * endpoint that went was deleted by the portal), and the owner
 * notifications already sent (their key decides which replica sends).
 */

const APPLIED = 'eks_privatelink_applied';
const NOTIFICATIONS = 'eks_privatelink_notifications';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(APPLIED, table => {
    table.comment(
      'What the portal last applied to a managed endpoint, and whether it deleted it',
    );
    table.string('account_id', 32).notNullable().comment("'': default account");
    table.string('vpc_endpoint_id', 64).notNullable();
    table.string('vpc_id', 64).notNullable();
    table.string('region', 32).notNullable();
    table
      .string('service_name', 128)
      .nullable()
      .comment('Null when only the delete mark is known');
    table.text('subnet_ids').nullable().comment('JSON array');
    table
      .text('security_group_ids')
      .nullable()
      .comment('JSON array, with the managed group');
    table.boolean('private_dns_enabled').nullable();
    table
      .text('policy_document')
      .nullable()
      .comment('Null: full access (or nothing applied)');
    table.text('allowed_sources').nullable().comment('JSON array');
    table
      .timestamp('applied_at', { useTz: true })
      .nullable()
      .comment('Null when the portal only deleted it');
    table.timestamp('deleted_by_portal_at', { useTz: true }).nullable();
    table.primary(
      ['account_id', 'vpc_endpoint_id'],
      'eks_privatelink_applied_key',
    );
  });

  await knex.schema.createTable(NOTIFICATIONS, table => {
    table.comment('One row per owner notification sent, keyed by its event');
    table.string('event_key', 255).primary();
    table.string('entity_ref', 255).notNullable();
    table.string('kind', 16).notNullable().comment('failed | gone | drift');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['created_at'], 'eks_privatelink_notifications_created_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable(NOTIFICATIONS);
  await knex.schema.dropTable(APPLIED);
};
