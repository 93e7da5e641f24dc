import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import {
  eksServiceName,
  type InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { findVpcEksEndpoints } from '../../ec2Reads';
import { toInventoryEndpoint } from '../../inventoryEndpoint';
import { checkpointKey } from '../checkpoint';
import {
  ACTIVE_ENDPOINT_STATES,
  endpointState,
  lastErrorText,
} from '../endpointState';
import { throwRefusals } from '../errors';
import { preflightRead } from '../iamDenial';
import {
  isManagedEndpoint,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from '../managedResources';
import type { EndpointRequest, ModifyEndpointChange, Plan } from '../types';
import type { EndpointPlan, PlanContext } from './planContext';
import type { SecurityGroupPlan } from './securityGroups';

/** The VPC's EKS endpoints and what the run does about them. */
export interface EndpointsFound {
  /** Every EKS endpoint of the VPC, in any state. */
  all: VpcEndpoint[];
  action: Plan['action'];
  /** The endpoint a reuse or an update adopts. */
  existing: InventoryEndpoint | null;
}

/**
 * The endpoint a create should adopt among the active ones: the one whose
 * private DNS matches the request (it holds the EKS DNS name), then the
 * oldest, then the lowest id, so repeated runs pick the same one.
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

function noteOthers(
  all: VpcEndpoint[],
  found: VpcEndpoint | undefined,
  notes: string[],
): void {
  for (const other of all.filter(e => e !== found)) {
    const state = endpointState(other);
    if (state === 'failed') {
      notes.push(
        `${other.VpcEndpointId} in this VPC is failed (${
          lastErrorText(other) ?? 'no reason given'
        }); it is left alone and not reused — delete it once the new endpoint works.`,
      );
    } else if (ACTIVE_ENDPOINT_STATES.includes(state)) {
      notes.push(
        `${other.VpcEndpointId} is another ${state} EKS endpoint in this VPC; it is left alone.`,
      );
    }
  }
}

/**
 * Looks for the VPC's EKS endpoint and settles the action: `create` when
 * there is none to adopt, else `reuse` or `update` as `onExisting` says;
 * `onExisting: fail` refuses.
 */
export async function findExistingEndpoint(
  { client, request, options, notes }: PlanContext,
  wantPrivateDns: boolean,
): Promise<EndpointsFound> {
  const { vpcId } = request;
  const onExisting = request.onExisting ?? 'reuse';
  const all = await preflightRead('ec2:DescribeVpcEndpoints', request, () =>
    findVpcEksEndpoints(client, vpcId, eksServiceName(request.region), options),
  );
  const found = pickExistingEndpoint(all, wantPrivateDns);
  noteOthers(all, found, notes);
  if (!found) {
    return { all, action: 'create', existing: null };
  }
  if (onExisting === 'fail') {
    throwRefusals([
      {
        field: 'onExisting',
        message: `${vpcId} already has the EKS endpoint ${
          found.VpcEndpointId
        } (${endpointState(found)}, private DNS ${
          found.PrivateDnsEnabled ? 'on' : 'off'
        }) and onExisting is fail. Set onExisting to reuse (keep it) or update (change its subnets and groups), or delete it first with aws:eks:privatelink:delete.`,
      },
    ]);
  }
  if (onExisting === 'update' && !isManagedEndpoint(found)) {
    throwRefusals([
      {
        field: 'onExisting',
        message: `${vpcId} already has the EKS endpoint ${found.VpcEndpointId}, which the portal did not make (it lacks the tag ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE}), so onExisting: update leaves it as it is. Set onExisting to reuse to use it unchanged, or change it where it was made.`,
      },
    ]);
  }
  return {
    all,
    action: onExisting === 'update' ? 'update' : 'reuse',
    existing: toInventoryEndpoint(
      found,
      new Date(options.now?.() ?? Date.now()),
    ),
  };
}

function sameMembers(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every(x => b.includes(x));
}

function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}

/** What the request asks for that the endpoint does not have. */
function differences(
  existing: InventoryEndpoint,
  request: EndpointRequest,
): { changeable: string[]; unchangeable: string[] } {
  const subnetIds = request.subnetIds ?? [];
  const groupIds = request.securityGroupIds ?? [];
  const changeable: string[] = [];
  const unchangeable: string[] = [];
  if (subnetIds.length > 0 && !sameMembers(existing.subnetIds, subnetIds)) {
    changeable.push(
      `subnets ${
        existing.subnetIds.join(', ') || 'none'
      } (asked: ${subnetIds.join(', ')})`,
    );
  }
  if (
    groupIds.length > 0 &&
    !sameMembers(existing.securityGroupIds, groupIds)
  ) {
    changeable.push(
      `security groups ${
        existing.securityGroupIds.join(', ') || 'none'
      } (asked: ${groupIds.join(', ')})`,
    );
  }
  if (
    request.privateDnsEnabled !== undefined &&
    request.privateDnsEnabled !== existing.privateDnsEnabled
  ) {
    unchangeable.push(
      `private DNS ${onOff(existing.privateDnsEnabled)} (asked: ${onOff(
        request.privateDnsEnabled,
      )})`,
    );
  }
  if (
    request.ipAddressType !== undefined &&
    request.ipAddressType !== existing.ipAddressType
  ) {
    unchangeable.push(
      `IP address type ${existing.ipAddressType} (asked: ${request.ipAddressType})`,
    );
  }
  return { changeable, unchangeable };
}

/**
 * The groups an update leaves the endpoint with. They change only when
 * asked: given groups replace the endpoint's, `createSecurityGroup: true`
 * adds the managed group to them.
 */
function targetGroups(
  existing: InventoryEndpoint,
  request: EndpointRequest,
  groups: SecurityGroupPlan,
): string[] {
  if (groups.givenGroupIds.length > 0) {
    return groups.groupIds;
  }
  if (request.createSecurityGroup === true) {
    return [...new Set([...existing.securityGroupIds, ...groups.groupIds])];
  }
  return existing.securityGroupIds;
}

function modifyChange(
  existing: InventoryEndpoint,
  request: EndpointRequest,
  groups: SecurityGroupPlan,
): ModifyEndpointChange | null {
  const asked = request.subnetIds ?? [];
  const createsGroup = groups.createGroup !== null;
  const addSubnetIds = asked.filter(id => !existing.subnetIds.includes(id));
  const removeSubnetIds =
    asked.length > 0
      ? existing.subnetIds.filter(id => !asked.includes(id))
      : [];
  const target = targetGroups(existing, request, groups);
  const addSecurityGroupIds = target.filter(
    id => !existing.securityGroupIds.includes(id),
  );
  const removeSecurityGroupIds =
    groups.givenGroupIds.length > 0
      ? existing.securityGroupIds.filter(id => !target.includes(id))
      : [];
  const addedGroups = [
    ...addSecurityGroupIds,
    ...(createsGroup ? [groups.createGroup!.groupName] : []),
  ];
  const parts = [
    addSubnetIds.length ? `add subnets ${addSubnetIds.join(', ')}` : '',
    removeSubnetIds.length
      ? `remove subnets ${removeSubnetIds.join(', ')}`
      : '',
    addedGroups.length ? `add security groups ${addedGroups.join(', ')}` : '',
    removeSecurityGroupIds.length
      ? `remove security groups ${removeSecurityGroupIds.join(', ')}`
      : '',
  ].filter(Boolean);
  if (parts.length === 0) {
    return null;
  }
  return {
    kind: 'modifyEndpoint',
    key: checkpointKey(request.vpcId, 'modifyEndpoint'),
    description: `Update ${existing.vpcEndpointId}: ${parts.join('; ')}`,
    vpcEndpointId: existing.vpcEndpointId,
    addSubnetIds,
    removeSubnetIds,
    addSecurityGroupIds,
    removeSecurityGroupIds,
    addCreatedSecurityGroup: createsGroup,
  };
}

/**
 * Diffs the adopted endpoint against the request. `reuse` changes nothing
 * and notes what differs; `update` adds and removes subnets and groups
 * (what `ModifyVpcEndpoint` can change) and notes the rest.
 */
export function planAdoption(
  { request, notes }: PlanContext,
  existing: InventoryEndpoint,
  action: 'reuse' | 'update',
  groups: SecurityGroupPlan,
): EndpointPlan {
  const { changeable, unchangeable } = differences(existing, request);
  const unchanged: EndpointPlan = {
    subnetIds: existing.subnetIds,
    securityGroupIds: existing.securityGroupIds,
    change: null,
  };
  if (action === 'reuse') {
    const differs = [...changeable, ...unchangeable];
    notes.push(
      differs.length > 0
        ? `Reusing ${
            existing.vpcEndpointId
          } as it is, although it differs: ${differs.join(
            '; ',
          )}. Set onExisting to update to change its subnets and security groups.`
        : `Reusing ${existing.vpcEndpointId}; nothing to create.`,
    );
    return unchanged;
  }
  const change = modifyChange(existing, request, groups);
  if (!change) {
    notes.push(
      `${existing.vpcEndpointId} already has the subnets and security groups asked for; nothing to update.`,
    );
  }
  if (unchangeable.length > 0) {
    notes.push(
      `Not changed by update: ${unchangeable.join(
        '; ',
      )}. Delete the endpoint and create it again to change these.`,
    );
  }
  if (!change) {
    return unchanged;
  }
  const asked = request.subnetIds ?? [];
  return {
    subnetIds: asked.length > 0 ? asked : existing.subnetIds,
    securityGroupIds: targetGroups(existing, request, groups),
    change,
  };
}
