import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Refusal } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ProvisioningClock } from '../../clock';
import { describeSecurityGroups } from '../../ec2Reads';
import { awsErrorCode, idsInErrorMessage } from '../../errors';
import { preflightRead } from '../iamDenial';
import type { EndpointRequest } from '../types';

/** Refuses given groups AWS does not know or that belong to another VPC. */
export async function checkGivenGroups(
  client: EC2Client,
  request: EndpointRequest,
  ids: string[],
  clock: ProvisioningClock,
): Promise<Refusal[]> {
  const { vpcId } = request;
  const notFound = (missing: string[]): Refusal => ({
    field: 'securityGroupIds',
    message: `securityGroupIds: ${missing.join(', ')} ${
      missing.length > 1 ? 'were' : 'was'
    } not found in ${
      request.region
    }. Pick groups of ${vpcId}, or omit securityGroupIds to have the action create one that allows TCP 443 from the VPC.`,
  });
  try {
    const groups = (
      await preflightRead('ec2:DescribeSecurityGroups', request, () =>
        describeSecurityGroups(client, { GroupIds: ids }, clock),
      )
    ).filter(g => ids.includes(g.GroupId ?? ''));
    const missing = ids.filter(id => !groups.some(g => g.GroupId === id));
    return [
      ...(missing.length > 0 ? [notFound(missing)] : []),
      ...groups
        .filter(g => g.VpcId !== vpcId)
        .map(g => ({
          field: 'securityGroupIds',
          message: `securityGroupIds: ${g.GroupId} belongs to ${g.VpcId}, not ${vpcId}; an endpoint's security groups must be in its own VPC — pick a group of ${vpcId} or let the action create one (createSecurityGroup: true).`,
        })),
    ];
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidGroup.NotFound') {
      throw error;
    }
    return [notFound(idsInErrorMessage(error, 'sg', ids))];
  }
}
