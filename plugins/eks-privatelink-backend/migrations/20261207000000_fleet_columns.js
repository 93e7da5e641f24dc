// @ts-check

/*
 * What the fleet page filters and sums on, kept in columns so the database
 * can do it: each entity's owner and title (from the catalog, written by the
 * sync), and each endpoint's number of billed Availability Zones (its AZs,
 * or its subnets when AZs are unknown), so the monthly cost is a SUM rather
 * than JSON parsed per row.
 */

const ENTITIES = 'eks_privatelink_vpc_entities';
const ENDPOINTS = 'eks_privatelink_endpoints';

/** @param {string} text */
function listLength(text) {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value.length : 0;
  } catch {
    return 0;
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable(ENTITIES, table => {
    table
      .string('owner', 255)
      .nullable()
      .comment('spec.owner as a lower-case entity ref, e.g. group:default/web');
    table.string('title', 255).nullable().comment('metadata.title');
    table.index(['owner'], 'eks_privatelink_vpc_entities_owner_idx');
  });
  await knex.schema.alterTable(ENDPOINTS, table => {
    table
      .integer('az_count')
      .notNullable()
      .defaultTo(0)
      .comment('AZs the endpoint is billed in: its AZs, else its subnets');
  });

  // Endpoints stored before: counted once here, then by every sync.
  const rows = await knex(ENDPOINTS).select(
    'account_id',
    'vpc_endpoint_id',
    'availability_zones',
    'subnet_ids',
  );
  for (const row of rows) {
    const azCount =
      listLength(row.availability_zones) || listLength(row.subnet_ids);
    if (azCount > 0) {
      await knex(ENDPOINTS)
        .where({
          account_id: row.account_id,
          vpc_endpoint_id: row.vpc_endpoint_id,
        })
        .update({ az_count: azCount });
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable(ENDPOINTS, table => {
    table.dropColumn('az_count');
  });
  await knex.schema.alterTable(ENTITIES, table => {
    table.dropIndex(['owner'], 'eks_privatelink_vpc_entities_owner_idx');
    table.dropColumn('title');
    table.dropColumn('owner');
  });
};
