import { LoadResult, percentile } from './httpLoad';

/** What the HTTP half measured on one database. */
export interface HttpFigures {
  database: string;
  endpoints: number;
  /** In order: the realistic inventory row, the catalog, the cached row. */
  routes: Array<{ id: string; label: string; result: LoadResult }>;
  memory: {
    empty: NodeJS.MemoryUsage;
    populated: NodeJS.MemoryUsage;
    afterLoad: NodeJS.MemoryUsage;
  };
}

/** The most the backend may grow by holding the inventory (issue 13). */
const MEMORY_BUDGET_MB = 50;

const toMb = (bytes: number) => bytes / 1024 / 1024;
const mb = (bytes: number) => `${toMb(bytes).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;
const p99 = (r: LoadResult) => percentile(r.latencies, 0.99);

/** A database's routes, one of them `catalog`, as the load measured them. */
export interface RouteFigures {
  database: string;
  routes: Array<{ id: string; label: string; result: LoadResult }>;
}

/** Prints each route's rate, p50 and p99, its p99 ÷ the catalog's, and CPU. */
export function routeTable(figures: RouteFigures[]): void {
  console.table(
    figures.flatMap(f => {
      const catalog = f.routes.find(r => r.id === 'catalog')!.result;
      return f.routes.map(({ label, result }) => ({
        database: f.database,
        route: label,
        requests: result.requests,
        errors: result.errors,
        'req/s': Math.round(result.requests / result.seconds),
        p50: ms(percentile(result.latencies, 0.5)),
        p99: ms(p99(result)),
        'p99 ÷ catalog p99': (p99(result) / p99(catalog)).toFixed(2),
        'backend CPU/req': `${(
          (result.backendCpuMs ?? NaN) / result.requests
        ).toFixed(2)} ms`,
      }));
    }),
  );
}

/** Prints the routes, their p99 beside the catalog's, and the memory. */
export function reportHttp(figures: HttpFigures[]): void {
  routeTable(figures);
  for (const f of figures) {
    const { empty, populated, afterLoad } = f.memory;
    const grown = toMb(populated.heapUsed - empty.heapUsed);
    const rssGrown = toMb(populated.rss - empty.rss);
    console.log(
      `${f.database}: backend memory after a full GC, empty inventory ${mb(
        empty.heapUsed,
      )} heap / ${mb(empty.rss)} RSS; with ${f.endpoints} endpoints ${mb(
        populated.heapUsed,
      )} heap / ${mb(populated.rss)} RSS (${grown.toFixed(
        1,
      )} MB heap, ${rssGrown.toFixed(1)} MB RSS more: ${
        Math.max(grown, rssGrown) <= MEMORY_BUDGET_MB ? 'within' : 'OVER'
      } ${MEMORY_BUDGET_MB} MB); after the load ${mb(
        afterLoad.heapUsed,
      )} heap / ${mb(afterLoad.rss)} RSS`,
    );
  }
}
