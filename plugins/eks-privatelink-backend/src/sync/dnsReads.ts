import {
  endpointsSignature,
  isLive,
  type ObservedEndpoint,
  type VpcDnsReadState,
} from '../database/types';

/** `eksPrivateLink.sync.dnsRefreshRuns` when unset. */
export const DEFAULT_DNS_REFRESH_RUNS = 10;

/**
 * How many of the steady VPCs a run re-reads: the `1 / refreshRuns` share
 * rounded down, so a run never reads more than that share, and at least one
 * while there are any, so every VPC is reached (within `refreshRuns` runs
 * when the count divides evenly, a run or two later when it does not).
 */
function sliceSize(steady: number, refreshRuns: number): number {
  if (steady === 0) {
    return 0;
  }
  return Math.max(1, Math.floor(steady / Math.max(1, refreshRuns)));
}

/**
 * The VPCs of one account and region whose DNS attributes a sync run reads:
 * of the VPCs with a live private-DNS endpoint (the only ones whose
 * attributes decide whether the endpoint works), every one never read or
 * whose endpoints changed since the last run (one appeared or went, changed
 * state, turned private DNS on or off), plus the `1 / refreshRuns` of the
 * others read longest ago (see {@link sliceSize}). So each VPC is read again
 * within about `refreshRuns` runs, a steady fleet costs at most a tenth of
 * the reads by default, and a change
 * the portal makes is read at once (its actions refresh the VPC, which
 * always reads the attributes).
 */
export function chooseDnsReads(
  endpoints: ObservedEndpoint[],
  previous: Map<string, VpcDnsReadState>,
  refreshRuns: number,
): string[] {
  const byVpc = new Map<string, ObservedEndpoint[]>();
  for (const o of endpoints) {
    byVpc.set(o.vpcId, [...(byVpc.get(o.vpcId) ?? []), o]);
  }
  const due: string[] = [];
  const rest: Array<{ vpcId: string; checkedAt: string }> = [];
  for (const [vpcId, observed] of byVpc) {
    if (!observed.some(o => isLive(o) && o.endpoint.privateDnsEnabled)) {
      continue;
    }
    const before = previous.get(vpcId);
    const changed =
      !before ||
      before.endpoints !== endpointsSignature(observed.map(o => o.endpoint));
    if (changed || before.checkedAt === null) {
      due.push(vpcId);
    } else {
      rest.push({ vpcId, checkedAt: before.checkedAt });
    }
  }
  const oldest = rest
    .sort(
      (a, b) =>
        a.checkedAt.localeCompare(b.checkedAt) ||
        a.vpcId.localeCompare(b.vpcId),
    )
    .slice(0, sliceSize(rest.length, refreshRuns))
    .map(r => r.vpcId);
  return [...due, ...oldest];
}
