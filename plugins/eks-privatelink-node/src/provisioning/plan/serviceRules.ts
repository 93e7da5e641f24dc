import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  checkIpAddressType,
  checkPolicyDocument,
  checkRegion,
  eksServiceName,
  resolveRules,
  type EksServiceDescription,
  type EndpointIpAddressType,
  type ResolvedEksRules,
  type RuleRefusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { describeEksService } from '../../ec2Reads';
import { isUnauthorized } from '../../errors';
import { throwRefusals } from '../errors';
import type { ProvisioningClock } from '../../clock';
import type { PlanContext } from './planContext';

async function serviceDescription(
  client: EC2Client,
  region: string,
  notes: string[],
  clock: ProvisioningClock,
): Promise<EksServiceDescription | null> {
  try {
    return await describeEksService(client, region, clock);
  } catch (error) {
    if (!isUnauthorized(error)) {
      throw error;
    }
    notes.push(
      `Could not ask AWS about ${eksServiceName(
        region,
      )} (ec2:DescribeVpcEndpointServices is denied), so the rules come from app-config and the seed defaults and Availability Zones are not checked; grant ec2:DescribeVpcEndpointServices for exact checks.`,
    );
    return null;
  }
}

/**
 * The EKS endpoint rules for the request's region: what
 * `DescribeVpcEndpointServices` answers (asked once per plan), over
 * app-config, over the seed defaults. Refuses a region without the service
 * before the VPC is even looked at, then an IP address type or a policy the
 * service does not take.
 */
export async function decideRules(
  { client, request, options, notes }: PlanContext,
  ipAddressType: EndpointIpAddressType,
): Promise<ResolvedEksRules> {
  const rules = resolveRules({
    region: request.region,
    config: options.rulesConfig,
    live: await serviceDescription(client, request.region, notes, options),
  });
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
