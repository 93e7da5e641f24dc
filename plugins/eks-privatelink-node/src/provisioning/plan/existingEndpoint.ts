import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { findVpcEksEndpoints } from '../../ec2Reads';
import { toInventoryEndpoint } from '../../inventoryEndpoint';
import {
  ACTIVE_ENDPOINT_STATES,
  endpointState,
  lastErrorText,
} from '../endpointState';
import { throwRefusals } from '../errors';
import { requestServiceLabel, requestServiceName } from '../requestService';
import { preflightRead } from '../iamDenial';
import {
  isManagedEndpoint,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from '../managedResources';
import type { Plan } from '../types';
import { planEndpointUpdate, targetGroups } from './endpointUpdate';
import type { EndpointPlan, PlanContext } from './planContext';
import type { SecurityGroupPlan } from './securityGroups';
import { updateDiff } from './updateDiff';

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
  label: string,
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
        `${other.VpcEndpointId} is another ${state} ${label} endpoint in this VPC; it is left alone.`,
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
    findVpcEksEndpoints(client, vpcId, requestServiceName(request), options),
  );
  const found = pickExistingEndpoint(all, wantPrivateDns);
  const label = requestServiceLabel(request);
  noteOthers(all, found, notes, label);
  if (!found) {
    return { all, action: 'create', existing: null };
  }
  if (onExisting === 'fail') {
    throwRefusals([
      {
        field: 'onExisting',
        message: `${vpcId} already has the ${label} endpoint ${
          found.VpcEndpointId
        } (${endpointState(found)}, private DNS ${
          found.PrivateDnsEnabled ? 'on' : 'off'
        }) and onExisting is fail. Set onExisting to reuse (keep it) or update (change it in place), or delete it first with aws:eks:privatelink:delete.`,
      },
    ]);
  }
  if (onExisting === 'update' && !isManagedEndpoint(found)) {
    throwRefusals([
      {
        field: 'onExisting',
        message: `${vpcId} already has the ${label} endpoint ${found.VpcEndpointId}, which the portal did not make (it lacks the tag ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE}), so onExisting: update leaves it as it is. Set onExisting to reuse to use it unchanged, or change it where it was made.`,
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

/**
 * Diffs the adopted endpoint against the request. `reuse` changes nothing
 * and notes what an update would change; `update` changes in place what
 * `ModifyVpcEndpoint` and the tag calls can change.
 */
export function planAdoption(
  { request, notes }: PlanContext,
  existing: InventoryEndpoint,
  action: 'reuse' | 'update',
  groups: SecurityGroupPlan,
): EndpointPlan {
  const unchanged: EndpointPlan = {
    subnetIds: existing.subnetIds,
    securityGroupIds: existing.securityGroupIds,
    change: null,
  };
  const id = existing.vpcEndpointId;
  if (action === 'reuse') {
    const fields = updateDiff(
      existing,
      planEndpointUpdate(request, existing, groups, []),
    ).map(row => row.field);
    const managed = existing.tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE;
    notes.push(
      fields.length === 0
        ? `Reusing ${id}; nothing to create.`
        : `Reusing ${id} as it is, although the request differs in ${fields.join(
            ', ',
          )}. ${
            managed
              ? 'Set onExisting to update to change it in place.'
              : 'The portal did not make it, so change it where it was made.'
          }`,
    );
    return unchanged;
  }
  const change = planEndpointUpdate(request, existing, groups, notes);
  if (!change) {
    notes.push(`${id} is already as the request asks; nothing to update.`);
    return unchanged;
  }
  const asked = request.subnetIds ?? [];
  return {
    subnetIds: asked.length > 0 ? asked : existing.subnetIds,
    securityGroupIds: targetGroups(existing, request, groups),
    change,
  };
}
