import type { HumanDuration } from '@backstage/types';
import type { PricingConfig } from './pricing';
import type { EksRulesConfig } from './rules';

/**
 * A duration in app-config: an object such as `{ minutes: 5 }` or an ISO 8601
 * string such as `PT5M`.
 *
 * @public
 */
export type ConfigDuration = HumanDuration | string;

/**
 * The `eksPrivateLink` block of app-config, as plain data. The backend reads
 * config and passes these objects to the functions of this package, so they
 * also work in the browser.
 *
 * @public
 */
export interface EksPrivateLinkConfig {
  /** Region of VPC entities that have no region annotation. */
  defaultRegion?: string;
  sync?: {
    frequency?: ConfigDuration;
    timeout?: ConfigDuration;
  };
  pricing?: PricingConfig;
  rules?: EksRulesConfig;
  onboarding?: {
    refreshInterval?: ConfigDuration;
    allowAnyOwner?: boolean;
  };
  allowedAccounts?: string[];
  allowedRegions?: string[];
  flowLogs?: {
    allowedDestinations?: string[];
  };
}
