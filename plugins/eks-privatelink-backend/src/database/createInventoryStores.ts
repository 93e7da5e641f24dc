import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { setTimeout as sleep } from 'node:timers/promises';
import { DatabaseEndpointInventoryStore } from './DatabaseEndpointInventoryStore';
import { DatabaseOnboardedVpcStore } from './DatabaseOnboardedVpcStore';
import { DatabaseServiceAnswerCache } from './DatabaseServiceAnswerCache';
import type { InventoryStores } from './types';

const PACKAGE_NAME =
  '@eks-privatelink/backstage-plugin-eks-privatelink-backend';

// Own bookkeeping table: tests and small portals may hand several plugins the
// same database, and knex's default `knex_migrations` would then mix them up.
const MIGRATIONS_TABLE = 'eks_privatelink__knex_migrations';

const MIGRATION_LOCK_ATTEMPTS = 30;

/**
 * The plugin's stores on its database, after bringing the schema up to date
 * (unless the database service says to skip migrations).
 */
export async function createInventoryStores(options: {
  database: DatabaseService;
}): Promise<InventoryStores> {
  const knex = await options.database.getClient();
  if (!options.database.migrations?.skip) {
    await migrateInventoryDatabase(knex);
  }
  return inventoryStoresOf(knex);
}

/** The plugin's stores on a database whose schema is up to date. */
export function inventoryStoresOf(knex: Knex): InventoryStores {
  return {
    inventory: new DatabaseEndpointInventoryStore(knex),
    onboardedVpcs: new DatabaseOnboardedVpcStore(knex),
    serviceAnswers: new DatabaseServiceAnswerCache(knex),
  };
}

/** Brings the schema up to date. */
export async function migrateInventoryDatabase(knex: Knex): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await knex.migrate.latest({
        directory: resolvePackagePath(PACKAGE_NAME, 'migrations'),
        tableName: MIGRATIONS_TABLE,
      });
      return;
    } catch (err) {
      // Replicas that start together race for knex's migration lock, and
      // knex fails the loser at once instead of waiting for the winner.
      const locked = /already locked/i.test(String((err as Error)?.message));
      if (!locked || attempt >= MIGRATION_LOCK_ATTEMPTS) {
        throw err;
      }
      await sleep(1000);
    }
  }
}
