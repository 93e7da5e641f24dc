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

import {
  endpointServiceLabel,
  endpointServiceName,
  type EksEndpointService,
} from './endpointServices';
import { SOURCE_LABEL } from './ruleSourceLabels';

/**
 * Who decided a rule: AWS's live answer, operator config, the seed guide,
 * or nobody (`unknown`: AWS could not be asked and config says nothing, so
 * the rule lets the request through and AWS's answer to the create decides).
 *
 * @public
 */
export type RuleSource = 'seed' | 'config' | 'aws' | 'unknown';

/** An endpoint `IpAddressType` value. @public */
export type EndpointIpAddressType = 'ipv4' | 'dualstack' | 'ipv6';

/** The EKS endpoint rules as plain data. @public */
export interface EksEndpointRules {
  /** Always `Interface`: `CreateVpcEndpoint` defaults to `Gateway`. */
  endpointType: 'Interface';
  /** Regions where the service is not offered. */
  unavailableRegions: string[];
  /** Whether a VPC endpoint policy can be attached. */
  endpointPolicySupported: boolean;
  /** The endpoint `IpAddressType` values the service accepts. */
  ipAddressTypes: EndpointIpAddressType[];
  /** Whether private DNS is on when a request does not say. */
  privateDnsDefault: boolean;
  /** Private DNS needs both `enableDnsSupport` and `enableDnsHostnames`. */
  privateDnsRequiresVpcDnsAttributes: boolean;
}

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

/**
 * Operator overrides, the shape of `eksPrivateLink.rules` in app-config.
 * A list given here replaces the seed's list; it is not merged.
 *
 * @public
 */
export interface EksRulesConfig {
  unavailableRegions?: string[];
  endpointPolicySupported?: boolean;
  ipAddressTypes?: EndpointIpAddressType[];
  privateDnsDefault?: boolean;
}

/**
 * What `DescribeVpcEndpointServices` said about the EKS service in a region.
 *
 * @public
 */
export interface EksServiceDescription {
  serviceName: string;
  /** False when AWS does not offer the service in the region. */
  exists: boolean;
  /** The AZs where the service can place a network interface. */
  availabilityZones: string[];
  /** `VpcEndpointPolicySupported`; null when AWS did not say. */
  policySupported: boolean | null;
  /**
   * The service's `SupportedIpAddressTypes`, lower case (`ipv4`, `ipv6`);
   * empty when AWS did not say.
   */
  ipAddressTypes: string[];
}

/** One rule's value, who decided it and a sentence a person can read. @public */
export interface RuleDecision<T> {
  value: T;
  source: RuleSource;
  reason: string;
  /**
   * What the seed guide said, with its date, when the source is `unknown`
   * and the seed was more restrictive than the value: history, not a rule.
   */
  history?: string;
}

/** The rules for one region after seed, config and AWS are combined. @public */
export interface ResolvedEksRules {
  region: string;
  /** The service the rules are for; `eks` when the inputs did not say. */
  service: EksEndpointService;
  serviceName: string;
  available: RuleDecision<boolean>;
  endpointPolicySupported: RuleDecision<boolean>;
  ipAddressTypes: RuleDecision<EndpointIpAddressType[]>;
  privateDnsDefault: RuleDecision<boolean>;
  privateDnsRequiresVpcDnsAttributes: RuleDecision<boolean>;
  /** The supported AZs; null when AWS has not been asked. */
  availabilityZones: RuleDecision<string[]> | null;
}

/** What {@link resolveRules} combines. @public */
export interface RuleInputs {
  /**
   * The service the rules are for; default `eks`. The seed guide's values
   * and `eksPrivateLink.rules` are about `eks` only: for `eks-auth` the
   * live answer decides, else the rule is unknown.
   */
  service?: EksEndpointService;
  /** `eksPrivateLink.rules` from app-config; applies to `eks` only. */
  config?: EksRulesConfig;
  /** The live answer from AWS for the region, when it was asked. */
  live?: EksServiceDescription | null;
  /**
   * Why AWS could not be asked, when `live` is absent, e.g.
   * "ec2:DescribeVpcEndpointServices is denied".
   */
  liveError?: string;
}

/**
 * The PrivateLink service name of the EKS API in a region.
 *
 * @public
 */
export function eksServiceName(region: string): string {
  return endpointServiceName('eks', region);
}

/** Whether the seed guide and `eksPrivateLink.rules` speak for the inputs' service. */
function seedAndConfigApply(inputs: RuleInputs): boolean {
  return (inputs.service ?? 'eks') === 'eks';
}

/** Why a non-`eks` service has no seed or config rule, for its reasons. */
const EKS_ONLY =
  'the seed guide and eksPrivateLink.rules are about the eks service only';

/** Why AWS's word is missing: it could not be asked, or left the field out. */
function unknownWhy(inputs: RuleInputs): string {
  if (inputs.live) {
    return 'DescribeVpcEndpointServices did not say';
  }
  return `could not ask AWS${inputs.liveError ? ` (${inputs.liveError})` : ''}`;
}

function sourceText(
  source: RuleSource,
  configKey: string,
  inputs: RuleInputs,
): string {
  if (source === 'aws') {
    return `source: ${SOURCE_LABEL.aws}`;
  }
  if (source === 'unknown') {
    return `source: unknown, ${unknownWhy(
      inputs,
    )}; AWS's answer to the create decides${
      seedAndConfigApply(inputs)
        ? `, or set eksPrivateLink.rules.${configKey}`
        : ` (${EKS_ONLY})`
    }`;
  }
  if (!seedAndConfigApply(inputs)) {
    return `source: ${SOURCE_LABEL[source]}, the default of every interface endpoint; ${EKS_ONLY}`;
  }
  return `source: ${SOURCE_LABEL[source]}; override with eksPrivateLink.rules.${configKey}`;
}

/** A rule's decision; `seedSaid` is the seed's restrictive word, kept as history when nobody decided. */
function decide<T>(
  known: { value: T; source: RuleSource },
  configKey: string,
  describe: (value: T) => string,
  inputs: RuleInputs,
  seedSaid?: string,
): RuleDecision<T> {
  return {
    ...known,
    reason: `${describe(known.value)} (${sourceText(
      known.source,
      configKey,
      inputs,
    )})`,
    ...(known.source === 'unknown' && seedSaid
      ? { history: seedHistory(seedSaid) }
      : {}),
  };
}

function seedHistory(said: string): string {
  return `The seed guide (${SEED_GUIDE_DATE}) said ${said}.`;
}

/**
 * The first value that is known, by precedence: AWS, then config; else
 * `fallback`, which is the seed's for rules that refuse nothing and the
 * permissive value (source `unknown`) for rules that would.
 */
function firstKnown<T>(
  fromAws: T | undefined,
  fromConfig: T | undefined,
  fallback: { value: T; source: 'seed' | 'unknown' },
): { value: T; source: RuleSource } {
  if (fromAws !== undefined) {
    return { value: fromAws, source: 'aws' };
  }
  if (fromConfig !== undefined) {
    return { value: fromConfig, source: 'config' };
  }
  return fallback;
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
