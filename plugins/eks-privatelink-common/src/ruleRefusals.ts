/**
 * Refusals made by the EKS endpoint rules: each names the input, the rule's
 * source and the fix, so that a form can show it beside the field.
 */
import { endpointServiceLabel } from './endpointServices';
import type { ResolvedEksRules, RuleSource } from './rules';
import { SOURCE_LABEL } from './ruleSourceLabels';

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
