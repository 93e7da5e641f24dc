import {
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  type Subnet,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  eksServiceName,
  type EksServiceDescription,
  type SubnetInfo,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { awsErrorCode } from './errors';

/** The largest page `DescribeVpcEndpoints` and `DescribeSubnets` return. */
const PAGE_SIZE = 1000;

/** Guards against a paginating API that hands back the same token forever. */
function nextPageToken(
  token: string | undefined,
  seen: Set<string>,
  operation: string,
): string | undefined {
  if (!token) {
    return undefined;
  }
  if (seen.has(token)) {
    throw new Error(
      `${operation} returned the page token ${token} twice; stopping instead of looping`,
    );
  }
  seen.add(token);
  return token;
}

/**
 * All EKS interface endpoints an account has in a region: one paginated
 * `DescribeVpcEndpoints` filtered by service name only, so an inventory costs
 * one call per account and region (plus pages), never one per VPC. Join the
 * result to VPCs in memory by `VpcId`.
 *
 * IAM: `ec2:DescribeVpcEndpoints`.
 *
 * @public
 */
export async function listEksEndpoints(
  client: EC2Client,
  region: string,
): Promise<VpcEndpoint[]> {
  const endpoints: VpcEndpoint[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeVpcEndpointsCommand({
        Filters: [{ Name: 'service-name', Values: [eksServiceName(region)] }],
        MaxResults: PAGE_SIZE,
        NextToken: token,
      }),
    );
    endpoints.push(...(page.VpcEndpoints ?? []));
    token = nextPageToken(page.NextToken, seen, 'DescribeVpcEndpoints');
  } while (token);
  return endpoints;
}

/** The two VPC attributes private DNS needs. @public */
export interface VpcDnsAttributes {
  dnsSupport: boolean;
  dnsHostnames: boolean;
}

/**
 * Reads `enableDnsSupport` and `enableDnsHostnames`; EC2 answers one
 * attribute per call, so this makes two.
 *
 * IAM: `ec2:DescribeVpcAttribute`.
 *
 * @public
 */
export async function readVpcDnsAttributes(
  client: EC2Client,
  vpcId: string,
): Promise<VpcDnsAttributes> {
  const [support, hostnames] = await Promise.all([
    client.send(
      new DescribeVpcAttributeCommand({
        VpcId: vpcId,
        Attribute: 'enableDnsSupport',
      }),
    ),
    client.send(
      new DescribeVpcAttributeCommand({
        VpcId: vpcId,
        Attribute: 'enableDnsHostnames',
      }),
    ),
  ]);
  return {
    dnsSupport: support.EnableDnsSupport?.Value ?? false,
    dnsHostnames: hostnames.EnableDnsHostnames?.Value ?? false,
  };
}

/**
 * What AWS says about `com.amazonaws.<region>.eks` in the region: whether it
 * exists, its AZs, whether it takes endpoint policies, its IP address types.
 * Asks by `ServiceNames` (moto fails on `Filters`); `InvalidServiceName`
 * means the region does not offer it.
 *
 * IAM: `ec2:DescribeVpcEndpointServices`.
 *
 * @public
 */
export async function describeEksService(
  client: EC2Client,
  region: string,
): Promise<EksServiceDescription> {
  const serviceName = eksServiceName(region);
  const missing: EksServiceDescription = {
    serviceName,
    exists: false,
    availabilityZones: [],
    policySupported: null,
    ipAddressTypes: [],
  };
  let details;
  try {
    const response = await client.send(
      new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] }),
    );
    details = response.ServiceDetails?.find(d => d.ServiceName === serviceName);
  } catch (err) {
    if (awsErrorCode(err) === 'InvalidServiceName') {
      return missing;
    }
    throw err;
  }
  if (!details) {
    return missing;
  }
  return {
    serviceName,
    exists: true,
    availabilityZones: [...(details.AvailabilityZones ?? [])].sort(),
    policySupported: details.VpcEndpointPolicySupported ?? null,
    ipAddressTypes: (details.SupportedIpAddressTypes ?? []).map(type =>
      type.toLocaleLowerCase('en-US'),
    ),
  };
}

function nameTag(subnet: Subnet): string | null {
  return subnet.Tags?.find(tag => tag.Key === 'Name')?.Value ?? null;
}

/**
 * The VPC's subnets, sorted by AZ then id, each marked with whether the EKS
 * service is offered in its AZ. `supportedAzs` null means unknown: every
 * subnet is marked supported.
 *
 * IAM: `ec2:DescribeSubnets`.
 *
 * @public
 */
export async function listSubnets(
  client: EC2Client,
  vpcId: string,
  supportedAzs: readonly string[] | null,
): Promise<SubnetInfo[]> {
  const subnets: SubnetInfo[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeSubnetsCommand({
        Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
        MaxResults: PAGE_SIZE,
        NextToken: token,
      }),
    );
    for (const subnet of page.Subnets ?? []) {
      if (!subnet.SubnetId || !subnet.AvailabilityZone) {
        continue;
      }
      subnets.push({
        subnetId: subnet.SubnetId,
        availabilityZone: subnet.AvailabilityZone,
        availabilityZoneId: subnet.AvailabilityZoneId ?? null,
        cidrBlock: subnet.CidrBlock ?? null,
        name: nameTag(subnet),
        serviceSupported:
          supportedAzs === null ||
          supportedAzs.includes(subnet.AvailabilityZone),
      });
    }
    token = nextPageToken(page.NextToken, seen, 'DescribeSubnets');
  } while (token);
  return subnets.sort(
    (a, b) =>
      a.availabilityZone.localeCompare(b.availabilityZone) ||
      a.subnetId.localeCompare(b.subnetId),
  );
}

/** Subnet ids per `DescribeSubnets` call in {@link describeSubnetZones}. */
export const SUBNET_IDS_PER_CALL = 200;

/**
 * Subnet id to AZ name for the given subnets: `DescribeSubnets` by
 * `SubnetIds`, at most {@link SUBNET_IDS_PER_CALL} per call, one after the
 * other. For endpoints whose DNS names name no zone (as an EC2 emulator's).
 *
 * IAM: `ec2:DescribeSubnets`.
 */
export async function describeSubnetZones(
  client: EC2Client,
  subnetIds: string[],
): Promise<Record<string, string>> {
  const zones: Record<string, string> = {};
  for (let i = 0; i < subnetIds.length; i += SUBNET_IDS_PER_CALL) {
    const part = subnetIds.slice(i, i + SUBNET_IDS_PER_CALL);
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeSubnetsCommand({ SubnetIds: part, NextToken: token }),
      );
      for (const subnet of page.Subnets ?? []) {
        if (subnet.SubnetId && subnet.AvailabilityZone) {
          zones[subnet.SubnetId] = subnet.AvailabilityZone;
        }
      }
      token = nextPageToken(page.NextToken, seen, 'DescribeSubnets');
    } while (token);
  }
  return zones;
}
