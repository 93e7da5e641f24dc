import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { FakeEc2 } from '../src/__testUtils__/FakeEc2';
import { inventoryStoresOf } from '../src/database/createInventoryStores';
import { InventorySync } from '../src/sync/InventorySync';
import { populateFakeEc2, vpcEntities } from './fixtures';

/**
 * Syncs `size` VPCs, each with one EKS endpoint, from a fake EC2 into the
 * plugin's database of a running bench backend, as another replica's
 * scheduled sync would. Returns the number of endpoints written.
 */
export async function writeInventory(
  database: Knex.Config,
  size: number,
): Promise<number> {
  return syncInto(database, vpcEntities(size), ec2 =>
    populateFakeEc2(ec2, { vpcs: size, endpoints: size, privateDnsShare: 1 }),
  );
}

/**
 * Syncs `entities` from a fake EC2 that `populate` fills into the plugin's
 * database, as another replica's scheduled sync would. Returns the number
 * of endpoints written.
 */
export async function syncInto(
  database: Knex.Config,
  entities: Entity[],
  populate: (ec2: FakeEc2) => unknown,
): Promise<number> {
  const knex = knexFactory(database);
  const ec2 = new FakeEc2();
  try {
    populate(ec2);
    const { inventory, serviceAnswers } = inventoryStoresOf(knex);
    const sync = new InventorySync({
      inventory,
      serviceAnswers,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      clients: ec2.clients,
      logger: mockServices.rootLogger({ level: 'none' }),
    });
    return (await sync.syncAll()).endpoints;
  } finally {
    ec2.restore();
    await knex.destroy();
  }
}
