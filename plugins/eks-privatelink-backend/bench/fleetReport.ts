import type { FleetQueryTimes } from './fleetQueryTimes';
import { LoadResult, percentile } from './httpLoad';
import { routeTable } from './report';

/** Two kinds of request timed one at a time, alternately; sorted ms. */
export interface TimedRequests {
  first: number[];
  second: number[];
}

/** What the fleet section measured on one database. */
export interface FleetFigures {
  database: string;
  /** From the backend's start until by-query saw every entity. */
  ingestMs: number;
  endpoints: number;
  /** The first page of the fleet user, checked against the fixtures. */
  check: Record<string, unknown>;
  /** The fleet route, then the catalog's by-query. */
  routes: Array<{ id: string; label: string; result: LoadResult }>;
  /** Users without a cached readable set, one request each, in order. */
  firstRequests: number[];
  /** The same users' first by-query, right after. */
  firstCatalog: number[];
  /** The same users' readable VPC refs read from the catalog, 10,000 a page. */
  readableSet: number[];
  /** First page (with totals) beside the second page (cursor, no totals). */
  totals?: TimedRequests;
  /** The store's page and totals queries alone, in-process. */
  queries: FleetQueryTimes;
}

/** The fleet page's p99 target against the catalog's by-query. */
const RATIO_TARGET = 1.5;
/** The totals' guide. */
const TOTALS_GUIDE_MS = 100;

const ms = (value: number) => `${value.toFixed(1)} ms`;
const p99 = (r: LoadResult) => percentile(r.latencies, 0.99);

export function reportFleet(figures: FleetFigures[]): void {
  routeTable(figures);
  for (const f of figures) {
    const fleet = f.routes.find(r => r.id === 'fleet')!.result;
    const catalog = f.routes.find(r => r.id === 'catalog')!.result;
    const ratio = p99(fleet) / p99(catalog);
    console.log(
      `${f.database}: p99 fleet ÷ p99 catalog = ${ratio.toFixed(2)} (${
        ratio <= RATIO_TARGET ? 'within' : 'OVER'
      } ${RATIO_TARGET}); ingestion of the catalog ${(
        f.ingestMs / 1000
      ).toFixed(
        1,
      )} s; first request of a user without a cached readable set: ${f.firstRequests
        .map(ms)
        .join(', ')} (that user's first by-query right after: ${f.firstCatalog
        .map(ms)
        .join(
          ', ',
        )}; reading that user's readable VPC refs from the catalog as the plugin does, 10,000 a page: ${f.readableSet
        .map(ms)
        .join(', ')})`,
    );
    const { page, totals } = f.queries;
    console.log(
      `${f.database}: the store's queries alone, in-process, ${
        totals.length
      } each, one at a time: totals p50 ${ms(
        percentile(totals, 0.5),
      )} / p99 ${ms(
        percentile(totals, 0.99),
      )} (guide ≤ ${TOTALS_GUIDE_MS} ms: ${
        percentile(totals, 0.99) <= TOTALS_GUIDE_MS ? 'within' : 'OVER'
      }); page of 100 p50 ${ms(percentile(page, 0.5))} / p99 ${ms(
        percentile(page, 0.99),
      )}`,
    );
    if (f.totals) {
      const { first, second } = f.totals;
      const p50Gap = percentile(first, 0.5) - percentile(second, 0.5);
      const p99Gap = percentile(first, 0.99) - percentile(second, 0.99);
      console.log(
        `${f.database}: ${
          first.length
        } requests each, one at a time: first page with totals p50 ${ms(
          percentile(first, 0.5),
        )} / p99 ${ms(
          percentile(first, 0.99),
        )}; second page (cursor, no totals) p50 ${ms(
          percentile(second, 0.5),
        )} / p99 ${ms(percentile(second, 0.99))}; the totals add ${ms(
          p50Gap,
        )} at p50, ${ms(
          p99Gap,
        )} at p99 (guide ≤ ${TOTALS_GUIDE_MS} ms for the totals query)`,
      );
    }
  }
}
