/**
 * EC2 inputs for the managed security group: creating it, and its TCP 443
 * ingress rule (authorize, or revoke with the same input).
 */
import type {
  AuthorizeSecurityGroupIngressCommandInput,
  CreateSecurityGroupCommandInput,
  IpPermission,
} from '@aws-sdk/client-ec2';
import { toEc2Tags } from './managedResources';
import type { CreateSecurityGroupChange } from './types';

export function createSecurityGroupInput(
  change: CreateSecurityGroupChange,
): CreateSecurityGroupCommandInput {
  return {
    VpcId: change.vpcId,
    GroupName: change.groupName,
    Description: change.groupDescription,
    TagSpecifications: [
      { ResourceType: 'security-group', Tags: toEc2Tags(change.tags) },
    ],
  };
}

/** The sources a rule admits on TCP 443. */
export type IngressSources = Pick<
  CreateSecurityGroupChange,
  | 'ingressCidrs'
  | 'ingressIpv6Cidrs'
  | 'ingressPrefixListIds'
  | 'ingressSecurityGroupIds'
>;

function ingressPermissions(change: IngressSources): IpPermission[] {
  const Description = 'HTTPS to the EKS API endpoint';
  const listed = <T>(items: T[]) => (items.length > 0 ? items : undefined);
  return [
    {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      IpRanges: listed(
        change.ingressCidrs.map(CidrIp => ({ CidrIp, Description })),
      ),
      Ipv6Ranges: listed(
        change.ingressIpv6Cidrs.map(CidrIpv6 => ({ CidrIpv6, Description })),
      ),
      PrefixListIds: listed(
        change.ingressPrefixListIds.map(PrefixListId => ({
          PrefixListId,
          Description,
        })),
      ),
      UserIdGroupPairs: listed(
        change.ingressSecurityGroupIds.map(GroupId => ({
          GroupId,
          Description,
        })),
      ),
    },
  ];
}

/**
 * The managed group's TCP 443 rule, in `groupId`: the group just made, the
 * managed group that lacks it, or the default group a dry run probes in its
 * place. Revoking takes the same input.
 */
export function authorizeIngressInput(
  change: IngressSources,
  groupId: string,
): AuthorizeSecurityGroupIngressCommandInput {
  return { GroupId: groupId, IpPermissions: ingressPermissions(change) };
}
