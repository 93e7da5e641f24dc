import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeVpcsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  eksServiceName,
  validateAccountId,
  validateRegion,
  validateVpcId,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  awsErrorCode,
  awsErrorMessage,
  isDryRunOperation,
  isUnauthorized,
} from '../errors';
import { EndpointRequestRefusedError, type Refusal } from './errors';
import { iamDeniedRefusal, refuseIamDenial } from './iamDenial';
import { findVpcEksEndpoints } from './findVpcEksEndpoints';
import { findManagedSecurityGroups } from './managedResources';
import {
  abortableSleep,
  sendWithBackoff,
  throwIfAborted,
} from './sendWithBackoff';
import type { Checkpoint } from './types';
import {
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  endpointState,
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
  /** The input field the VPC came from, for refusals; default `vpcId`. */
  vpcField?: string;
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

/**
 * Deletes the EKS interface endpoint(s) of a VPC and the security group the
 * create action made for them (found by its tags, so no one else's group is
 * touched). Already gone is success.
 *
 * `DeleteVpcEndpoints` reports per-endpoint failures in `Unsuccessful[]`
 * rather than throwing; `InvalidVpcEndpointId.NotFound` there means done.
 * Endpoints already `deleting` are only waited for. An unknown VPC is a
 * refusal, not a success: a wrong id or region would otherwise report
 * "deleted" while the real endpoint keeps running and costing money.
 *
 * @public
 */
export async function deleteEksEndpoint(
  client: EC2Client,
  request: DeleteEndpointRequest,
  options: DeleteEndpointOptions = {},
): Promise<DeleteEndpointResult> {
  const vpcField = options.vpcField ?? 'vpcId';
  const problems = [
    [vpcField, validateVpcId(request.vpcId, vpcField)],
    ['region', validateRegion(request.region)],
    [
      'accountId',
      request.accountId === undefined
        ? undefined
        : validateAccountId(request.accountId),
    ],
  ].filter((p): p is [string, string] => p[1] !== undefined);
  if (problems.length > 0) {
    throw new EndpointRequestRefusedError(
      problems.map(([field, message]) => ({ field, message })),
    );
  }
  const { vpcId, region } = request;
  const checkpoint: Checkpoint = options.checkpoint ?? ((_key, fn) => fn());
  const wait = options.wait ?? true;
  const log = options.logger;
  const notes: string[] = [];

  try {
    await refuseIamDenial(request, 'DescribeVpcs', ['ec2:DescribeVpcs'], () =>
      sendWithBackoff(
        client,
        new DescribeVpcsCommand({ VpcIds: [vpcId] }),
        options,
      ),
    );
  } catch (error) {
    if (awsErrorCode(error) === 'InvalidVpcID.NotFound') {
      throw new EndpointRequestRefusedError([
        {
          field: vpcField,
          message: `${vpcField}: ${vpcId} was not found in ${region}${
            request.accountId ? ` (account ${request.accountId})` : ''
          }, so its endpoint cannot be looked up. Check the VPC id and its region.`,
        },
      ]);
    }
    throw error;
  }

  const endpoints = await refuseIamDenial(
    request,
    'DescribeVpcEndpoints',
    ['ec2:DescribeVpcEndpoints'],
    () => findVpcEksEndpoints(client, vpcId, eksServiceName(region), options),
  );
  const toDelete = endpoints
    .filter(e => !['deleted', 'deleting'].includes(endpointState(e)))
    .map(e => e.VpcEndpointId!)
    .filter(Boolean)
    .sort();
  const deleting = endpoints
    .filter(e => endpointState(e) === 'deleting')
    .map(e => e.VpcEndpointId!)
    .filter(Boolean);
  const groups = await refuseIamDenial(
    request,
    'DescribeSecurityGroups',
    ['ec2:DescribeSecurityGroups'],
    () => findManagedSecurityGroups(client, vpcId, options),
  );
  const groupIds = groups
    .map(g => g.GroupId!)
    .filter(Boolean)
    .sort();

  if (options.dryRun) {
    return dryRunDelete(client, request, toDelete, deleting, groupIds, options);
  }

  if (toDelete.length > 0) {
    await checkpoint(`eks-privatelink.${vpcId}.deleteEndpoints`, () =>
      refuseIamDenial(
        request,
        'DeleteVpcEndpoints',
        ['ec2:DeleteVpcEndpoints'],
        () => deleteEndpoints(client, toDelete, options),
      ),
    );
    log?.info(`Deleting ${toDelete.join(', ')}`);
  }
  const gone = [...toDelete, ...deleting];
  if (gone.length === 0) {
    notes.push(`${vpcId} has no EKS endpoint; nothing to delete.`);
  }
  if (!wait) {
    if (gone.length > 0) {
      notes.push(
        `Not waiting (wait: false): ${gone.join(
          ', ',
        )} may still be deleting, so the managed security group is deleted only if nothing holds it any more.`,
      );
    }
  } else {
    for (const id of gone) {
      await waitForEndpointDeleted(client, id, {
        ...options,
        onState:
          options.onState ??
          ((state, seconds) =>
            log?.info(`${id} is ${state} after ${seconds} s`)),
      });
    }
  }

  const deletedGroups: string[] = [];
  for (const groupId of groupIds) {
    const deleted = await refuseIamDenial(
      request,
      'DeleteSecurityGroup',
      ['ec2:DeleteSecurityGroup'],
      () => deleteGroup(client, groupId, wait, options),
    );
    if (deleted) {
      deletedGroups.push(groupId);
      log?.info(`Deleted security group ${groupId}`);
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
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const deadline =
    now() + (options.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS) * 1000;
  let delay = GROUP_RETRY_FIRST_MS;
  for (;;) {
    throwIfAborted(options.signal);
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
      await sleep(Math.min(delay, remaining), options.signal);
      delay = Math.min(delay * 2, GROUP_RETRY_MAX_MS);
    }
  }
}

async function dryRunDelete(
  client: EC2Client,
  request: DeleteEndpointRequest,
  toDelete: string[],
  deleting: string[],
  groupIds: string[],
  options: DeleteEndpointOptions,
): Promise<DeleteEndpointResult> {
  const refusals: Refusal[] = [];
  const notes: string[] = [];
  const probe = async (
    operation: string,
    action: string,
    send: () => Promise<unknown>,
  ) => {
    try {
      await send();
      notes.push(
        `The EC2 endpoint ignored DryRun on ${operation} and really ran it (an emulator?).`,
      );
    } catch (error) {
      if (isDryRunOperation(error)) {
        return;
      }
      if (isUnauthorized(error)) {
        refusals.push(iamDeniedRefusal(request, operation, [action], error));
        return;
      }
      // A group or endpoint that is already gone only means less to delete.
      if (
        ['InvalidGroup.NotFound', 'InvalidVpcEndpointId.NotFound'].includes(
          awsErrorCode(error) ?? '',
        )
      ) {
        return;
      }
      refusals.push({
        field: 'request',
        message: `The dry run of ${operation} failed: ${awsErrorMessage(
          error,
        )}`,
      });
    }
  };
  if (toDelete.length > 0) {
    await probe('DeleteVpcEndpoints', 'ec2:DeleteVpcEndpoints', () =>
      sendWithBackoff(
        client,
        new DeleteVpcEndpointsCommand({
          DryRun: true,
          VpcEndpointIds: toDelete,
        }),
        options,
      ),
    );
  }
  for (const groupId of groupIds) {
    await probe('DeleteSecurityGroup', 'ec2:DeleteSecurityGroup', () =>
      sendWithBackoff(
        client,
        new DeleteSecurityGroupCommand({ DryRun: true, GroupId: groupId }),
        options,
      ),
    );
  }
  if (refusals.length > 0) {
    throw new EndpointRequestRefusedError(refusals);
  }
  const gone = [...toDelete, ...deleting];
  options.logger?.info(
    gone.length > 0
      ? `[dry run] Would delete ${gone.join(', ')}${
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
    vpcEndpointIds: gone,
    alreadyGone: gone.length === 0,
    securityGroupIds: groupIds,
    notes,
  };
}
