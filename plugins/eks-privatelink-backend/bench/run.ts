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
 *    backend's memory with no inventory and with it. On SQLite, then on
 *    PostgreSQL 15 (BENCH_DB=sqlite or BENCH_DB=pg for one of them).
 */
import { BenchBackend } from './BenchBackend';
import { reportHttp, HttpFigures } from './report';
import { LoadRequest, LoadResult, mergeLoads, runLoad } from './httpLoad';
import { benchSyncCost } from './syncCost';
import { writeInventory } from './writeInventory';
import {
  BenchDatabase,
  postgresConnectionString,
  postgresDatabase,
  sqliteDatabase,
} from './database';
import { realisticRequests, singleUserRequests } from './requests';

const INVENTORY_SIZE = Number(process.env.BENCH_INVENTORY ?? 10_000);
// The real catalog processes ~45 entities/s on a 2-CPU machine: it holds the
// entities the load asks for; BENCH_CATALOG=10000 makes it hold them all.
const CATALOG_SIZE = Number(process.env.BENCH_CATALOG ?? 1_000);
const CONNECTIONS = 32;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const WARMUP_MS = 2_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const USERS = Number(process.env.BENCH_USERS ?? 200);

interface Route {
  id: string;
  label: string;
  requests: LoadRequest[];
}

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

  const runs = new Map<string, LoadResult[]>(routes.map(r => [r.id, []]));
  const next = new Map<string, number>();
  // The routes take turns, so that a slow spell of the machine (or of
  // anything else running on it) falls on every route rather than on one.
  // Each turn starts with a warm-up of its own route — at least one request
  // per entity — as if that route had been under load all along: otherwise
  // the turn of one route would start with what the turns of the others left
  // behind (cold JIT paths and page caches, expired cached catalog answers).
  // The realistic routes carry on through their pairs, warm-ups included, so
  // no pair is asked twice in a run.
  for (let round = 1; round <= ROUNDS; round++) {
    for (const route of routes) {
      const warm = await runLoad({
        requests: route.requests,
        connections: CONNECTIONS,
        durationMs: WARMUP_MS,
        minRequests: CATALOG_SIZE,
        start: next.get(route.id),
      });
      const { result, backendCpuMs } = await backend.measured(
        `${database.label.split(' ')[0].toLowerCase()}-${route.id}-${round}`,
        () =>
          runLoad({
            requests: route.requests,
            connections: CONNECTIONS,
            durationMs: DURATION_MS / ROUNDS,
            start: warm.next,
          }),
      );
      next.set(route.id, result.next);
      runs.get(route.id)!.push({ ...result, backendCpuMs });
    }
  }
  const afterLoad = await backend.memory();
  await backend.stop();
  return {
    database: database.label,
    endpoints,
    routes: routes.map(r => ({
      id: r.id,
      label: r.label,
      result: mergeLoads(runs.get(r.id)!),
    })),
    memory: { empty, populated, afterLoad },
  };
}

/** The databases of the HTTP half: BENCH_DB, else SQLite and, when it can be had, PostgreSQL. */
async function httpDatabases(): Promise<Array<() => Promise<BenchDatabase>>> {
  const wanted = process.env.BENCH_DB;
  const databases: Array<() => Promise<BenchDatabase>> = [];
  if (wanted !== 'pg') {
    databases.push(async () => sqliteDatabase());
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
  if (!process.env.BENCH_SKIP_HTTP) {
    const figures: HttpFigures[] = [];
    for (const open of await httpDatabases()) {
      const database = await open();
      try {
        figures.push(await benchHttp(database));
      } finally {
        await database.dispose();
      }
      reportHttp(figures.slice(-1));
    }
    if (figures.length > 1) {
      console.log('\n## HTTP, all databases');
      reportHttp(figures);
    }
  }
}

main().then(
  () => process.exit(0),
  err => {
    console.error(err);
    process.exit(1);
  },
);
