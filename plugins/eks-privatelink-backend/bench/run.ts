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
 *    keep-alive connections, beside the catalog's GET by-name in the same
 *    backend (same user, same entities, same order), the routes taking
 *    turns; the same inventory route with a different user per request, so
 *    that no cached catalog answer helps; the backend's memory with no
 *    inventory, then with it.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { entityName } from './fixtures';
import { CATALOG_ACCESS_MAX_ENTRIES } from '../src/service/CatalogAccessCache';
import {
  LoadRequest,
  LoadResult,
  mergeLoads,
  percentile,
  runLoad,
} from './httpLoad';
import { benchSyncCost } from './syncCost';
import { writeInventory } from './writeInventory';

const INVENTORY_SIZE = Number(process.env.BENCH_INVENTORY ?? 10_000);
// The real catalog processes ~45 entities/s on a 2-CPU machine: it holds the
// entities the load asks for; BENCH_CATALOG=10000 makes it hold them all.
const CATALOG_SIZE = Number(process.env.BENCH_CATALOG ?? 1_000);
const CONNECTIONS = 32;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const WARMUP_MS = 2_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

interface Route {
  id: string;
  label: string;
  requests: LoadRequest[];
}

interface Message {
  type: string;
  port?: number;
  catalogReadyMs?: number;
  directory?: string;
  memory?: NodeJS.MemoryUsage;
}

class BenchBackend {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly directory: string,
    readonly catalogReadyMs: number,
  ) {}

  static async start(): Promise<BenchBackend> {
    const child = fork(join(__dirname, 'backend.ts'), [String(CATALOG_SIZE)], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('exit', code => {
      if (code !== 0) {
        console.error(`bench backend exited with ${code}`);
        process.exit(1);
      }
    });
    const ready = await BenchBackend.next(child, 'ready');
    return new BenchBackend(
      child,
      ready.port!,
      ready.directory!,
      ready.catalogReadyMs!,
    );
  }

  private static next(child: ChildProcess, type: string): Promise<Message> {
    return new Promise(resolve => {
      const listener = (message: unknown) => {
        if ((message as Message).type === type) {
          child.off('message', listener);
          resolve(message as Message);
        }
      };
      child.on('message', listener);
    });
  }

  async memory(): Promise<NodeJS.MemoryUsage> {
    const answer = BenchBackend.next(this.child, 'memory');
    this.child.send('memory');
    return (await answer).memory!;
  }

  /**
   * Runs `load` with the backend's CPU profiled, when BENCH_CPU_PROF names a
   * directory: one `.cpuprofile` per measured run, without the start-up and
   * the catalog's ingestion that a whole-process --cpu-prof would mix in.
   */
  async profiled<T>(name: string, load: () => Promise<T>): Promise<T> {
    const directory = process.env.BENCH_CPU_PROF;
    if (!directory) {
      return load();
    }
    const started = BenchBackend.next(this.child, 'profiling');
    this.child.send({ type: 'profile-start' });
    await started;
    const result = await load();
    const stopped = BenchBackend.next(this.child, 'profiled');
    this.child.send({
      type: 'profile-stop',
      file: join(directory, `${name}.cpuprofile`),
    });
    await stopped;
    return result;
  }

  async stop(): Promise<void> {
    this.child.removeAllListeners('exit');
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    this.child.send('stop');
    await exited;
  }
}

