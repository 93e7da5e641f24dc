import type { BenchBackend } from './BenchBackend';
import { LoadRequest, LoadResult, mergeLoads, runLoad } from './httpLoad';

/** One row of an HTTP table: a list of requests sent again and again. */
export interface Route {
  id: string;
  label: string;
  requests: LoadRequest[];
}

/**
 * Loads the routes in turns, `rounds` turns each, and merges each route's
 * turns. The routes take turns, so that a slow spell of the machine (or of
 * anything else running on it) falls on every route rather than on one.
 * Each turn starts with a warm-up of its own route — at least
 * `minWarmRequests` requests — as if that route had been under load all
 * along: otherwise the turn of one route would start with what the turns of
 * the others left behind (cold JIT paths and page caches, expired cached
 * catalog answers). Every route carries on through its requests, warm-ups
 * included, so no request of a list comes back before the list is through.
 */
export async function runTurns(
  backend: BenchBackend,
  routes: Route[],
  options: {
    /** Names the CPU profiles: `<name>-<route>-<round>`. */
    name: string;
    connections: number;
    warmupMs: number;
    durationMs: number;
    rounds: number;
    minWarmRequests: number;
  },
): Promise<Array<Route & { result: LoadResult }>> {
  const runs = new Map<string, LoadResult[]>(routes.map(r => [r.id, []]));
  const next = new Map<string, number>();
  for (let round = 1; round <= options.rounds; round++) {
    for (const route of routes) {
      const warm = await runLoad({
        requests: route.requests,
        connections: options.connections,
        durationMs: options.warmupMs,
        minRequests: options.minWarmRequests,
        start: next.get(route.id),
      });
      const { result, backendCpuMs } = await backend.measured(
        `${options.name}-${route.id}-${round}`,
        () =>
          runLoad({
            requests: route.requests,
            connections: options.connections,
            durationMs: options.durationMs / options.rounds,
            start: warm.next,
          }),
      );
      next.set(route.id, result.next);
      runs.get(route.id)!.push({ ...result, backendCpuMs });
    }
  }
  return routes.map(route => ({
    ...route,
    result: mergeLoads(runs.get(route.id)!),
  }));
}
