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
 *    backend; the backend's memory with no inventory, then with it.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { entityName } from './fixtures';
import { LoadResult, runLoad } from './httpLoad';
import { benchSyncCost } from './syncCost';
import { writeInventory } from './writeInventory';

const INVENTORY_SIZE = Number(process.env.BENCH_INVENTORY ?? 10_000);
// The real catalog processes ~45 entities/s on a 2-CPU machine: it holds the
// entities the load asks for; BENCH_CATALOG=10000 makes it hold them all.
const CATALOG_SIZE = Number(process.env.BENCH_CATALOG ?? 1_000);
const CONNECTIONS = 32;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const WARMUP_MS = 2_000;

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
      execArgv: [
        ...process.execArgv,
        ...(process.env.BENCH_CPU_PROF
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
          : []),
      ],
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
    'req/s': Math.round(r.rps),
    p50: ms(r.p50),
    p99: ms(r.p99),
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
    } s per route after ${
      WARMUP_MS / 1000
    } s warm-up; backend in a child process, load from the parent`,
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
  const headers = { Authorization: mockCredentials.user.header() };
  const routes: Array<[string, string[]]> = [
    [
      'GET /api/eks-privatelink/inventory/resource/default/:name',
      names.map(n => `${base}/eks-privatelink/inventory/resource/default/${n}`),
    ],
    [
      'GET /api/catalog/entities/by-name/resource/default/:name',
      names.map(n => `${base}/catalog/entities/by-name/resource/default/${n}`),
    ],
  ];
  const rows = [];
  for (const [route, urls] of routes) {
    await runLoad({
      urls,
      connections: CONNECTIONS,
      durationMs: WARMUP_MS,
      headers,
    });
    rows.push(
      loadRow(
        route,
        await runLoad({
          urls,
          connections: CONNECTIONS,
          durationMs: DURATION_MS,
          headers,
        }),
      ),
    );
  }
  console.table(rows);
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