/** The catalog's entities in a fixed shuffled order, for both routes. */
function shuffledNames(): string[] {
  const names = Array.from({ length: CATALOG_SIZE }, (_, i) => entityName(i));
  let seed = 42;
  for (let i = names.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [names[i], names[j]] = [names[j], names[i]];
  }
  return names;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

function loadRow(route: string, r: LoadResult) {
  return {
    route,
    requests: r.requests,
    errors: r.errors,
    'req/s': Math.round(r.requests / r.seconds),
    p50: ms(percentile(r.latencies, 0.5)),
    p99: ms(percentile(r.latencies, 0.99)),
  };
}

function memoryRow(state: string, memory: NodeJS.MemoryUsage) {
  return {
    backend: state,
    rss: mb(memory.rss),
    heapUsed: mb(memory.heapUsed),
    external: mb(memory.external),
  };
}

async function benchHttp(): Promise<void> {
  console.log(
    `\n## HTTP: inventory of ${INVENTORY_SIZE} VPCs with one EKS endpoint each (SQLite file), real catalog backend holding the ${CATALOG_SIZE} requested VPC entities, ${CONNECTIONS} keep-alive connections, ${
      DURATION_MS / 1000
    } s per route in ${ROUNDS} turns, each after a warm-up of ${
      WARMUP_MS / 1000
    } s and at least one request per entity; backend in a child process, load from the parent`,
  );
  const backend = await BenchBackend.start();
  console.log(
    `catalog had all ${CATALOG_SIZE} entities after ${(
      backend.catalogReadyMs / 1000
    ).toFixed(1)} s`,
  );
  const empty = await backend.memory();
  const written = performance.now();
  const endpoints = await writeInventory(backend.directory, INVENTORY_SIZE);
  console.log(
    `inventory written by a sync in the bench process: ${endpoints} endpoints in ${(
      (performance.now() - written) /
      1000
    ).toFixed(1)} s`,
  );
  const populated = await backend.memory();

  const base = `http://localhost:${backend.port}/api`;
  const names = shuffledNames();
  // Both routes are asked for the same entities in the same order, by the
  // same signed-in user, through the same backend.
  const user = { Authorization: mockCredentials.user.header() };
  const inventoryUrl = (name: string) =>
    `${base}/eks-privatelink/inventory/resource/default/${name}`;
  // More (user, entity) pairs than the plugin keeps catalog answers for,
  // visited in a cycle: every lookup misses its cache.
  const users = Array.from(
    { length: Math.ceil((2 * CATALOG_ACCESS_MAX_ENTRIES) / names.length) },
    (_, i) => ({
      Authorization: mockCredentials.user.header(`user:default/bench-${i}`),
    }),
  );
  const routes: Route[] = [
    {
      id: 'inventory',
      label: 'GET /api/eks-privatelink/inventory/resource/default/:name',
      requests: names.map(n => ({ url: inventoryUrl(n), headers: user })),
    },
    {
      id: 'catalog',
      label: 'GET /api/catalog/entities/by-name/resource/default/:name',
      requests: names.map(n => ({
        url: `${base}/catalog/entities/by-name/resource/default/${n}`,
        headers: user,
      })),
    },
    {
      id: 'inventory-uncached',
      label: `same inventory route, ${users.length} users in turn (no cached catalog answer)`,
      requests: users.flatMap(headers =>
        names.map(n => ({ url: inventoryUrl(n), headers })),
      ),
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
  for (let round = 1; round <= ROUNDS; round++) {
    for (const route of routes) {
      const warm = await runLoad({
        requests: route.requests,
        connections: CONNECTIONS,
        durationMs: WARMUP_MS,
        minRequests: names.length,
        start: next.get(route.id),
      });
      const result = await backend.profiled(`${route.id}-${round}`, () =>
        runLoad({
          requests: route.requests,
          connections: CONNECTIONS,
          durationMs: DURATION_MS / ROUNDS,
          start: warm.next,
        }),
      );
      next.set(route.id, result.next);
      runs.get(route.id)!.push(result);
    }
  }
  const merged = new Map(
    routes.map(r => [r.id, mergeLoads(runs.get(r.id)!)] as const),
  );
  const rows = routes.map(r => loadRow(r.label, merged.get(r.id)!));
  const p99 = (id: string) => percentile(merged.get(id)!.latencies, 0.99);
  console.table(rows);
  console.log(
    `p99 of the inventory route / p99 of the catalog route: ${(
      p99('inventory') / p99('catalog')
    ).toFixed(2)} (cached catalog answers), ${(
      p99('inventory-uncached') / p99('catalog')
    ).toFixed(2)} (every catalog lookup a miss)`,
  );
  const afterLoad = await backend.memory();
  await backend.stop();
  console.table([
    memoryRow('empty inventory, idle', empty),
    memoryRow(`inventory of ${endpoints} endpoints, idle`, populated),
    memoryRow(`inventory of ${endpoints} endpoints, after the load`, afterLoad),
  ]);
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
    await benchHttp();
  }
}

main().then(
  () => process.exit(0),
  err => {
    console.error(err);
    process.exit(1);
  },
);
