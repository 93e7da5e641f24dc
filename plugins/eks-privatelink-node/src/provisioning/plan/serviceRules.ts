import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  checkIpAddressType,
  checkPolicyDocument,
  checkRegion,
  resolveRules,
  type EksEndpointService,
  type EksServiceDescription,
  type EndpointIpAddressType,
  type ResolvedEksRules,
  type RuleRefusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { describeEksService } from '../../ec2Reads';
import { awsErrorCode, isThrottling, isUnauthorized } from '../../errors';
import { throwRefusals } from '../errors';
import type { ProvisioningClock } from '../../clock';
import type { PlanContext } from './planContext';
import { requestService } from '../requestService';

/** Why AWS could not be asked, for an error that leaves the rules unknown; undefined for any other error. */
function unaskable(error: unknown): string | undefined {
  if (isUnauthorized(error)) {
    return 'ec2:DescribeVpcEndpointServices is denied';
  }
  if (isThrottling(error)) {
    return `DescribeVpcEndpointServices was throttled (${awsErrorCode(
      error,
    )}) after the SDK's retries`;
  }
  return undefined;
}

/** AWS's answer about the service, or why it could not be asked. */
async function serviceDescription(
  client: EC2Client,
  region: string,
  clock: ProvisioningClock,
  service: EksEndpointService,
): Promise<{ live: EksServiceDescription | null; liveError?: string }> {
  try {
    return { live: await describeEksService(client, region, clock, service) };
  } catch (error) {
    const liveError = unaskable(error);
    if (!liveError) {
      throw error;
    }
    return { live: null, liveError };
  }
}

/** Notes on rules nobody could decide: why, what the seed said, and what to grant. */
function unknownRuleNotes(
  rules: ResolvedEksRules,
  liveError: string,
): string[] {
  const decisions = [
    rules.available,
    rules.endpointPolicySupported,
    rules.ipAddressTypes,
  ];
  return [
    `${
      rules.available.source === 'unknown'
        ? rules.available.reason
        : `Could not ask AWS about ${rules.serviceName} (${liveError})`
    }. Availability Zones are not checked; grant ec2:DescribeVpcEndpointServices for exact checks.`,
    ...decisions.flatMap(d => (d.history ? [d.history] : [])),
  ];
}

/**
 * The EKS endpoint rules for the request's region: what
 * `DescribeVpcEndpointServices` answers (asked once per plan), over
 * app-config; when AWS can't be asked (denied, or throttled out) and config
 * says nothing, the rule is unknown and lets the request through, so AWS's
 * answer to the create decides (see `explainCreateError`). Refuses a region
 * without the service before the VPC is even looked at, then an IP address
 * type or a policy the service does not take.
 */
export async function decideRules(
  { client, request, options, notes }: PlanContext,
  ipAddressType: EndpointIpAddressType,
): Promise<ResolvedEksRules> {
  const service = requestService(request);
  const asked = await serviceDescription(
    client,
    request.region,
    options,
    service,
  );
  const rules = resolveRules({
    region: request.region,
    service,
    config: options.rulesConfig,
    ...asked,
  });
  if (asked.liveError) {
    notes.push(...unknownRuleNotes(rules, asked.liveError));
  }
  const regionRefusal = checkRegion(rules);
  if (regionRefusal) {
    throwRefusals([regionRefusal]);
  }
  throwRefusals(
    [
      checkIpAddressType(ipAddressType, rules),
      checkPolicyDocument(request.policyDocument, rules),
    ].filter((r): r is RuleRefusal => r !== undefined),
  );
  return rules;
}
