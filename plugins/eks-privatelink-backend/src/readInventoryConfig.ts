import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';

// @backstage/types' HumanDuration, which this package does not depend on.
type HumanDuration = ReturnType<typeof readDurationFromConfig>;
import type {
  EksRulesConfig,
  PricingConfig,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** The `eksPrivateLink` settings the inventory backend uses. */
export interface InventoryConfig {
  defaultRegion?: string;
  pricing?: PricingConfig;
  rules?: EksRulesConfig;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** `eksPrivateLink.refresh.minInterval`, in milliseconds. */
  refreshMinIntervalMs: number;
  /** `eksPrivateLink.retention`, in milliseconds. */
  retentionMs: number;
  /** `eksPrivateLink.sync.dnsRefreshRuns`. */
  dnsRefreshRuns?: number;
}

const DEFAULT_FREQUENCY = { minutes: 5 };
const DEFAULT_TIMEOUT = { minutes: 3 };
const DEFAULT_REFRESH_MIN_INTERVAL = { seconds: 30 };
const DEFAULT_RETENTION = { days: 90 };

const MS: Record<keyof HumanDuration, number> = {
  milliseconds: 1,
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 7 * 86_400_000,
  months: 30 * 86_400_000,
  years: 365 * 86_400_000,
};

// What @backstage/types' durationToMilliseconds does (that package is not a
// dependency of this one): months and years as 30 and 365 days.
function toMilliseconds(duration: HumanDuration): number {
  return (Object.keys(MS) as Array<keyof HumanDuration>).reduce(
    (sum, unit) => sum + (duration[unit] ?? 0) * MS[unit],
    0,
  );
}

function readDuration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): number {
  return toMilliseconds(
    config?.has(key) ? readDurationFromConfig(config, { key }) : fallback,
  );
}

function dnsRefreshRuns(sync: Config | undefined): number | undefined {
  const runs = sync?.getOptionalNumber('dnsRefreshRuns');
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) {
    throw new Error(
      `eksPrivateLink.sync.dnsRefreshRuns must be a whole number of runs, 1 or more (1 reads every VPC's DNS attributes each run); it is ${runs}.`,
    );
  }
  return runs;
}

/** Reads `eksPrivateLink.*` from the root config, with the defaults. */
export function readInventoryConfig(config: Config): InventoryConfig {
  const root = config.getOptionalConfig('eksPrivateLink');
  const sync = root?.getOptionalConfig('sync');
  return {
    defaultRegion: root?.getOptionalString('defaultRegion'),
    pricing: root?.getOptional<PricingConfig>('pricing'),
    rules: root?.getOptional<EksRulesConfig>('rules'),
    schedule: {
      frequency: sync?.has('frequency')
        ? readDurationFromConfig(sync, { key: 'frequency' })
        : DEFAULT_FREQUENCY,
      timeout: sync?.has('timeout')
        ? readDurationFromConfig(sync, { key: 'timeout' })
        : DEFAULT_TIMEOUT,
    },
    refreshMinIntervalMs: readDuration(
      root?.getOptionalConfig('refresh'),
      'minInterval',
      DEFAULT_REFRESH_MIN_INTERVAL,
    ),
    retentionMs: readDuration(root, 'retention', DEFAULT_RETENTION),
    dnsRefreshRuns: dnsRefreshRuns(sync),
  };
}
