/**
 * The rules AWS applies to the EKS interface endpoint service, kept as data.
 *
 * The seed guide's values are only the starting point: AWS has changed some of
 * them since (endpoint policies, IPv6, the list of regions). So the order is:
 * what `DescribeVpcEndpointServices` says for a region, then the operator's
 * `eksPrivateLink.rules`, then *unknown*: nothing is refused on the seed's
 * word, AWS's answer to the create decides, and the seed's statement is kept
 * as history. Every decision keeps its source so that a refusal can say who
 * made the rule and how to change it.
 */

import { endpointServiceLabel, endpointServiceName } from './endpointServices';
import {
  decide,
  firstKnown,
  seedAndConfigApply,
  sourceText,
} from './ruleDecisions';
import { SOURCE_LABEL } from './ruleSourceLabels';
import type {
  EndpointIpAddressType,
  ResolvedEksRules,
  RuleDecision,
  RuleInputs,
  RuleSource,
} from './ruleTypes';
import { SEED_RULES, seedHistory } from './seedRules';

export type {
  EksEndpointRules,
  EksRulesConfig,
  EksServiceDescription,
  EndpointIpAddressType,
  ResolvedEksRules,
  RuleDecision,
  RuleInputs,
  RuleSource,
} from './ruleTypes';
export { SEED_GUIDE_DATE, SEED_RULES } from './seedRules';

/**
 * The PrivateLink service name of the EKS API in a region.
 *
 * @public
 */
export function eksServiceName(region: string): string {
  return endpointServiceName('eks', region);
}

/** Every endpoint `IpAddressType`: what an unknown rule lets through. */
const ALL_IP_ADDRESS_TYPES: EndpointIpAddressType[] = [
  'ipv4',
  'dualstack',
  'ipv6',
];

/** Whether the service is offered: AWS, then a config list, else unknown (offered). */
function decideAvailable(
  region: string,
  serviceName: string,
  inputs: RuleInputs,
): RuleDecision<boolean> {
  const { config = {}, live } = inputs;
  const label = endpointServiceLabel(inputs.service ?? 'eks');
  if (live) {
    return {
      value: live.exists,
      source: 'aws',
      reason: live.exists
        ? `${serviceName} is offered in ${region} (source: ${SOURCE_LABEL.aws})`
        : `${serviceName} is not offered in ${region} (source: ${SOURCE_LABEL.aws}); choose a region where AWS offers the ${label} endpoint`,
    };
  }
  if (config.unavailableRegions) {
    const listed = config.unavailableRegions.includes(region);
    return {
      value: !listed,
      source: 'config',
      reason: `The EKS interface endpoint is ${
        listed ? 'not ' : ''
      }available in ${region} (${sourceText(
        'config',
        'unavailableRegions',
        inputs,
      )})`,
    };
  }
  return {
    value: true,
    source: 'unknown',
    reason: `Could not ask AWS whether ${serviceName} is offered in ${region}${
      inputs.liveError ? ` (${inputs.liveError})` : ''
    }; AWS's answer to the create decides`,
    ...(SEED_RULES.unavailableRegions.includes(region) &&
    seedAndConfigApply(inputs)
      ? {
          history: seedHistory(
            `the EKS endpoint is not available in ${region}`,
          ),
        }
      : {}),
  };
}

function endpointTypesFromService(
  serviceTypes: string[],
): EndpointIpAddressType[] {
  const lower = new Set(serviceTypes.map(t => t.toLocaleLowerCase('en-US')));
  const result: EndpointIpAddressType[] = [];
  if (lower.has('ipv4')) {
    result.push('ipv4');
  }
  if (lower.has('ipv4') && lower.has('ipv6')) {
    result.push('dualstack');
  }
  if (lower.has('ipv6')) {
    result.push('ipv6');
  }
  return result;
}

/**
 * Combines the seed rules, operator config and the live AWS answer for one
 * region. Precedence: AWS answer, then config, then seed.
 *
 * @public
 */
export function resolveRules(
  options: { region: string } & RuleInputs,
): ResolvedEksRules {
  const service = options.service ?? 'eks';
  const inputs: RuleInputs = seedAndConfigApply(options)
    ? options
    : { ...options, config: undefined };
  const { region } = options;
  const { config = {}, live } = inputs;
  const serviceName = endpointServiceName(service, region);
  const seedSaid = (said: string) =>
    seedAndConfigApply(inputs) ? said : undefined;
  const unknown = <T>(value: T) => ({ value, source: 'unknown' as const });

  const policy = firstKnown(
    live?.policySupported ?? undefined,
    config.endpointPolicySupported,
    unknown(true),
  );
  const liveTypes = live ? endpointTypesFromService(live.ipAddressTypes) : [];
  const types = firstKnown(
    liveTypes.length > 0 ? liveTypes : undefined,
    config.ipAddressTypes ? [...config.ipAddressTypes] : undefined,
    unknown([...ALL_IP_ADDRESS_TYPES]),
  );
  const privateDns = firstKnown(undefined, config.privateDnsDefault, {
    value: SEED_RULES.privateDnsDefault,
    source: 'seed',
  });

  return {
    region,
    service,
    serviceName,
    available: decideAvailable(region, serviceName, inputs),
    endpointPolicySupported: decide(
      policy,
      'endpointPolicySupported',
      v => `Endpoint policies: ${v ? 'supported' : 'not supported'}`,
      inputs,
      seedSaid('EKS endpoints take no endpoint policy'),
    ),
    ipAddressTypes: decide(
      types,
      'ipAddressTypes',
      v => `IP address types: ${v.join(', ') || 'none'}`,
      inputs,
      seedSaid('the EKS endpoint is IPv4 only'),
    ),
    privateDnsDefault: decide(
      privateDns,
      'privateDnsDefault',
      v => `Private DNS by default: ${v ? 'on' : 'off'}`,
      inputs,
    ),
    privateDnsRequiresVpcDnsAttributes: {
      value: SEED_RULES.privateDnsRequiresVpcDnsAttributes,
      source: 'seed',
      reason: `Private DNS needs the VPC attributes enableDnsSupport and enableDnsHostnames both on (source: ${
        seedAndConfigApply(inputs)
          ? 'seed guide'
          : 'seed guide, true of every interface endpoint with private DNS'
      })`,
    },
    availabilityZones:
      live && live.exists
        ? {
            value: [...live.availabilityZones].sort(),
            source: 'aws',
            reason: `Supported Availability Zones: ${
              live.availabilityZones.join(', ') || 'none'
            } (source: ${SOURCE_LABEL.aws})`,
          }
        : null,
  };
}

/** Whether the EKS endpoint can be created in a region, and why. @public */
export interface RegionAvailability {
  supported: boolean;
  /**
   * Why not, naming the source and the fix; with source `unknown`, why AWS
   * could not be asked; null when supported by a known source.
   */
  reason: string | null;
  source: RuleSource;
  /** What the seed guide said about the region, with its date, when the source is `unknown`. */
  history?: string;
}

/**
 * Whether the EKS interface endpoint is offered in a region.
 *
 * @public
 */
export function regionAvailability(
  region: string,
  rules: RuleInputs = {},
): RegionAvailability {
  const { available } = resolveRules({ region, ...rules });
  return {
    supported: available.value,
    reason:
      available.value && available.source !== 'unknown'
        ? null
        : available.reason,
    source: available.source,
    ...(available.history ? { history: available.history } : {}),
  };
}
