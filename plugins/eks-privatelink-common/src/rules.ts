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

const SOURCE_LABEL: Record<RuleSource, string> = {
  seed: 'seed guide default',
  config: 'app-config',
  aws: 'DescribeVpcEndpointServices',
  unknown: 'unknown, AWS could not be asked',
};

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

/**
 * A request refused before any change: which input, why and what to do, and
 * where a rule made the decision, which source the rule came from.
 *
 * @public
 */
export interface Refusal {
  field: string;
  message: string;
  source?: RuleSource;
}

/**
 * A refusal made by one of the EKS endpoint rules, so it names the rule's
 * source.
 *
 * @public
 */
export interface RuleRefusal extends Refusal {
  source: RuleSource;
}

function fixFor(source: RuleSource, configKey: string): string {
  return source === 'aws'
    ? 'AWS reports this for the region, so it cannot be overridden'
    : `if AWS now allows it, set eksPrivateLink.rules.${configKey} in app-config`;
}

/**
 * Refuses an endpoint `ipAddressType` the service does not accept.
 *
 * @public
 */
export function checkIpAddressType(
  ipAddressType: string | undefined,
  rules: ResolvedEksRules,
): RuleRefusal | undefined {
  if (ipAddressType === undefined) {
    return undefined;
  }
  const allowed = rules.ipAddressTypes.value;
  if ((allowed as string[]).includes(ipAddressType)) {
    return undefined;
  }
  return {
    field: 'ipAddressType',
    source: rules.ipAddressTypes.source,
    message: `ipAddressType '${ipAddressType}' is not accepted by ${
      rules.serviceName
    }: allowed ${allowed.join(', ') || 'none'} (source: ${
      SOURCE_LABEL[rules.ipAddressTypes.source]
    }). Use ${allowed[0] ?? 'ipv4'}; ${fixFor(
      rules.ipAddressTypes.source,
      'ipAddressTypes',
    )}.`,
  };
}

/**
 * Refuses a `policyDocument` when the service takes no endpoint policy.
 *
 * @public
 */
export function checkPolicyDocument(
  policyDocument: string | object | undefined | null,
  rules: ResolvedEksRules,
): RuleRefusal | undefined {
  if (policyDocument === undefined || policyDocument === null) {
    return undefined;
  }
  if (rules.endpointPolicySupported.value) {
    return undefined;
  }
  return {
    field: 'policyDocument',
    source: rules.endpointPolicySupported.source,
    message: `policyDocument is set, but ${
      rules.serviceName
    } does not support endpoint policies (source: ${
      SOURCE_LABEL[rules.endpointPolicySupported.source]
    }). Remove policyDocument and restrict access with security groups instead; ${fixFor(
      rules.endpointPolicySupported.source,
      'endpointPolicySupported',
    )}.`,
  };
}

/**
 * Refuses a region where the service is not offered.
 *
 * @public
 */
export function checkRegion(rules: ResolvedEksRules): RuleRefusal | undefined {
  if (rules.available.value) {
    return undefined;
  }
  return {
    field: 'region',
    source: rules.available.source,
    message: `region '${rules.region}': the ${
      rules.service === 'eks' ? 'EKS' : endpointServiceLabel(rules.service)
    } interface endpoint is not offered there (source: ${
      SOURCE_LABEL[rules.available.source]
    }). Use a VPC in another region; ${fixFor(
      rules.available.source,
      'unavailableRegions',
    )}.`,
  };
}

/**
 * Refuses private DNS when a VPC DNS attribute is off and the request does
 * not allow turning it on.
 *
 * @public
 */
export function checkPrivateDns(
  input: {
    privateDnsEnabled: boolean;
    manageVpcDns: boolean;
    dnsSupport: boolean;
    dnsHostnames: boolean;
    vpcId: string;
  },
  rules: ResolvedEksRules,
): RuleRefusal | undefined {
  if (
    !input.privateDnsEnabled ||
    input.manageVpcDns ||
    !rules.privateDnsRequiresVpcDnsAttributes.value
  ) {
    return undefined;
  }
  const off = [
    input.dnsSupport ? undefined : 'enableDnsSupport',
    input.dnsHostnames ? undefined : 'enableDnsHostnames',
  ].filter((name): name is string => name !== undefined);
  if (off.length === 0) {
    return undefined;
  }
  return {
    field: 'privateDnsEnabled',
    source: rules.privateDnsRequiresVpcDnsAttributes.source,
    message: `privateDnsEnabled needs ${off.join(' and ')} on for ${
      input.vpcId
    }, and manageVpcDns is false. Set manageVpcDns to true, turn ${off.join(
      ' and ',
    )} on yourself, or set privateDnsEnabled to false.`,
  };
}

/** "a and b", "a, b and c". */
function listOf(items: string[]): string {
  return items.length > 1
    ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
    : items.join('');
}

/**
 * Refuses subnets that share an AZ or sit in an AZ the service does not
 * support (when AWS has said which AZs it supports).
 *
 * @public
 */
export function checkSubnetZones(
  subnets: Array<{ subnetId: string; availabilityZone: string }>,
  rules: ResolvedEksRules,
): RuleRefusal[] {
  const refusals: RuleRefusal[] = [];
  const byZone = new Map<string, string[]>();
  for (const subnet of subnets) {
    byZone.set(subnet.availabilityZone, [
      ...(byZone.get(subnet.availabilityZone) ?? []),
      subnet.subnetId,
    ]);
  }
  for (const [zone, ids] of byZone) {
    if (ids.length > 1) {
      refusals.push({
        field: 'subnetIds',
        source: 'aws',
        message: `${listOf(ids)} are ${
          ids.length === 2 ? 'both' : 'all'
        } in ${zone}; an interface endpoint takes one subnet per Availability Zone — keep one of them.`,
      });
    }
  }
  const supported = rules.availabilityZones?.value;
  if (supported) {
    for (const [zone, ids] of byZone) {
      if (!supported.includes(zone)) {
        refusals.push({
          field: 'subnetIds',
          source: 'aws',
          message: `${ids.join(', ')} ${
            ids.length > 1 ? 'are' : 'is'
          } in ${zone}, where ${rules.serviceName} is not offered (supported: ${
            supported.join(', ') || 'none'
          }); pick a subnet in a supported Availability Zone.`,
        });
      }
    }
  }
  return refusals;
}
