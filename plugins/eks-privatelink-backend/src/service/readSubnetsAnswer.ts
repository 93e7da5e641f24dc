import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  EKS_ENDPOINT_SERVICES,
  eksServiceName,
  resolveRules,
  type EksEndpointService,
  type EksRulesConfig,
  type EksServiceDescription,
  type SubnetInfo,
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

/** What AWS said of one service, or why it could not be asked. */
interface ServiceAnswer {
  live: EksServiceDescription | null;
  liveError?: string;
}

async function askService(
  client: EC2Client,
  region: string,
  service: EksEndpointService,
): Promise<ServiceAnswer> {
  try {
    return { live: await describeEksService(client, region, {}, service) };
  } catch (err) {
    if (isCredentialsError(err)) {
      throw err;
    }
    return { live: null, liveError: liveErrorOf(err) };
  }
}

/**
 * The AZs where the service is offered; null when AWS could not be asked
 * (unknown: every subnet counts as supported), empty when the region does
 * not offer it. The same meaning `listSubnets` gives its `supportedAzs`.
 */
function supportedAzsOf({ live }: ServiceAnswer): string[] | null {
  if (!live) {
    return null;
  }
  return live.exists ? live.availabilityZones : [];
}

/**
 * Marks each subnet with the services offered in its AZ. `listSubnets`
 * already decided the EKS API's support (`serviceSupported`) from the same
 * AZs, so its answer is taken as is; the other services are read from their
 * AZs the same way.
 */
function withSupportedServices(
  subnets: SubnetInfo[],
  azs: Record<EksEndpointService, string[] | null>,
): SubnetInfo[] {
  return subnets.map(subnet => ({
    ...subnet,
    supportedServices: EKS_ENDPOINT_SERVICES.filter(service =>
      service === 'eks'
        ? subnet.serviceSupported
        : azs[service] === null ||
          azs[service].includes(subnet.availabilityZone),
    ),
  }));
}

/**
 * What the create form needs of a VPC: its subnets, each marked with the
 * EKS services (the EKS API and EKS Pod Identity) offered in its AZ —
 * `serviceSupported` still says it for the EKS API alone — and the region's
 * rules for the IP address type and the endpoint policy with their source,
 * from the EKS API's service. Both services are asked at once; a service
 * AWS can't be asked about counts as offered in every subnet, and when it
 * is the EKS API the rules are `unknown` (permissive): AWS's answer to the
 * create decides.
 */
export async function readSubnetsAnswer(
  client: EC2Client,
  vpc: ResolvedVpc,
  rules: EksRulesConfig | undefined,
): Promise<SubnetsResponse> {
  const { vpcId, region } = vpc;
  const [eks, eksAuth] = await Promise.all([
    askService(client, region, 'eks'),
    askService(client, region, 'eks-auth'),
  ]);
  const azs = { eks: supportedAzsOf(eks), 'eks-auth': supportedAzsOf(eksAuth) };
  const subnets = withSupportedServices(
    await listSubnets(client, vpcId, azs.eks),
    azs,
  );
  const resolved = resolveRules({
    region,
    config: rules,
    live: eks.live,
    liveError: eks.liveError,
  });
  return {
    vpcId,
    region,
    serviceName: eksServiceName(region),
    subnets,
    ipAddressTypes: resolved.ipAddressTypes,
    endpointPolicySupported: resolved.endpointPolicySupported,
  };
}
