/**
 * Reads of security groups: by id or filters, and one group of a VPC by
 * name.
 */
import {
  paginateDescribeSecurityGroups,
  type DescribeSecurityGroupsRequest,
  type EC2Client,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { ProvisioningClock } from './clock';
import { allPages, paging } from './ec2ReadPaging';

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
