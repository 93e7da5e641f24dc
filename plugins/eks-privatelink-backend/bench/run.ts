/*
 * Benchmarks of the EKS PrivateLink inventory backend. Prints figures only;
 * nothing here asserts a time.
 *
 *   yarn bench            (in plugins/eks-privatelink-backend)
 *
 * 1. AWS calls of a full sync of 5,000 VPC entities in 3 account/regions with
 *    500 endpoints, beside the naive one-call-per-VPC pattern.
 * 2. The wall time of both with 50 ms injected per AWS call.
 * 3. GET /api/eks-privatelink/inventory/... with 10,000 endpoints stored, 32
 *    keep-alive connections, as real users load it: 200 users over the
 *    1,000 entities, each (user, entity) pair once, so no request finds a
 *    cached catalog answer; beside the catalog's GET by-name in the same
 *    backend with the same pairs in the same order, and the inventory route
 *    for one user (cached catalog answers); the routes take turns. Then the
 *    backend's memory with no inventory and with it.
 * 4. The fleet page (fleet.ts): GET /api/eks-privatelink/inventory with two
 *    filters beside the catalog's by-query, 10,000 VPC entities, a
 *    conditional catalog read; a new user's first request; the totals' cost.
 * 3 and 4 run on SQLite, then on PostgreSQL 15 (BENCH_DB=sqlite or
 * BENCH_DB=pg for one of them); BENCH_SKIP_SYNC, BENCH_SKIP_HTTP (3) and
 * BENCH_SKIP_FLEET (4) leave a part out.
 */
import { BenchBackend } from './BenchBackend';
import { reportHttp, HttpFigures } from './report';
import { Route, runTurns } from './turns';
import { benchSyncCost } from './syncCost';
import { writeInventory } from './writeInventory';
import {
  BenchDatabase,
  postgresConnectionString,
  postgresDatabase,
  sqliteDatabase,
} from './database';
import { realisticRequests, singleUserRequests } from './requests';
import { benchFleet } from './fleet';
import { FleetFigures, reportFleet } from './fleetReport';

const INVENTORY_SIZE = Number(process.env.BENCH_INVENTORY ?? 10_000);
// The real catalog processes ~45 entities/s on a 2-CPU machine: it holds the
// entities the load asks for; BENCH_CATALOG=10000 makes it hold them all.
const CATALOG_SIZE = Number(process.env.BENCH_CATALOG ?? 1_000);
const CONNECTIONS = 32;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const WARMUP_MS = 2_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const USERS = Number(process.env.BENCH_USERS ?? 200);

async function benchHttp(database: BenchDatabase): Promise<HttpFigures> {
  console.log(
    `\n## HTTP on ${
      database.label
    }: inventory of ${INVENTORY_SIZE} VPCs with one EKS endpoint each, real catalog backend holding the ${CATALOG_SIZE} requested VPC entities, ${CONNECTIONS} keep-alive connections, ${
      DURATION_MS / 1000
    } s per route in ${ROUNDS} turns, each after a warm-up of ${
      WARMUP_MS / 1000
    } s and at least one request per entity; backend in a child process, load from the parent`,
  );
  const backend = await BenchBackend.start(
    CATALOG_SIZE,
    database.backendConfig,
  );
  console.log(
    `catalog had all ${CATALOG_SIZE} entities after ${(
      backend.catalogReadyMs / 1000
    ).toFixed(1)} s`,
  );
  const empty = await backend.memory();
  const written = performance.now();
  const endpoints = await writeInventory(
    database.pluginKnexConfig,
    INVENTORY_SIZE,
  );
  console.log(
    `inventory written by a sync in the bench process: ${endpoints} endpoints in ${(
      (performance.now() - written) /
      1000
    ).toFixed(1)} s`,
  );
  const populated = await backend.memory();

  const base = `http://localhost:${backend.port}/api`;
  const inventoryUrl = (name: string) =>
    `${base}/eks-privatelink/inventory/resource/default/${name}`;
  const catalogUrl = (name: string) =>
    `${base}/catalog/entities/by-name/resource/default/${name}`;
  const routes: Route[] = [
    {
      id: 'inventory',
      label: `inventory, ${USERS} users × ${CATALOG_SIZE} entities, each (user, entity) pair once`,
      requests: realisticRequests(CATALOG_SIZE, USERS, inventoryUrl),
    },
    {
      id: 'catalog',
      label: 'catalog GET /entities/by-name, the same (user, entity) pairs',
      requests: realisticRequests(CATALOG_SIZE, USERS, catalogUrl),
    },
    {
      id: 'inventory-cached',
      label: `inventory, one user over the ${CATALOG_SIZE} entities (cached catalog answers)`,
      requests: singleUserRequests(CATALOG_SIZE, inventoryUrl),
    },
  ];

  const measured = await runTurns(backend, routes, {
    name: database.label.split(' ')[0].toLowerCase(),
    connections: CONNECTIONS,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    rounds: ROUNDS,
    minWarmRequests: CATALOG_SIZE,
  });
  const afterLoad = await backend.memory();
  await backend.stop();
  return {
    database: database.label,
    endpoints,
    routes: measured.map(({ id, label, result }) => ({ id, label, result })),
    memory: { empty, populated, afterLoad },
  };
}

