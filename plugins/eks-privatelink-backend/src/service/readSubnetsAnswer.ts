import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  eksServiceName,
  resolveRules,
  type EksRulesConfig,
  type EksServiceDescription,
  type SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  describeEksService,
  isCredentialsError,
  isUnauthorized,
  listSubnets,
  publicAwsMessage,
  type ResolvedVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';

/**
 * Why `DescribeVpcEndpointServices` gave no answer, in words a form shows.
 * A credentials failure is not swallowed: the subnets can't be read either.
 */
function liveErrorOf(err: unknown): string {
  if (isUnauthorized(err)) {
    return 'ec2:DescribeVpcEndpointServices is denied';
  }
  return `DescribeVpcEndpointServices failed: ${publicAwsMessage(err)}`;
}

/**
 * What the create form needs of a VPC: its subnets, each marked with
 * whether the EKS service is offered in its AZ, and the region's rules for
 * the IP address type and the endpoint policy with their source. When AWS
 * can't be asked about the service, every subnet counts as supported and
 * the rules are `unknown` (permissive): AWS's answer to the create decides.
 */
export async function readSubnetsAnswer(
  client: EC2Client,
  vpc: ResolvedVpc,
  rules: EksRulesConfig | undefined,
): Promise<SubnetsResponse> {
  const { vpcId, region } = vpc;
  let live: EksServiceDescription | null = null;
  let liveError: string | undefined;
  try {
    live = await describeEksService(client, region);
  } catch (err) {
    if (isCredentialsError(err)) {
      throw err;
    }
    liveError = liveErrorOf(err);
  }
  let supportedAzs: string[] | null = null;
  if (live) {
    supportedAzs = live.exists ? live.availabilityZones : [];
  }
  const subnets = await listSubnets(client, vpcId, supportedAzs);
  const resolved = resolveRules({ region, config: rules, live, liveError });
  return {
    vpcId,
    region,
    serviceName: eksServiceName(region),
    subnets,
    ipAddressTypes: resolved.ipAddressTypes,
    endpointPolicySupported: resolved.endpointPolicySupported,
  };
}
