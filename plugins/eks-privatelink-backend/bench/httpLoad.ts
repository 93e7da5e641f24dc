import http from 'node:http';

/** One request of a load: where, and as whom. */
export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
}

/** What one or more load runs measured. */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  /** Milliseconds, sorted. */
  latencies: number[];
  /** CPU time the backend spent meanwhile, when measured. */
  backendCpuMs?: number;
}

function get(request: LoadRequest, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      request.url,
      { agent, headers: request.headers },
      res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
  });
}

/** The sample at rank `p` of the sorted samples. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Several runs of one route as if they were one. */
export function mergeLoads(results: LoadResult[]): LoadResult {
  return {
    requests: results.reduce((n, r) => n + r.requests, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    seconds: results.reduce((n, r) => n + r.seconds, 0),
    backendCpuMs: results.reduce((n, r) => n + (r.backendCpuMs ?? 0), 0),
    latencies: results.flatMap(r => r.latencies).sort((a, b) => a - b),
  };
}

/**
 * Keeps `connections` keep-alive connections busy for `durationMs` (and
 * until at least `minRequests` were sent), each sending the next request of
 * the list as soon as the previous answer is in (a closed loop: the latency
 * of one request is the wait of the next). `start` picks where in the list
 * to begin, so that consecutive runs carry on through it instead of
 * repeating its head.
 */
export async function runLoad(options: {
  requests: LoadRequest[];
  connections: number;
  durationMs: number;
  minRequests?: number;
  start?: number;
}): Promise<LoadResult & { next: number }> {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.connections,
  });
  const latencies: number[] = [];
  let errors = 0;
  let next = options.start ?? 0;
  const start = performance.now();
  const end = start + options.durationMs;
  const minRequests = options.minRequests ?? 0;
  let sent = 0;
  const worker = async () => {
    while (performance.now() < end || sent < minRequests) {
      sent++;
      const request = options.requests[next++ % options.requests.length];
      const t0 = performance.now();
      const status = await get(request, agent).catch(() => 0);
      latencies.push(performance.now() - t0);
      if (status !== 200) {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    latencies,
    next: next % options.requests.length,
  };
}
