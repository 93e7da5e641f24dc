import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { eksServiceName } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { pause } from '../clock';
import { describeVpc, findVpcEksEndpoints } from '../ec2Reads';
import { awsErrorCode } from '../errors';
import { sendWithBackoff } from '../sendWithBackoff';
import { checkpointKey, runDirectly, type Checkpoint } from './checkpoint';
import { DryRunProbes } from './dryRunProbe';
import { EndpointRequestRefusedError, throwRefusals } from './errors';
import { endpointState } from './endpointState';
import { refuseIamDenial } from './iamDenial';
import { findManagedSecurityGroups } from './managedResources';
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
  /** The managed groups, sorted. */
  groupIds: string[];
}

function idsOf(ids: Array<string | undefined>): string[] {
  return ids.filter((id): id is string => Boolean(id));
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
  const endpoints = await refuseIamDenial(
    request,
    'DescribeVpcEndpoints',
    ['ec2:DescribeVpcEndpoints'],
    () => findVpcEksEndpoints(client, vpcId, eksServiceName(region), options),
  );
  const groups = await refuseIamDenial(
    request,
    'DescribeSecurityGroups',
    ['ec2:DescribeSecurityGroups'],
    () => findManagedSecurityGroups(client, vpcId, options),
  );
  return {
    toDelete: idsOf(
      endpoints
        .filter(e => !['deleted', 'deleting'].includes(endpointState(e)))
        .map(e => e.VpcEndpointId),
    ).sort(),
    deleting: idsOf(
      endpoints
        .filter(e => endpointState(e) === 'deleting')
        .map(e => e.VpcEndpointId),
    ),
    groupIds: idsOf(groups.map(g => g.GroupId)).sort(),
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
    await checkpoint(checkpointKey(request.vpcId, 'deleteEndpoints'), () =>
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
    notes.push(`${request.vpcId} has no EKS endpoint; nothing to delete.`);
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
  const notes: string[] = [];
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
    notes,
  };
}

async function deleteEndpoints(
  client: EC2Client,
  ids: string[],
  options: DeleteEndpointOptions,
): Promise<string[]> {
  const response = await sendWithBackoff(
    client,
    new DeleteVpcEndpointsCommand({ VpcEndpointIds: ids }),
    options,
  );
  const failures = (response.Unsuccessful ?? []).filter(
    u => u.Error?.Code !== 'InvalidVpcEndpointId.NotFound',
  );
  if (failures.length > 0) {
    throw new Error(
      `AWS did not delete ${failures
        .map(u => `${u.ResourceId} (${u.Error?.Code}: ${u.Error?.Message})`)
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
      await sendWithBackoff(
        client,
        new DeleteSecurityGroupCommand({ GroupId: groupId }),
        options,
      );
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
  { toDelete, deleting, groupIds }: Found,
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
        sendWithBackoff(
          client,
          new DeleteVpcEndpointsCommand({
            DryRun: true,
            VpcEndpointIds: toDelete,
          }),
          options,
        ),
    });
  }
  for (const groupId of groupIds) {
    await probes.probe({
      operation: 'DeleteSecurityGroup',
      actions: ['ec2:DeleteSecurityGroup'],
      tolerated: gone,
      send: () =>
        sendWithBackoff(
          client,
          new DeleteSecurityGroupCommand({ DryRun: true, GroupId: groupId }),
          options,
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
      : `[dry run] ${request.vpcId} has no EKS endpoint${
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
    notes: probes.notes,
  };
}
