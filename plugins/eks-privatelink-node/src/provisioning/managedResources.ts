import type {
  EC2Client,
  SecurityGroup,
  Tag,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { EksEndpointService } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ProvisioningClock } from '../clock';
import { describeSecurityGroups } from '../ec2Reads';

/**
 * Tag on every resource the create action makes. Delete finds the security
 * group by it, so a group someone else made is never deleted.
 *
 * @public
 */
export const MANAGED_BY_TAG = 'eks-privatelink:managed-by';
/** Value of {@link MANAGED_BY_TAG}. @public */
export const MANAGED_BY_VALUE = 'backstage';
/**
 * Tag naming the VPC whose EKS endpoints a security group serves. One
 * managed group per VPC, shared by the endpoints of every service.
 */
export const ENDPOINT_FOR_TAG = 'eks-privatelink:vpc-endpoint-for';
/** Tag keys starting with this are the action's own; callers cannot set them. @public */
export const RESERVED_TAG_PREFIX = 'eks-privatelink:';

/**
 * The name of the security group create makes. Deterministic, and EC2 keeps
 * group names unique per VPC, so a second create finds the first one's group
 * instead of making another.
 */
export function managedSecurityGroupName(vpcId: string): string {
  return `eks-privatelink-endpoint-${vpcId}`;
}

/** The tags of the managed security group. */
export function managedSecurityGroupTags(
  vpcId: string,
  userTags: Record<string, string>,
): Record<string, string> {
  return {
    Name: managedSecurityGroupName(vpcId),
    ...userTags,
    [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
    [ENDPOINT_FOR_TAG]: vpcId,
  };
}

/** The tags of the endpoint itself. */
export function managedEndpointTags(
  vpcId: string,
  userTags: Record<string, string>,
  service: EksEndpointService = 'eks',
): Record<string, string> {
  return {
    Name: `${service === 'eks' ? 'eks-api' : service}-${vpcId}`,
    ...userTags,
    [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
  };
}

function hasTag(tags: Tag[] | undefined, key: string, value: string): boolean {
  return (tags ?? []).some(tag => tag.Key === key && tag.Value === value);
}

/**
 * Whether the portal manages the endpoint: create tags every endpoint it
 * makes, so an endpoint without the tag was made by someone else (console,
 * Terraform) and is theirs to change.
 */
export function isManagedEndpoint(endpoint: VpcEndpoint): boolean {
  return hasTag(endpoint.Tags, MANAGED_BY_TAG, MANAGED_BY_VALUE);
}

/**
 * Whether a group carries both managed tags for this VPC, so that adopting
 * it by name cannot take over a group someone else named the same way.
 */
export function isManagedSecurityGroup(
  group: SecurityGroup,
  vpcId: string,
): boolean {
  return (
    hasTag(group.Tags, MANAGED_BY_TAG, MANAGED_BY_VALUE) &&
    hasTag(group.Tags, ENDPOINT_FOR_TAG, vpcId)
  );
}

/** EC2's tag list from a plain record, in key order. */
export function toEc2Tags(tags: Record<string, string>): Tag[] {
  return Object.keys(tags)
    .sort()
    .map(Key => ({ Key, Value: tags[Key] }));
}

/**
 * The security groups an earlier create made for this VPC's endpoint,
 * found by both managed tags.
 */
export async function findManagedSecurityGroups(
  client: EC2Client,
  vpcId: string,
  clock: ProvisioningClock = {},
): Promise<SecurityGroup[]> {
  return describeSecurityGroups(
    client,
    {
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: `tag:${MANAGED_BY_TAG}`, Values: [MANAGED_BY_VALUE] },
        { Name: `tag:${ENDPOINT_FOR_TAG}`, Values: [vpcId] },
      ],
    },
    clock,
  );
}
