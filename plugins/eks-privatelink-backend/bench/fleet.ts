/*
 * The fleet page's request (`GET /api/eks-privatelink/inventory` with two
 * filters) beside the catalog's `GET /entities/by-query` with the same
 * filters, for a user whose catalog reads are CONDITIONAL (isEntityOwner):
 * 10,000 VPC entities in the real catalog, half owned by the user's group.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type { InventoryListResponse } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { BenchBackend } from './BenchBackend';
import type { BenchDatabase } from './database';
import { regionOf } from './fixtures';
import {
  FLEET_GROUPS,
  fleetEntities,
  fleetMix,
  populateFleet,
} from './fleetFixtures';
import { FLEET_USER_PREFIX } from './fleetPermissions';
import { FleetFigures, TimedRequests } from './fleetReport';
import type { LoadRequest } from './httpLoad';
import { runTurns } from './turns';
import { syncInto } from './writeInventory';
import { timeFleetQuery } from './fleetQueryTimes';

const FLEET_SIZE = Number(process.env.BENCH_FLEET ?? 10_000);
const CONNECTIONS = 32;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const WARMUP_MS = 2_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const REGION = 'us-east-1';
/** Users asked once each, one at a time, for the first-request latency. */
const FIRST_USERS = 5;
/** Sequential requests per kind for the totals' cost. */
const TOTALS_SAMPLES = Number(process.env.BENCH_TOTALS_SAMPLES ?? 300);

const userHeaders = (i: number) => ({
  Authorization: mockCredentials.user.header(`${FLEET_USER_PREFIX}${i}`),
});

/** The VPCs user fleet-<i> should get for region + coverage=none. */
function expectedVpcs(): number {
  let count = 0;
  for (let i = 0; i < FLEET_SIZE; i++) {
    const shape = fleetMix(i);
    if (
      i % 2 === 0 &&
      regionOf(i) === REGION &&
      (shape === 'none' || shape === 'failed')
    ) {
      count++;
    }
  }
  return count;
}

async function getJson<T>(
  url: string,
  headers: Record<string, string>,
): Promise<{ ms: number; status: number; body: T }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const body = (await res.json()) as T;
  return { ms: performance.now() - t0, status: res.status, body };
}

/**
 * Milliseconds to read the caller's readable VPC refs from the catalog the
 * way the plugin's CatalogService reads them: by-query pages of 10,000 (fleetList.ts READABLE_REFS_PAGE_SIZE) with
 * only kind, namespace and name.
 */
async function readReadableSet(
  base: string,
  headers: Record<string, string>,
): Promise<number> {
  const t0 = performance.now();
  const first = `${base}/catalog/entities/by-query?limit=10000&filter=${encodeURIComponent(
    'kind=Resource,spec.type=vpc',
  )}&fields=kind,metadata.namespace,metadata.name`;
  let cursor: string | undefined;
  do {
    const url: string = cursor
      ? `${base}/catalog/entities/by-query?limit=10000&cursor=${encodeURIComponent(
          cursor,
        )}`
      : first;
    const { body } = await getJson<{ pageInfo?: { nextCursor?: string } }>(
      url,
      headers,
    );
    cursor = body.pageInfo?.nextCursor;
  } while (cursor);
  return performance.now() - t0;
}

/** Alternates the two requests one at a time, `samples` of each. */
async function sequential(
  a: LoadRequest,
  b: LoadRequest,
  samples: number,
): Promise<TimedRequests> {
  const first: number[] = [];
  const second: number[] = [];
  for (let i = 0; i < samples; i++) {
    first.push((await getJson(a.url, a.headers)).ms);
    second.push((await getJson(b.url, b.headers)).ms);
  }
  const sort = (xs: number[]) => xs.sort((x, y) => x - y);
  return { first: sort(first), second: sort(second) };
}

