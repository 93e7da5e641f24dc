import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  type EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  EKS_ENDPOINT_SERVICES,
  endpointServiceName,
  type EksEndpointService,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { pause } from '../clock';
import { describeVpc, findVpcEksEndpoints } from '../ec2Reads';
import { awsErrorCode, redactAwsText } from '../errors';
import { checkpointKey, runDirectly, type Checkpoint } from './checkpoint';
import { DryRunProbes } from './dryRunProbe';
import { EndpointRequestRefusedError, throwRefusals } from './errors';
import { endpointState } from './endpointState';
import { refuseIamDenial } from './iamDenial';
import {
  requestService,
  requestServiceLabel,
  requestServiceName,
} from './requestService';
import {
  findManagedSecurityGroups,
  isManagedEndpoint,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from './managedResources';
import {
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  waitForEndpointDeleted,
  type WaitOptions,
} from './waitForEndpoint';

/** Which VPC's EKS endpoint to delete. @public */
export interface DeleteEndpointRequest {
  vpcId: string;
  region: string;
  accountId?: string;
  /**
   * The service whose endpoint goes: `eks` (the EKS API, the default) or
   * `eks-auth` (EKS Pod Identity). Endpoints of the other service stay, and
   * so does the managed security group while one of them uses it.
   */
  service?: EksEndpointService;
  /** Delete only this endpoint of the VPC (of the service). */
  vpcEndpointId?: string;
  /**
   * Let `vpcEndpointId` name an endpoint the portal did not make (one
   * without the managed-by tag); without it such endpoints are left alone.
   */
  includeUnmanaged?: boolean;
}

/** Options of {@link deleteEksEndpoint}. @public */
export interface DeleteEndpointOptions extends WaitOptions {
  /** Probe with `DryRun: true` instead of deleting. */
  dryRun?: boolean;
  /** Wait until the endpoint is gone (and then delete its group); default true. */
  wait?: boolean;
  checkpoint?: Checkpoint;
}

/** What {@link deleteEksEndpoint} did. @public */
export interface DeleteEndpointResult {
  dryRun: boolean;
  /** The EKS endpoints deleted (or, in a dry run, that would be). */
  vpcEndpointIds: string[];
  /** True when the VPC had no EKS endpoint left to delete. */
  alreadyGone: boolean;
  /** Managed security groups deleted (or that would be). */
  securityGroupIds: string[];
  /** EKS endpoints of the VPC the portal did not make, left alone. */
  unmanagedEndpointIds: string[];
  notes: string[];
}

// An endpoint's network interfaces hold on to its security group for a
// while after the endpoint is gone; EC2 answers DependencyViolation until then.
const GROUP_RETRY_FIRST_MS = 5000;
const GROUP_RETRY_MAX_MS = 30_000;

/** What a delete finds in the VPC. */
interface Found {
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
async function findWhatToDelete(
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

/** Deletes the endpoints and, unless told not to, waits until they are gone. */
async function deleteAndWait(
  client: EC2Client,
  request: DeleteEndpointRequest,
  found: Found,
  options: DeleteEndpointOptions,
  notes: string[],
): Promise<string[]> {
  const { toDelete } = found;
  const log = options.logger;
  if (toDelete.length > 0) {
    const checkpoint = options.checkpoint ?? runDirectly;
    const key = checkpointKey(
      request.vpcId,
      'deleteEndpoints',
      requestService(request),
    );
    await checkpoint(key, () =>
      refuseIamDenial(
        request,
        'DeleteVpcEndpoints',
        ['ec2:DeleteVpcEndpoints'],
        () => deleteEndpoints(client, toDelete, options),
      ),
    );
    log?.info(`Deleting ${toDelete.join(', ')}`);
  }
  const gone = [...toDelete, ...found.deleting];
  if (gone.length === 0) {
    notes.push(
      `${request.vpcId} has no ${requestServiceLabel(request)} endpoint${
        found.unmanaged.length > 0 ? ' the portal manages' : ''
      }; nothing to delete.`,
    );
  } else if (options.wait === false) {
    notes.push(
      `Not waiting (wait: false): ${gone.join(
        ', ',
      )} may still be deleting, so the managed security group is deleted only if nothing holds it any more.`,
    );
  }
  if (options.wait !== false) {
    for (const id of gone) {
      await waitForEndpointDeleted(client, id, options);
    }
  }
  return gone;
}

/**
 * Deletes the EKS interface endpoint(s) of a VPC and the security group the
 * create action made for them (found by its tags, so no one else's group is
 * touched). Already gone is success.
 *
 * `DeleteVpcEndpoints` reports per-endpoint failures in `Unsuccessful[]`
 * rather than throwing; `InvalidVpcEndpointId.NotFound` there means done.
 * Endpoints already `deleting` are only waited for. An unknown VPC is
 * refused.
 *
 * @public
 */
export async function deleteEksEndpoint(
  client: EC2Client,
  request: DeleteEndpointRequest,
  options: DeleteEndpointOptions = {},
): Promise<DeleteEndpointResult> {
  const found = await findWhatToDelete(client, request, options);
  if (options.dryRun) {
    return dryRunDelete(client, request, found, options);
  }
  const notes = [...found.notes];
  const gone = await deleteAndWait(client, request, found, options, notes);
  const deletedGroups: string[] = [];
  for (const groupId of found.groupIds) {
    const deleted = await refuseIamDenial(
      request,
      'DeleteSecurityGroup',
      ['ec2:DeleteSecurityGroup'],
      () => deleteGroup(client, groupId, options.wait ?? true, options),
    );
    if (deleted) {
      deletedGroups.push(groupId);
      options.logger?.info(`Deleted security group ${groupId}`);
    } else {
      notes.push(
        `${groupId} is still in use (the endpoint's network interfaces hold it until they are gone); run the delete again later to remove it.`,
      );
    }
  }
  return {
    dryRun: false,
    vpcEndpointIds: gone,
    alreadyGone: gone.length === 0,
    securityGroupIds: deletedGroups,
    unmanagedEndpointIds: found.unmanaged,
    notes,
  };
}

async function deleteEndpoints(
  client: EC2Client,
  ids: string[],
  options: DeleteEndpointOptions,
): Promise<string[]> {
  const response = await client.send(
    new DeleteVpcEndpointsCommand({ VpcEndpointIds: ids }),
    { abortSignal: options.signal },
  );
  const failures = (response.Unsuccessful ?? []).filter(
    u => u.Error?.Code !== 'InvalidVpcEndpointId.NotFound',
  );
  if (failures.length > 0) {
    throw new Error(
      `AWS did not delete ${failures
        .map(
          u =>
            `${u.ResourceId} (${u.Error?.Code}: ${redactAwsText(
              u.Error?.Message ?? '',
            )})`,
        )
        .join(
          ', ',
        )}. Check the endpoint in the VPC console and run the delete again.`,
    );
  }
  return ids;
}

/** Deletes one group; false when it is still in use and waiting is off or ran out. */
async function deleteGroup(
  client: EC2Client,
  groupId: string,
  wait: boolean,
  options: DeleteEndpointOptions,
): Promise<boolean> {
  const now = options.now ?? Date.now;
  const deadline =
    now() + (options.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS) * 1000;
  let delay = GROUP_RETRY_FIRST_MS;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      await client.send(new DeleteSecurityGroupCommand({ GroupId: groupId }), {
        abortSignal: options.signal,
      });
      return true;
    } catch (error) {
      const code = awsErrorCode(error);
      if (code === 'InvalidGroup.NotFound') {
        return true;
      }
      if (code !== 'DependencyViolation') {
        throw error;
      }
      const remaining = deadline - now();
      if (!wait || remaining <= 0) {
        return false;
      }
      await pause(Math.min(delay, remaining), options);
      delay = Math.min(delay * 2, GROUP_RETRY_MAX_MS);
    }
  }
}

async function dryRunDelete(
  client: EC2Client,
  request: DeleteEndpointRequest,
  { toDelete, deleting, groupIds, unmanaged, notes }: Found,
  options: DeleteEndpointOptions,
): Promise<DeleteEndpointResult> {
  const probes = new DryRunProbes(request);
  // A group or endpoint that is already gone only means less to delete.
  const gone = (error: unknown) =>
    ['InvalidGroup.NotFound', 'InvalidVpcEndpointId.NotFound'].includes(
      awsErrorCode(error) ?? '',
    );
  if (toDelete.length > 0) {
    await probes.probe({
      operation: 'DeleteVpcEndpoints',
      actions: ['ec2:DeleteVpcEndpoints'],
      tolerated: gone,
      send: () =>
        client.send(
          new DeleteVpcEndpointsCommand({
            DryRun: true,
            VpcEndpointIds: toDelete,
          }),
          { abortSignal: options.signal },
        ),
    });
  }
  for (const groupId of groupIds) {
    await probes.probe({
      operation: 'DeleteSecurityGroup',
      actions: ['ec2:DeleteSecurityGroup'],
      tolerated: gone,
      send: () =>
        client.send(
          new DeleteSecurityGroupCommand({ DryRun: true, GroupId: groupId }),
          { abortSignal: options.signal },
        ),
    });
  }
  throwRefusals(probes.refusals);
  const ids = [...toDelete, ...deleting];
  options.logger?.info(
    ids.length > 0
      ? `[dry run] Would delete ${ids.join(', ')}${
          groupIds.length ? ` and security group ${groupIds.join(', ')}` : ''
        }`
      : `[dry run] ${request.vpcId} has no ${requestServiceLabel(
          request,
        )} endpoint${
          groupIds.length
            ? `; would delete security group ${groupIds.join(', ')}`
            : ''
        }`,
  );
  return {
    dryRun: true,
    vpcEndpointIds: ids,
    alreadyGone: ids.length === 0,
    securityGroupIds: groupIds,
    unmanagedEndpointIds: unmanaged,
    notes: [...notes, ...probes.notes],
  };
}
