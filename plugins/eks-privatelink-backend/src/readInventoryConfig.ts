import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
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
}

const DEFAULT_FREQUENCY = { minutes: 5 };
const DEFAULT_TIMEOUT = { minutes: 3 };

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
  };
}
