import {
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  type DescribeSecurityGroupsRequest,
  type EC2Client,
  type SecurityGroup,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  endpointServiceName,
  type EksEndpointService,
  type EksServiceDescription,
  type SubnetInfo,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ProvisioningClock } from './clock';
import { awsErrorCode } from './errors';

/** The largest page `DescribeVpcEndpoints` and `DescribeSubnets` return. */
const PAGE_SIZE = 1000;
/** Subnet ids per `DescribeSubnets` call in {@link describeSubnets}. */
const SUBNET_IDS_PER_CALL = 200;

function paging(client: EC2Client, pageSize?: number) {
  return { client, pageSize, stopOnSameToken: true };
}

/**
 * Every item of every page. `stopOnSameToken` ends the paginator quietly
 * when EC2 hands back the token it was given; a list cut short there would
 * read as endpoints or subnets gone, so that is an error instead.
 */
async function allPages<Page extends { NextToken?: string }, Item>(
  pages: AsyncIterable<Page>,
  operation: string,
  itemsOf: (page: Page) => Item[] | undefined,
  signal?: AbortSignal,
): Promise<Item[]> {
  signal?.throwIfAborted();
  const items: Item[] = [];
  let last: Page | undefined;
  for await (const page of pages) {
    items.push(...(itemsOf(page) ?? []));
    last = page;
  }
  if (last?.NextToken) {
    throw new Error(
      `${operation} returned the page token ${last.NextToken} twice; stopping instead of looping`,
    );
  }
  return items;
}

/**
 * All EKS interface endpoints an account has in a region: one paginated
 * `DescribeVpcEndpoints` filtered by service name only (one filter with the
 * names of every service asked for; default `eks` alone), so an inventory
 * costs one call per account and region (plus pages), never one per VPC or
 * service. Join the result to VPCs in memory by `VpcId`.
 *
 * IAM: `ec2:DescribeVpcEndpoints`.
 *
 * @public
 */
export async function listEksEndpoints(
  client: EC2Client,
  region: string,
  signal?: AbortSignal,
  services: readonly EksEndpointService[] = ['eks'],
): Promise<VpcEndpoint[]> {
  return allPages(
    paginateDescribeVpcEndpoints(
      paging(client, PAGE_SIZE),
      {
        Filters: [
          {
            Name: 'service-name',
            Values: services.map(s => endpointServiceName(s, region)),
          },
        ],
      },
      { abortSignal: signal },
    ),
    'DescribeVpcEndpoints',
    page => page.VpcEndpoints,
    signal,
  );
}

/**
 * Every endpoint of one service (or of each service named in a list) in one
 * VPC, in any state: one `DescribeVpcEndpoints` filtered by `vpc-id` and
 * `service-name` (paginated, though a VPC rarely has more than one).
 *
 * IAM: `ec2:DescribeVpcEndpoints`.
 *
 * @public
 */
export async function findVpcEksEndpoints(
  client: EC2Client,
  vpcId: string,
  serviceName: string | readonly string[],
  clock: ProvisioningClock = {},
): Promise<VpcEndpoint[]> {
  return allPages(
    paginateDescribeVpcEndpoints(
      paging(client),
      {
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          {
            Name: 'service-name',
            Values:
              typeof serviceName === 'string'
                ? [serviceName]
                : [...serviceName],
          },
        ],
      },
      { abortSignal: clock.signal },
    ),
    'DescribeVpcEndpoints',
    page => page.VpcEndpoints,
    clock.signal,
  );
}

/** What `fn` answers, or undefined when EC2 answers `notFoundCode`. */
async function unlessNotFound<T>(
  notFoundCode: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (awsErrorCode(error) === notFoundCode) {
      return undefined;
    }
    throw error;
  }
}

/**
 * The endpoint by id, or undefined when AWS does not know it (yet or any
 * more).
 */
export async function describeEndpoint(
  client: EC2Client,
  vpcEndpointId: string,
  clock: ProvisioningClock,
): Promise<VpcEndpoint | undefined> {
  const response = await unlessNotFound('InvalidVpcEndpointId.NotFound', () =>
    client.send(
      new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpcEndpointId] }),
      { abortSignal: clock.signal },
    ),
  );
  return response?.VpcEndpoints?.find(e => e.VpcEndpointId === vpcEndpointId);
}

/** The VPC by id, or undefined when AWS does not know it in this region. */
export async function describeVpc(
  client: EC2Client,
  vpcId: string,
  clock: ProvisioningClock,
): Promise<Vpc | undefined> {
  const response = await unlessNotFound('InvalidVpcID.NotFound', () =>
    client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }), {
      abortSignal: clock.signal,
    }),
  );
  return response?.Vpcs?.find(v => v.VpcId === vpcId);
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
  clock: ProvisioningClock = {},
): Promise<VpcDnsAttributes> {
  const [support, hostnames] = await Promise.all([
    client.send(
      new DescribeVpcAttributeCommand({
        VpcId: vpcId,
        Attribute: 'enableDnsSupport',
      }),
      { abortSignal: clock.signal },
    ),
    client.send(
      new DescribeVpcAttributeCommand({
        VpcId: vpcId,
        Attribute: 'enableDnsHostnames',
      }),
      { abortSignal: clock.signal },
    ),
  ]);
  return {
    dnsSupport: support.EnableDnsSupport?.Value ?? false,
    dnsHostnames: hostnames.EnableDnsHostnames?.Value ?? false,
  };
}

/**
 * What AWS says about an EKS service (`com.amazonaws.<region>.eks`, or
 * `.eks-auth` with `service`) in the region: whether it exists, its AZs,
 * whether it takes endpoint policies, its IP address types.
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
  clock: ProvisioningClock = {},
  service: EksEndpointService = 'eks',
): Promise<EksServiceDescription> {
  const serviceName = endpointServiceName(service, region);
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
      { abortSignal: clock.signal },
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

/**
 * The security groups given by id, or matching the filters. An unknown id
 * fails the call with `InvalidGroup.NotFound`.
 *
 * IAM: `ec2:DescribeSecurityGroups`.
 */
export async function describeSecurityGroups(
  client: EC2Client,
  query: Pick<DescribeSecurityGroupsRequest, 'GroupIds' | 'Filters'>,
  clock: ProvisioningClock = {},
): Promise<SecurityGroup[]> {
  return allPages(
    // The paginator writes each page's token into the input it is given.
    paginateDescribeSecurityGroups(
      paging(client),
      { ...query },
      {
        abortSignal: clock.signal,
      },
    ),
    'DescribeSecurityGroups',
    page => page.SecurityGroups,
    clock.signal,
  );
}

/** A group of the VPC found by its name, which EC2 keeps unique per VPC. */
export async function findSecurityGroupByName(
  client: EC2Client,
  vpcId: string,
  groupName: string,
  clock: ProvisioningClock = {},
): Promise<SecurityGroup | undefined> {
  const [group] = await describeSecurityGroups(
    client,
    {
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: [groupName] },
      ],
    },
    clock,
  );
  return group;
}