export async function benchFleet(
  database: BenchDatabase,
): Promise<FleetFigures> {
  console.log(
    `\n## Fleet page on ${
      database.label
    }: ${FLEET_SIZE} VPC entities in the real catalog (half owned by ${
      FLEET_GROUPS[0]
    }, half by ${
      FLEET_GROUPS[1]
    }), catalog.entity.read CONDITIONAL (isEntityOwner) for the fleet users, who are members of ${
      FLEET_GROUPS[0]
    }; ${CONNECTIONS} keep-alive connections, ${
      DURATION_MS / 1000
    } s per route in ${ROUNDS} turns after a warm-up of ${
      WARMUP_MS / 1000
    } s each`,
  );
  const backend = await BenchBackend.start(
    FLEET_SIZE,
    database.backendConfig,
    'fleet',
  );
  console.log(
    `catalog ingestion: one full mutation of ${FLEET_SIZE} entities from an entity provider; by-query saw all of them ${(
      backend.sinceStartMs / 1000
    ).toFixed(1)} s after the backend started (${Math.round(
      FLEET_SIZE / (backend.sinceStartMs / 1000),
    )} entities/s)`,
  );
  let shapes: Record<string, number> = {};
  const written = performance.now();
  const endpoints = await syncInto(
    database.pluginKnexConfig,
    fleetEntities(FLEET_SIZE),
    ec2 => {
      shapes = populateFleet(ec2, FLEET_SIZE);
    },
  );
  console.log(
    `inventory written by a sync in the bench process: ${endpoints} endpoints in ${(
      (performance.now() - written) /
      1000
    ).toFixed(1)} s; VPCs ${JSON.stringify(shapes)}`,
  );

  const base = `http://localhost:${backend.port}/api`;
  const fleetUrl = `${base}/eks-privatelink/inventory?limit=100&region=${REGION}&coverage=none`;
  const catalogUrl = `${base}/catalog/entities/by-query?limit=100&filter=${encodeURIComponent(
    `kind=resource,spec.type=vpc,metadata.annotations.aws.amazon.com/region=${REGION}`,
  )}`;
  const user = userHeaders(0);

  // First requests: users whose readable set nobody asked for yet.
  const firstRequests: number[] = [];
  const firstCatalog: number[] = [];
  const readableSet: number[] = [];
  for (let i = 1; i <= FIRST_USERS; i++) {
    const headers = userHeaders(1000 + i);
    firstRequests.push((await getJson(fleetUrl, headers)).ms);
    firstCatalog.push((await getJson(catalogUrl, headers)).ms);
    readableSet.push(await readReadableSet(base, headers));
  }

  // What the page shows: checked once, so the figures are of a right answer.
  const page = await getJson<InventoryListResponse>(fleetUrl, user);
  const items = page.body.items ?? [];
  const expected = expectedVpcs();
  const check = {
    status: page.status,
    items: items.length,
    foreign: items.filter(item => item.owner !== FLEET_GROUPS[0]).length,
    totalVpcs: page.body.totals?.vpcs,
    expectedVpcs: expected,
    monthlyCost: page.body.totals?.monthlyCost,
  };
  console.log(`first page for ${FLEET_USER_PREFIX}0: ${JSON.stringify(check)}`);

  const measured = await runTurns(
    backend,
    [
      {
        id: 'fleet',
        label: `inventory?region=${REGION}&coverage=none&limit=100`,
        requests: [{ url: fleetUrl, headers: user }],
      },
      {
        id: 'catalog',
        label: `catalog by-query kind, spec.type, region annotation, limit=100`,
        requests: [{ url: catalogUrl, headers: user }],
      },
    ],
    {
      name: `${database.label.split(' ')[0].toLowerCase()}-fleet`,
      connections: CONNECTIONS,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      rounds: ROUNDS,
      minWarmRequests: 100,
    },
  );

  // The totals' cost: the first page (page + totals) beside the second
  // (page only, after the cursor), one request at a time.
  const cursor = page.body.nextCursor;
  const totals = cursor
    ? await sequential(
        { url: fleetUrl, headers: user },
        {
          url: `${fleetUrl}&cursor=${encodeURIComponent(cursor)}`,
          headers: user,
        },
        TOTALS_SAMPLES,
      )
    : undefined;
  const queries = await timeFleetQuery(database.pluginKnexConfig, {
    region: REGION,
    coverage: 'none',
    readable: fleetEntities(FLEET_SIZE)
      .filter((_, i) => i % 2 === 0)
      .map(e => `resource:default/${e.metadata.name}`),
    samples: TOTALS_SAMPLES,
  });
  await backend.stop();
  return {
    queries,
    database: database.label,
    ingestMs: backend.sinceStartMs,
    endpoints,
    check,
    routes: measured.map(({ id, label, result }) => ({ id, label, result })),
    firstRequests,
    firstCatalog,
    readableSet,
    totals,
  };
}
