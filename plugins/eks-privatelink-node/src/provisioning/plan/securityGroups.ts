import type { EC2Client, SecurityGroup, Vpc } from '@aws-sdk/client-ec2';
import type {
  EndpointIpAddressType,
  InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ProvisioningClock } from '../../clock';
import {
  describeSecurityGroups,
  findSecurityGroupByName,
} from '../../ec2Reads';
import { awsErrorCode, idsInErrorMessage } from '../../errors';
import { checkpointKey } from '../checkpoint';
import type { Refusal } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { preflightRead } from '../iamDenial';
import {
  ENDPOINT_FOR_TAG,
  isManagedSecurityGroup,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  managedSecurityGroupName,
  managedSecurityGroupTags,
} from '../managedResources';
import type {
  AuthorizeIngressChange,
  CreateSecurityGroupChange,
  EndpointRequest,
  Plan,
} from '../types';
import type { PlanContext } from './planContext';

/** The security group part of a plan. */
export interface SecurityGroupPlan {
  /** The groups the request names. */
  givenGroupIds: string[];
  /** The group an earlier run made, found and wanted again. */
  managedSecurityGroupId: string | null;
  /** Existing groups the endpoint should have: the given ones, then the managed one. */
  groupIds: string[];
  /** Makes the managed group, when it is wanted and not there yet. */
  createGroup: CreateSecurityGroupChange | null;
  /** Adds the rules the found managed group lacks. */
  authorizeIngress: AuthorizeIngressChange | null;
  refusals: Refusal[];
}

/** The VPC's associated CIDR blocks, which the managed group admits on TCP 443. */
function vpcCidrs(vpc: Vpc): { ipv4: string[]; ipv6: string[] } {
  const ipv4 = (vpc.CidrBlockAssociationSet ?? [])
    .filter(a => (a.CidrBlockState?.State ?? 'associated') === 'associated')
    .map(a => a.CidrBlock)
    .filter((c): c is string => Boolean(c));
  const ipv6 = (vpc.Ipv6CidrBlockAssociationSet ?? [])
    .filter(a => (a.Ipv6CidrBlockState?.State ?? 'associated') === 'associated')
    .map(a => a.Ipv6CidrBlock)
    .filter((c): c is string => Boolean(c));
  if (ipv4.length === 0 && vpc.CidrBlock) {
    ipv4.push(vpc.CidrBlock);
  }
  return { ipv4: [...new Set(ipv4)], ipv6: [...new Set(ipv6)] };
}

