import {
  DescribeVpcEndpointsCommand,
  type EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { sendWithBackoff } from './sendWithBackoff';
import type { ProvisioningClock } from './types';
import { endpointState } from './waitForEndpoint';

/**
 * States in which an endpoint serves (or is about to serve) the VPC. Another
 * create would be a duplicate, and with private DNS AWS would refuse it.
 *
 * @public
 */
export const ACTIVE_ENDPOINT_STATES: readonly string[] = [
  'pending',
  'pendingacceptance',
  'available',
];

/**
 * Every endpoint of one service in one VPC, in any state: one
 * `DescribeVpcEndpoints` filtered by `vpc-id` and `service-name` (paginated,
 * though a VPC rarely has more than one).
 *
 * @public
 */
export async function findVpcEksEndpoints(
  client: EC2Client,
  vpcId: string,
  serviceName: string,
  clock: ProvisioningClock = {},
): Promise<VpcEndpoint[]> {
  const endpoints: VpcEndpoint[] = [];
  let token: string | undefined;
  do {
    const page = await sendWithBackoff(
      client,
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'service-name', Values: [serviceName] },
        ],
        NextToken: token,
      }),
      clock,
    );
    endpoints.push(...(page.VpcEndpoints ?? []));
    token =
      page.NextToken && page.NextToken !== token ? page.NextToken : undefined;
  } while (token);
  return endpoints;
}

/**
 * The endpoint a create should adopt among the active ones: the one whose
 * private DNS matches the request (it holds the EKS DNS name), then the
 * oldest, then the lowest id, so repeated runs pick the same one.
 *
 * @public
 */
export function pickExistingEndpoint(
  endpoints: VpcEndpoint[],
  wantPrivateDns: boolean,
): VpcEndpoint | undefined {
  const created = (e: VpcEndpoint) =>
    e.CreationTimestamp ? new Date(e.CreationTimestamp).getTime() : Infinity;
  return endpoints
    .filter(e => ACTIVE_ENDPOINT_STATES.includes(endpointState(e)))
    .sort(
      (a, b) =>
        Number((b.PrivateDnsEnabled ?? false) === wantPrivateDns) -
          Number((a.PrivateDnsEnabled ?? false) === wantPrivateDns) ||
        created(a) - created(b) ||
        (a.VpcEndpointId ?? '').localeCompare(b.VpcEndpointId ?? ''),
    )[0];
}
