import type { SecurityGroup, Vpc } from '@aws-sdk/client-ec2';
import type {
  EndpointIpAddressType,
  InventoryEndpoint,
  Refusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { findSecurityGroupByName } from '../../ec2Reads';
import { checkpointKey } from '../checkpoint';
import { requestService } from '../requestService';
import { preflightRead } from '../iamDenial';
import {
  ENDPOINT_FOR_TAG,
  isManagedSecurityGroup,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  managedSecurityGroupName,
  managedSecurityGroupTags,
} from '../managedResources';
import type { IngressSources } from '../commands';
import type {
  AuthorizeIngressChange,
  CreateSecurityGroupChange,
  EndpointRequest,
  Plan,
} from '../types';
import { checkAllowedSources } from './allowedSourceChecks';
import { checkGivenGroups } from './givenGroups';
import {
  ingressSources,
  lackingSources,
  sourcesOf,
  splitSources,
} from './ingressRules';
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

/**
 * Whether the endpoint should have the managed group (`yes`), only keep the
 * one it already has up to date (`attached`: an update catches its rules
 * up), or leave it alone (`no`); and notes on the choice.
 */
function wantsManagedGroup(
  request: EndpointRequest,
  action: Plan['action'],
  existing: InventoryEndpoint | null,
  notes: string[],
): 'yes' | 'attached' | 'no' {
  const given = (request.securityGroupIds ?? []).length > 0;
  if (action === 'create' && !given && request.createSecurityGroup === false) {
    notes.push(
      "No security group given and createSecurityGroup is false: AWS attaches the VPC's default group, which admits only its own members — callers elsewhere in the VPC reach the endpoint on TCP 443 only if that group allows them.",
    );
  }
  if (
    action === 'reuse' &&
    (request.createSecurityGroup === true || request.allowedSources?.length)
  ) {
    notes.push(
      `createSecurityGroup and allowedSources are ignored: ${
        existing!.vpcEndpointId
      } is reused as it is (onExisting: update would add the group and its rules).`,
    );
  }
  if (action === 'create') {
    return request.createSecurityGroup ?? !given ? 'yes' : 'no';
  }
  if (action === 'update' && request.createSecurityGroup !== false) {
    return request.createSecurityGroup ? 'yes' : 'attached';
  }
  return 'no';
}

/** Refuses `allowedSources` when the managed group, which would hold them, is not wanted. */
function sourcesWithoutGroup(
  request: EndpointRequest,
  existing: InventoryEndpoint | null,
): Refusal[] {
  if (!request.allowedSources?.length) {
    return [];
  }
  let why = `${existing?.vpcEndpointId} does not have it`;
  if (request.createSecurityGroup === false) {
    why = 'createSecurityGroup is false';
  } else if (request.securityGroupIds?.length) {
    why = 'securityGroupIds are given';
  }
  return [
    {
      field: 'allowedSources',
      message: `allowedSources become rules of the security group the action manages, and this request does not use it (${why}). Set createSecurityGroup to true to have it as well, or add the sources to your own groups and remove allowedSources.`,
    },
  ];
}

/**
 * The change that adds the TCP 443 rules the found group lacks, or null.
 * Only the missing sources are sent: EC2 refuses a whole request with
 * `InvalidPermission.Duplicate` when any rule in it exists already.
 */
function missingIngress(
  group: SecurityGroup & { GroupId: string },
  request: EndpointRequest,
  wanted: IngressSources,
): AuthorizeIngressChange | null {
  const lacking = lackingSources(group.IpPermissions ?? [], wanted);
  const sources = sourcesOf(lacking);
  if (sources.length === 0) {
    return null;
  }
  return {
    kind: 'authorizeIngress',
    key: checkpointKey(
      request.vpcId,
      'authorizeIngress',
      requestService(request),
    ),
    description: `Allow TCP 443 from ${sources.join(', ')} in ${
      group.GroupId
    }, the managed group, which lacks it`,
    groupId: group.GroupId,
    ...lacking,
  };
}

function createGroupChange(
  request: EndpointRequest,
  wanted: IngressSources,
): CreateSecurityGroupChange {
  const { vpcId } = request;
  const groupName = managedSecurityGroupName(vpcId);
  return {
    kind: 'createSecurityGroup',
    key: checkpointKey(vpcId, 'createSecurityGroup', requestService(request)),
    description: `Create security group ${groupName} allowing TCP 443 from ${sourcesOf(
      wanted,
    ).join(', ')}`,
    vpcId,
    groupName,
    groupDescription: `${
      requestService(request) === 'eks'
        ? 'EKS API interface endpoint'
        : 'EKS interface endpoints (EKS API, EKS Pod Identity)'
    } of ${vpcId}: TCP 443 from the VPC${
      request.allowedSources?.length ? ' and allowedSources' : ''
    }`,
    ...wanted,
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
  const refusals: Refusal[] =
    givenGroupIds.length > 0
      ? await checkGivenGroups(client, request, givenGroupIds, options)
      : [];
  const wants = wantsManagedGroup(
    request,
    decided.action,
    decided.existing,
    notes,
  );
  const none = {
    givenGroupIds,
    managedSecurityGroupId: null,
    groupIds: givenGroupIds,
    createGroup: null,
    authorizeIngress: null,
  };
  if (wants === 'no') {
    return {
      ...none,
      refusals: [
        ...refusals,
        ...(decided.action === 'reuse'
          ? []
          : sourcesWithoutGroup(request, decided.existing)),
      ],
    };
  }
  const allowed = splitSources(request.allowedSources ?? []);
  refusals.push(
    ...(await checkAllowedSources(client, request, allowed, options)),
  );
  const wanted = ingressSources(decided.vpc, decided.ipAddressType, allowed);
  const groupName = managedSecurityGroupName(vpcId);
  const found = await preflightRead('ec2:DescribeSecurityGroups', request, () =>
    findSecurityGroupByName(client, vpcId, groupName, options),
  );
  if (
    wants === 'attached' &&
    !(
      found?.GroupId &&
      isManagedSecurityGroup(found, vpcId) &&
      decided.existing?.securityGroupIds.includes(found.GroupId)
    )
  ) {
    return {
      ...none,
      refusals: [
        ...refusals,
        ...sourcesWithoutGroup(request, decided.existing),
      ],
    };
  }
  if (found?.GroupId && !isManagedSecurityGroup(found, vpcId)) {
    return {
      ...none,
      refusals: [...refusals, notOursRefusal(vpcId, groupName, found.GroupId)],
    };
  }
  if (found?.GroupId) {
    const catchUp = missingIngress(
      { ...found, GroupId: found.GroupId },
      request,
      wanted,
    );
    notes.push(
      wants === 'attached'
        ? `${found.GroupId} (${groupName}), the endpoint's managed group, ${
            catchUp ? 'gets the rules it lacks' : 'is up to date'
          }.`
        : `Using ${found.GroupId} (${groupName}), the security group an earlier run created, instead of creating another.`,
    );
    return {
      givenGroupIds,
      managedSecurityGroupId: found.GroupId,
      // An attached group stays as the endpoint has it; the update leaves it be.
      groupIds:
        wants === 'attached'
          ? givenGroupIds
          : [...givenGroupIds, found.GroupId],
      createGroup: null,
      authorizeIngress: catchUp,
      refusals,
    };
  }
  return {
    ...none,
    createGroup: createGroupChange(request, wanted),
    refusals,
  };
}
