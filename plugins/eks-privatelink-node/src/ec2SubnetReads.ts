/**
 * Reads of subnets: every subnet of a VPC (raw, or as the portal lists them
 * with EKS support per AZ), given subnets by id, and subnet-to-AZ maps.
 */
import {
  paginateDescribeSubnets,
  type EC2Client,
  type Subnet,
} from '@aws-sdk/client-ec2';
import { type SubnetInfo } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ProvisioningClock } from './clock';
import { allPages, PAGE_SIZE, paging } from './ec2ReadPaging';

/** Subnet ids per `DescribeSubnets` call in {@link describeSubnets}. */
const SUBNET_IDS_PER_CALL = 200;

/**
 * Every subnet of the VPC, as EC2 describes it.
 *
 * IAM: `ec2:DescribeSubnets`.
 */
export async function describeVpcSubnets(
  client: EC2Client,
  vpcId: string,
  clock: ProvisioningClock = {},
): Promise<Subnet[]> {
  return allPages(
    paginateDescribeSubnets(
      paging(client, PAGE_SIZE),
      { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] },
      { abortSignal: clock.signal },
    ),
    'DescribeSubnets',
    page => page.Subnets,
    clock.signal,
  );
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
  for (const subnet of await describeVpcSubnets(client, vpcId)) {
    if (!subnet.SubnetId || !subnet.AvailabilityZone) {
      continue;
    }
    subnets.push({
      subnetId: subnet.SubnetId,
      availabilityZone: subnet.AvailabilityZone,
      availabilityZoneId: subnet.AvailabilityZoneId ?? null,
      cidrBlock: subnet.CidrBlock ?? null,
      ipv6CidrBlocks: (subnet.Ipv6CidrBlockAssociationSet ?? [])
        .filter(
          a => (a.Ipv6CidrBlockState?.State ?? 'associated') === 'associated',
        )
        .map(a => a.Ipv6CidrBlock)
        .filter((block): block is string => Boolean(block)),
      ipv6Native: subnet.Ipv6Native === true,
      name: nameTag(subnet),
      serviceSupported:
        supportedAzs === null || supportedAzs.includes(subnet.AvailabilityZone),
    });
  }
  return subnets.sort(
    (a, b) =>
      a.availabilityZone.localeCompare(b.availabilityZone) ||
      a.subnetId.localeCompare(b.subnetId),
  );
}

/**
 * The given subnets, as EC2 describes them: `DescribeSubnets` by
 * `SubnetIds`, at most {@link SUBNET_IDS_PER_CALL} per call, one after the
 * other. An unknown id fails the call with `InvalidSubnetID.NotFound`.
 *
 * IAM: `ec2:DescribeSubnets`.
 */
export async function describeSubnets(
  client: EC2Client,
  subnetIds: string[],
  clock: ProvisioningClock = {},
): Promise<Subnet[]> {
  const subnets: Subnet[] = [];
  for (let i = 0; i < subnetIds.length; i += SUBNET_IDS_PER_CALL) {
    subnets.push(
      ...(await allPages(
        paginateDescribeSubnets(
          paging(client),
          { SubnetIds: subnetIds.slice(i, i + SUBNET_IDS_PER_CALL) },
          { abortSignal: clock.signal },
        ),
        'DescribeSubnets',
        page => page.Subnets,
        clock.signal,
      )),
    );
  }
  return subnets;
}

/**
 * Subnet id to AZ name for the given subnets: `DescribeSubnets` by
 * `SubnetIds`, 200 at a time. For endpoints whose DNS names name no zone (as
 * an EC2 emulator's).
 *
 * IAM: `ec2:DescribeSubnets`.
 *
 * @public
 */
export async function describeSubnetZones(
  client: EC2Client,
  subnetIds: string[],
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  const zones: Record<string, string> = {};
  for (const subnet of await describeSubnets(client, subnetIds, { signal })) {
    if (subnet.SubnetId && subnet.AvailabilityZone) {
      zones[subnet.SubnetId] = subnet.AvailabilityZone;
    }
  }
  return zones;
}
