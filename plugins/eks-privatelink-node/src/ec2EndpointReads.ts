/**
 * Reads of VPC interface endpoints: every EKS endpoint of an account and
 * region, the EKS endpoints of one VPC, and one endpoint by id.
 */
import {
  DescribeVpcEndpointsCommand,
  paginateDescribeVpcEndpoints,
  type EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  endpointServiceName,
  type EksEndpointService,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ProvisioningClock } from './clock';
import { allPages, PAGE_SIZE, paging, unlessNotFound } from './ec2ReadPaging';

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
