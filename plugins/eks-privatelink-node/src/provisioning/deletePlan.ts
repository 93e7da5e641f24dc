/**
 * The read-only first half of a delete: checks the VPC exists, picks the
 * endpoints the request may remove (refusing unmanaged ones unless asked
 * for by id), and works out which managed security groups are then unused.
 */
import type { EC2Client, VpcEndpoint } from '@aws-sdk/client-ec2';
import {
  EKS_ENDPOINT_SERVICES,
  endpointServiceName,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { describeVpc, findVpcEksEndpoints } from '../ec2Reads';
import type {
  DeleteEndpointOptions,
  DeleteEndpointRequest,
} from './deleteTypes';
import { EndpointRequestRefusedError } from './errors';
import { endpointState } from './endpointState';
import { refuseIamDenial } from './iamDenial';
import {
  findManagedSecurityGroups,
  isManagedEndpoint,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from './managedResources';
import {
  requestService,
  requestServiceLabel,
  requestServiceName,
} from './requestService';

/** What a delete finds in the VPC. */
export interface Found {
  /** Endpoints to delete, sorted. */
  toDelete: string[];
  /** Endpoints already being deleted, only to wait for. */
  deleting: string[];
  /** The managed groups no remaining endpoint uses, sorted. */
  groupIds: string[];
  /** Unmanaged EKS endpoints that stay, sorted. */
  unmanaged: string[];
  /** What the caller should know about what is left alone. */
  notes: string[];
}

function idsOf(ids: Array<string | undefined>): string[] {
  return ids.filter((id): id is string => Boolean(id));
}

/** Whether an endpoint serves the request's service (one without a name counts as `eks`). */
function isOfService(
  endpoint: VpcEndpoint,
  request: DeleteEndpointRequest,
): boolean {
  return endpoint.ServiceName
    ? endpoint.ServiceName === requestServiceName(request)
    : requestService(request) === 'eks';
}

/**
 * The endpoints this delete may remove: the managed ones, or the one
 * `vpcEndpointId` names, which must be an EKS endpoint of the VPC and, when
 * unmanaged, come with `includeUnmanaged`. The portal never removes
 * unmanaged endpoints in bulk: they are someone else's.
 */
function selectEndpoints(
  request: DeleteEndpointRequest,
  live: VpcEndpoint[],
): VpcEndpoint[] {
  const { vpcId, vpcEndpointId, includeUnmanaged } = request;
  const refuse = (field: string, message: string) =>
    new EndpointRequestRefusedError([{ field, message }]);
  const label = requestServiceLabel(request);
  if (!vpcEndpointId) {
    if (includeUnmanaged) {
      throw refuse(
        'includeUnmanaged',
        `includeUnmanaged: true deletes only the endpoint vpcEndpointId names, and vpcEndpointId is not given. Add vpcEndpointId with the id of the one endpoint to delete, or drop includeUnmanaged.`,
      );
    }
    return live.filter(isManagedEndpoint);
  }
  const target = live.find(e => e.VpcEndpointId === vpcEndpointId);
  if (!target) {
    const ids = idsOf(live.map(e => e.VpcEndpointId));
    throw refuse(
      'vpcEndpointId',
      `vpcEndpointId: ${vpcEndpointId} is not an ${label} endpoint of ${vpcId} in ${
        request.region
      }. ${
        ids.length > 0
          ? `Its ${label} endpoints are ${ids.join(', ')}.`
          : 'It has none.'
      } Give one of them, or omit vpcEndpointId to delete the endpoints the portal made.`,
    );
  }
  if (!isManagedEndpoint(target) && !includeUnmanaged) {
    throw refuse(
      'vpcEndpointId',
      `vpcEndpointId: ${vpcEndpointId} was not made by the portal (it lacks the tag ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE}), so it is left alone. To delete it anyway, also set includeUnmanaged: true.`,
    );
  }
  return [target];
}

/**
 * The VPC's EKS endpoints and managed groups. An unknown VPC is a refusal,
 * not a success: a wrong id or region would otherwise report "deleted" while
 * the real endpoint keeps running and costing money.
 */
export async function findWhatToDelete(
  client: EC2Client,
  request: DeleteEndpointRequest,
  options: DeleteEndpointOptions,
): Promise<Found> {
  const { vpcId, region } = request;
  const vpc = await refuseIamDenial(
    request,
    'DescribeVpcs',
    ['ec2:DescribeVpcs'],
    () => describeVpc(client, vpcId, options),
  );
  if (!vpc) {
    throw new EndpointRequestRefusedError([
      {
        field: 'vpcId',
        message: `vpcId: ${vpcId} was not found in ${region}${
          request.accountId ? ` (account ${request.accountId})` : ''
        }, so its endpoint cannot be looked up. Check the VPC id and its region.`,
      },
    ]);
  }
  // Both services in one call: the managed group is shared, so an endpoint
  // of the other service that uses it keeps it.
  const endpoints = await refuseIamDenial(
    request,
    'DescribeVpcEndpoints',
    ['ec2:DescribeVpcEndpoints'],
    () =>
      findVpcEksEndpoints(
        client,
        vpcId,
        EKS_ENDPOINT_SERVICES.map(s => endpointServiceName(s, region)),
        options,
      ),
  );
  const all = endpoints.filter(e => endpointState(e) !== 'deleted');
  const live = all.filter(e => isOfService(e, request));
  const selected = selectEndpoints(request, live);
  const staying = all.filter(e => !selected.includes(e));
  const groups = await refuseIamDenial(
    request,
    'DescribeSecurityGroups',
    ['ec2:DescribeSecurityGroups'],
    () => findManagedSecurityGroups(client, vpcId, options),
  );
  // A managed group that an endpoint left in place still uses stays with it.
  const held = new Set(
    staying.flatMap(e => idsOf((e.Groups ?? []).map(g => g.GroupId))),
  );
  const notes: string[] = [];
  const label = requestServiceLabel(request);
  const unmanaged = idsOf(
    live
      .filter(e => !selected.includes(e) && !isManagedEndpoint(e))
      .map(e => e.VpcEndpointId),
  ).sort();
  for (const id of unmanaged) {
    notes.push(
      `${id} is an ${label} endpoint the portal did not make (no ${MANAGED_BY_TAG}=${MANAGED_BY_VALUE} tag); it is left alone. To delete it, run again with vpcEndpointId: ${id} and includeUnmanaged: true.`,
    );
  }
  const groupIds = idsOf(groups.map(g => g.GroupId)).sort();
  for (const id of groupIds.filter(g => held.has(g))) {
    notes.push(
      `${id}, the security group the portal made, is kept: ${idsOf(
        staying
          .filter(e => (e.Groups ?? []).some(g => g.GroupId === id))
          .map(e => e.VpcEndpointId),
      ).join(', ')}, an endpoint that stays, still uses it.`,
    );
  }
  return {
    toDelete: idsOf(
      selected
        .filter(e => endpointState(e) !== 'deleting')
        .map(e => e.VpcEndpointId),
    ).sort(),
    deleting: idsOf(
      selected
        .filter(e => endpointState(e) === 'deleting')
        .map(e => e.VpcEndpointId),
    ),
    groupIds: groupIds.filter(g => !held.has(g)),
    unmanaged,
    notes,
  };
}