/** Refuses given groups AWS does not know or that belong to another VPC. */
async function checkGivenGroups(
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

/** Whether the endpoint should have the managed group, and notes on the choice. */
function wantsManagedGroup(
  request: EndpointRequest,
  action: Plan['action'],
  existing: InventoryEndpoint | null,
  notes: string[],
): boolean {
  const given = (request.securityGroupIds ?? []).length > 0;
  if (action === 'create' && !given && request.createSecurityGroup === false) {
    notes.push(
      "No security group given and createSecurityGroup is false: AWS attaches the VPC's default group, which admits only its own members — callers elsewhere in the VPC reach the endpoint on TCP 443 only if that group allows them.",
    );
  }
  if (action === 'reuse' && request.createSecurityGroup === true) {
    notes.push(
      `createSecurityGroup is ignored: ${
        existing!.vpcEndpointId
      } is reused as it is (onExisting: update would add the group).`,
    );
  }
  if (action === 'create') {
    return request.createSecurityGroup ?? !given;
  }
  return action === 'update' && request.createSecurityGroup === true;
}

/** The sources the managed group admits on TCP 443. */
function ingressSources(
  vpc: Vpc,
  ipAddressType: EndpointIpAddressType,
): { ingressCidrs: string[]; ingressIpv6Cidrs: string[] } {
  const cidrs = vpcCidrs(vpc);
  return {
    ingressCidrs: cidrs.ipv4,
    ingressIpv6Cidrs: ipAddressType === 'ipv4' ? [] : cidrs.ipv6,
  };
}

/**
 * The change that adds the TCP 443 rules the found group lacks, or null.
 * Only the missing sources are sent: EC2 refuses a whole request with
 * `InvalidPermission.Duplicate` when any rule in it exists already.
 */
function missingIngress(
  group: SecurityGroup & { GroupId: string },
  request: EndpointRequest,
  wanted: { ingressCidrs: string[]; ingressIpv6Cidrs: string[] },
): AuthorizeIngressChange | null {
  const admits443 = (group.IpPermissions ?? []).filter(
    p =>
      p.IpProtocol === '-1' ||
      (p.IpProtocol === 'tcp' &&
        (p.FromPort ?? 0) <= 443 &&
        (p.ToPort ?? 65535) >= 443),
  );
  const ipv4 = new Set(
    admits443.flatMap(p => (p.IpRanges ?? []).map(r => r.CidrIp)),
  );
  const ipv6 = new Set(
    admits443.flatMap(p => (p.Ipv6Ranges ?? []).map(r => r.CidrIpv6)),
  );
  const ingressCidrs = wanted.ingressCidrs.filter(c => !ipv4.has(c));
  const ingressIpv6Cidrs = wanted.ingressIpv6Cidrs.filter(c => !ipv6.has(c));
  if (ingressCidrs.length === 0 && ingressIpv6Cidrs.length === 0) {
    return null;
  }
  return {
    kind: 'authorizeIngress',
    key: checkpointKey(request.vpcId, 'authorizeIngress'),
    description: `Allow TCP 443 from ${[
      ...ingressCidrs,
      ...ingressIpv6Cidrs,
    ].join(', ')} in ${group.GroupId}, the managed group, which lacks it`,
    groupId: group.GroupId,
    ingressCidrs,
    ingressIpv6Cidrs,
  };
}

function createGroupChange(
  request: EndpointRequest,
  vpc: Vpc,
  ipAddressType: EndpointIpAddressType,
): CreateSecurityGroupChange {
  const { vpcId } = request;
  const groupName = managedSecurityGroupName(vpcId);
  const { ingressCidrs, ingressIpv6Cidrs } = ingressSources(vpc, ipAddressType);
  return {
    kind: 'createSecurityGroup',
    key: checkpointKey(vpcId, 'createSecurityGroup'),
    description: `Create security group ${groupName} allowing TCP 443 from ${[
      ...ingressCidrs,
      ...ingressIpv6Cidrs,
    ].join(', ')}`,
    vpcId,
    groupName,
    groupDescription: `EKS API interface endpoint of ${vpcId}: TCP 443 from the VPC`,
    ingressCidrs,
    ingressIpv6Cidrs,
    tags: managedSecurityGroupTags(vpcId, request.tags ?? {}),
  };
}

/** Refuses a group that has the managed group's name but not its tags. */
function notOursRefusal(
  vpcId: string,
  groupName: string,
  groupId: string,
): Refusal {
  return {
    field: 'createSecurityGroup',
    message: `createSecurityGroup: ${vpcId} already has a security group named ${groupName} (${groupId}) that does not carry the portal's tags ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE} and ${ENDPOINT_FOR_TAG}=${vpcId}, so it is not adopted. Rename or delete ${groupId}, or give securityGroupIds with createSecurityGroup: false to use your own groups.`,
  };
}

/**
 * Checks the groups the request names and settles the managed group: the
 * one an earlier run made (found by its name and adopted only when it
 * carries the managed tags; the rules it lacks are added again), or a new
 * one that admits TCP 443 from the VPC's CIDR blocks.
 */
export async function planSecurityGroups(
  { client, request, options, notes }: PlanContext,
  decided: {
    vpc: Vpc;
    action: Plan['action'];
    existing: InventoryEndpoint | null;
    ipAddressType: EndpointIpAddressType;
  },
): Promise<SecurityGroupPlan> {
  const { vpcId } = request;
  const givenGroupIds = request.securityGroupIds ?? [];
  const refusals =
    givenGroupIds.length > 0
      ? await checkGivenGroups(client, request, givenGroupIds, options)
      : [];
  if (!wantsManagedGroup(request, decided.action, decided.existing, notes)) {
    return {
      givenGroupIds,
      managedSecurityGroupId: null,
      groupIds: givenGroupIds,
      createGroup: null,
      authorizeIngress: null,
      refusals,
    };
  }
  const groupName = managedSecurityGroupName(vpcId);
  const found = await preflightRead('ec2:DescribeSecurityGroups', request, () =>
    findSecurityGroupByName(client, vpcId, groupName, options),
  );
  if (found?.GroupId && !isManagedSecurityGroup(found, vpcId)) {
    return {
      givenGroupIds,
      managedSecurityGroupId: null,
      groupIds: givenGroupIds,
      createGroup: null,
      authorizeIngress: null,
      refusals: [...refusals, notOursRefusal(vpcId, groupName, found.GroupId)],
    };
  }
  if (found?.GroupId) {
    notes.push(
      `Using ${found.GroupId} (${groupName}), the security group an earlier run created, instead of creating another.`,
    );
    return {
      givenGroupIds,
      managedSecurityGroupId: found.GroupId,
      groupIds: [...givenGroupIds, found.GroupId],
      createGroup: null,
      authorizeIngress: missingIngress(
        { ...found, GroupId: found.GroupId },
        request,
        ingressSources(decided.vpc, decided.ipAddressType),
      ),
      refusals,
    };
  }
  return {
    givenGroupIds,
    managedSecurityGroupId: null,
    groupIds: givenGroupIds,
    createGroup: createGroupChange(request, decided.vpc, decided.ipAddressType),
    authorizeIngress: null,
    refusals,
  };
}
