import knexFactory, { Knex } from 'knex';
import type { FleetCoverage } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { FleetQuery } from '../src/database/FleetQuery';

/** Sorted milliseconds of the fleet's two queries, timed in-process. */
export interface FleetQueryTimes {
  page: number[];
  totals: number[];
}

/**
 * Times the fleet route's two queries alone, as the store runs them, on the
 * bench backend's own database, one at a time and alternately: the page
 * (100 entities) and the totals, for a caller who may read `readable`.
 */
export async function timeFleetQuery(
  database: Knex.Config,
  options: {
    region: string;
    coverage: FleetCoverage;
    readable: string[];
    samples: number;
  },
): Promise<FleetQueryTimes> {
  const knex = knexFactory(database);
  try {
    const query = new FleetQuery(knex);
    const filter = {
      region: options.region,
      coverage: options.coverage,
      readable: options.readable,
    };
    const page: number[] = [];
    const totals: number[] = [];
    const timed = async (into: number[], run: () => Promise<unknown>) => {
      const t0 = performance.now();
      await run();
      into.push(performance.now() - t0);
    };
    for (let i = 0; i < options.samples + 20; i++) {
      // The first 20 of each warm the connection and the query plans.
      const pageInto = i < 20 ? [] : page;
      const totalsInto = i < 20 ? [] : totals;
      await timed(pageInto, () => query.page({ ...filter, limit: 100 }));
      await timed(totalsInto, () => query.totals(filter));
    }
    const sort = (xs: number[]) => xs.sort((a, b) => a - b);
    return { page: sort(page), totals: sort(totals) };
  } finally {
    await knex.destroy();
  }
}
