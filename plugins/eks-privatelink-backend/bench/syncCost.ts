import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { eksServiceName } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  findVpcEksEndpoints,
  readVpcDnsAttributes,
  resolveVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import knexFactory from 'knex';
import { FakeEc2, FakeEc2Operation } from '../src/__testUtils__/FakeEc2';
import {
  inventoryStoresOf,
  migrateInventoryDatabase,
} from '../src/database/createInventoryStores';
import { InventorySync } from '../src/sync/InventorySync';
import { mapWithConcurrency } from '../src/sync/mapWithConcurrency';
import {
  REGIONS,
  populateFakeEc2,
  regionOf,
  vpcEntities,
  vpcId as fixtureVpcId,
} from './fixtures';
import { authEndpoint, authEndpointId } from './fleetFixtures';

const VPCS = 5_000;
const ENDPOINTS = 500;
/** Of the VPCs with an EKS endpoint, these also have an EKS Auth one. */
const AUTH_ENDPOINTS = 250;
const PRIVATE_DNS_SHARE = 0.8;
const LATENCY_MS = 50;
const CONCURRENCY = 8;

interface Run {
  label: string;
  ms: number;
  calls: Record<FakeEc2Operation, number>;
}

async function freshStores() {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  await migrateInventoryDatabase(knex);
  return { knex, ...inventoryStoresOf(knex) };
}

/**
 * The pattern the design rules out: for every VPC entity one
 * `DescribeVpcEndpoints` filtered by its VPC id, plus its two DNS
 * attributes, with the same concurrency per account/region. It writes
 * nothing, which only flatters it.
 */
async function naiveSync(entities: Entity[], ec2: FakeEc2): Promise<void> {
  const byRegion = new Map<string, string[]>();
  for (const entity of entities) {
    const vpc = resolveVpc(entity)!;
    byRegion.set(vpc.region, [...(byRegion.get(vpc.region) ?? []), vpc.vpcId]);
  }
  await Promise.all(
    [...byRegion].map(async ([region, vpcIds]) => {
      const client = await ec2.clients.getClient({ region });
      await mapWithConcurrency(vpcIds, CONCURRENCY, async vpcId => {
        await findVpcEksEndpoints(client, vpcId, eksServiceName(region));
        await readVpcDnsAttributes(client, vpcId);
      });
    }),
  );
}

async function timed(
  label: string,
  ec2: FakeEc2,
  fn: () => Promise<unknown>,
): Promise<Run> {
  ec2.resetCalls();
  const start = performance.now();
  await fn();
  return { label, ms: performance.now() - start, calls: { ...ec2.calls } };
}

function printRuns(runs: Run[]) {
  const rows = runs.map(r => ({
    run: r.label,
    'wall ms': Math.round(r.ms),
    DescribeVpcEndpoints: r.calls.DescribeVpcEndpoints,
    DescribeVpcAttribute: r.calls.DescribeVpcAttribute,
    DescribeVpcEndpointServices: r.calls.DescribeVpcEndpointServices,
    DescribeSubnets: r.calls.DescribeSubnets,
    'total calls':
      r.calls.DescribeVpcEndpoints +
      r.calls.DescribeVpcAttribute +
      r.calls.DescribeVpcEndpointServices +
      r.calls.DescribeSubnets,
  }));
  console.table(rows);
}

/** Sections 1 and 2: AWS calls and wall time of a full sync. */
export async function benchSyncCost(): Promise<void> {
  const entities = vpcEntities(VPCS);
  const ec2 = new FakeEc2();
  const { privateDnsVpcs } = populateFakeEc2(ec2, {
    vpcs: VPCS,
    endpoints: ENDPOINTS,
    privateDnsShare: PRIVATE_DNS_SHARE,
  });
  for (let i = 0; i < AUTH_ENDPOINTS; i++) {
    ec2.putEndpoint(
      regionOf(i),
      authEndpoint({
        id: authEndpointId(i),
        vpcId: fixtureVpcId(i),
        region: regionOf(i),
      }),
    );
  }
  console.log(
    `\n## Full sync: ${VPCS} VPC entities, ${REGIONS.length} account/regions, ${ENDPOINTS} EKS endpoints (${privateDnsVpcs} with private DNS) and ${AUTH_ENDPOINTS} EKS Auth endpoints in the first ${AUTH_ENDPOINTS} of those VPCs, DNS reads ${CONCURRENCY} VPCs at a time per account/region`,
  );

  const runs: Run[] = [];
  let stored = new Map<string, number>();
  for (const latency of [0, LATENCY_MS]) {
    ec2.latencyMs = latency;
    const { knex, inventory, serviceAnswers } = await freshStores();
    const sync = new InventorySync({
      inventory,
      serviceAnswers,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      clients: ec2.clients,
      logger: mockServices.rootLogger({ level: 'none' }),
      concurrency: CONCURRENCY,
    });
    runs.push(
      await timed(`inventory sync, first run, ${latency} ms/call`, ec2, () =>
        sync.syncAll(),
      ),
    );
    runs.push(
      await timed(`inventory sync, next run, ${latency} ms/call`, ec2, () =>
        sync.syncAll(),
      ),
    );
    runs.push(
      await timed(`naive per-VPC calls, ${latency} ms/call`, ec2, () =>
        naiveSync(entities, ec2),
      ),
    );
    stored = new Map<string, number>();
    const rows: Array<{ service_name: string; count: number | string }> =
      await knex('eks_privatelink_endpoints')
        .select('service_name')
        .count({ count: '*' })
        .groupBy('service_name');
    for (const row of rows) {
      const service = row.service_name.replace(/^com\.amazonaws\.[^.]+\./, '');
      stored.set(service, (stored.get(service) ?? 0) + Number(row.count));
    }
    await knex.destroy();
  }
  printRuns(runs);
  const sync = runs.filter(r => r.label.startsWith('inventory sync'));
  console.log(
    `Both services: DescribeVpcEndpoints per inventory sync run = ${sync
      .map(r => r.calls.DescribeVpcEndpoints)
      .join(', ')} (${sync
      .map(r => r.label)
      .join(
        '; ',
      )}) with ${ENDPOINTS} eks and ${AUTH_ENDPOINTS} eks-auth endpoints present (stored after the syncs: ${[
      ...stored,
    ]
      .map(([service, count]) => `${count} ${service}`)
      .join(', ')}); ${
      sync.every(r => r.calls.DescribeVpcEndpoints === REGIONS.length)
        ? 'one per account/region, as the floor'
        : `NOT the floor of ${REGIONS.length}`
    }.`,
  );
  console.log(
    `Floor: DescribeVpcEndpoints = 1 page per account/region = ${
      REGIONS.length
    }; DNS reads <= 2 x ${privateDnsVpcs} = ${
      2 * privateDnsVpcs
    }. DescribeVpcEndpointServices runs once per region and service per 6 h (first run only: ${
      REGIONS.length
    } regions x 2 services). DescribeSubnets only for endpoints whose DNS names name no AZ (EC2 emulators): 0 here, as in AWS.`,
  );
  ec2.restore();
}