/** The databases of the HTTP half: BENCH_DB, else SQLite and, when it can be had, PostgreSQL. */
async function httpDatabases(): Promise<
  Array<(fleet: boolean) => Promise<BenchDatabase>>
> {
  const wanted = process.env.BENCH_DB;
  const databases: Array<(fleet: boolean) => Promise<BenchDatabase>> = [];
  if (wanted !== 'pg') {
    // The fleet's 10,000 entities go into a catalog on tmpfs: on this disk
    // its ingestion would take longer than the rest of the bench.
    databases.push(async fleet => sqliteDatabase({ inMemoryFs: fleet }));
  }
  if (wanted === 'sqlite') {
    return databases;
  }
  try {
    const url = postgresConnectionString();
    databases.push(() => postgresDatabase(url));
  } catch (err) {
    if (wanted === 'pg') {
      throw err;
    }
    console.log(
      `\nPostgreSQL rows skipped: no server (${
        (err as Error).message
      }); run scripts/services.sh's ensure_postgres or set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING`,
    );
  }
  return databases;
}

async function main() {
  console.log(
    `# EKS PrivateLink inventory benchmarks (node ${process.version}, ${
      require('node:os').cpus().length
    } CPUs)`,
  );
  if (!process.env.BENCH_SKIP_SYNC) {
    await benchSyncCost();
  }
  const cards: HttpFigures[] = [];
  const fleets: FleetFigures[] = [];
  if (!process.env.BENCH_SKIP_HTTP || !process.env.BENCH_SKIP_FLEET) {
    for (const open of await httpDatabases()) {
      if (!process.env.BENCH_SKIP_HTTP) {
        cards.push(await withDatabase(() => open(false), benchHttp));
        reportHttp(cards.slice(-1));
      }
      if (!process.env.BENCH_SKIP_FLEET) {
        fleets.push(await withDatabase(() => open(true), benchFleet));
        reportFleet(fleets.slice(-1));
      }
    }
  }
  if (cards.length > 1) {
    console.log('\n## HTTP, all databases');
    reportHttp(cards);
  }
  if (fleets.length > 1) {
    console.log('\n## Fleet page, all databases');
    reportFleet(fleets);
  }
}

/** Runs `bench` on a fresh database of the kind `open` opens. */
async function withDatabase<T>(
  open: () => Promise<BenchDatabase>,
  bench: (database: BenchDatabase) => Promise<T>,
): Promise<T> {
  const database = await open();
  try {
    return await bench(database);
  } finally {
    await database.dispose();
  }
}

main().then(
  () => process.exit(0),
  err => {
    console.error(err);
    process.exit(1);
  },
);
