/**
 * The seed guide's statement of the EKS endpoint rules, and the sentence that
 * keeps it as history when nobody else decided a rule.
 */

import type { EksEndpointRules } from './ruleTypes';

/** When the seed guide stated its rules, for the history of a rule. @public */
export const SEED_GUIDE_DATE = '2023';

/**
 * The rules as the seed guide states them.
 *
 * @public
 */
export const SEED_RULES: Readonly<EksEndpointRules> =
  Object.freeze<EksEndpointRules>({
    endpointType: 'Interface',
    unavailableRegions: ['ap-northeast-3', 'ap-southeast-3', 'me-central-1'],
    endpointPolicySupported: false,
    ipAddressTypes: ['ipv4'],
    privateDnsDefault: true,
    privateDnsRequiresVpcDnsAttributes: true,
  });

export function seedHistory(said: string): string {
  return `The seed guide (${SEED_GUIDE_DATE}) said ${said}.`;
}
