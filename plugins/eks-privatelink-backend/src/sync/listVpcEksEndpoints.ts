import {
  DescribeVpcEndpointsCommand,
  type EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { eksServiceName } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * The EKS endpoints of ONE VPC: `DescribeVpcEndpoints` filtered by `vpc-id`
 * and `service-name`. Used only for an on-demand refresh of a single VPC,
 * where it costs one call instead of reading the whole account and region;
 * the scheduled sync never calls it per VPC (it uses `listEksEndpoints`).
 */
export async function listVpcEksEndpoints(
  client: EC2Client,
  vpcId: string,
  region: string,
): Promise<VpcEndpoint[]> {
  const endpoints: VpcEndpoint[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new DescribeVpcEndpointsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'service-name', Values: [eksServiceName(region)] },
        ],
        NextToken: token,
      }),
    );
    endpoints.push(...(page.VpcEndpoints ?? []));
    // A token equal to the one just sent would loop forever.
    token = page.NextToken && page.NextToken !== token ? page.NextToken : undefined;
  } while (token);
  return endpoints;
}
