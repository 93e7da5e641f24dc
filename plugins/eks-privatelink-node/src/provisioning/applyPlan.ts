import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  ModifyVpcAttributeCommand,
  type EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { InputError } from '@backstage/errors';
import { describeEndpoint, findSecurityGroupByName } from '../ec2Reads';
import {
  awsErrorCode,
  isUnauthorized,
  publicAwsMessage,
  redactAwsText,
} from '../errors';
import { toInventoryEndpoint } from '../inventoryEndpoint';
import type { JsonValue } from '@backstage/types';
import { runDirectly } from './checkpoint';
import {
  authorizeIngressInput,
  createEndpointInput,
  createFlowLogsInput,
  createSecurityGroupInput,
  enableVpcDnsInput,
  iamActionsOf,
  type UpdateCall,
  type IngressSources,
} from './commands';
import { applyEndpointUpdate } from './applyUpdate';
import { dryRunPlan } from './dryRunPlan';
import { explainRuleRefusal } from './explainCreateError';
import { endpointState } from './endpointState';
import { refuseIamDenial } from './iamDenial';
import { isManagedSecurityGroup } from './managedResources';
import { privateDnsNameOf, requestServiceLabel } from './requestService';
import type {
  AppliedStep,
  ApplyOptions,
  ApplyResult,
  CreateEndpointChange,
  CreateFlowLogsChange,
  CreateSecurityGroupChange,
  Plan,
  PlannedChange,
} from './types';
import { waitForEndpoint, waitForEndpointDeleted } from './waitForEndpoint';

/** The real run: what it works with, and what it has made so far. */
interface RealRun {
  client: EC2Client;
  plan: Plan;
  options: ApplyOptions;
  /** The managed group: found by the plan, or made by this run. */
  securityGroupId: string | null;
  endpointId: string | null;
  created: boolean;
  modified: boolean;
}

/** Runs one side effect once per task and key; an IAM denial names what to grant. */
function onceFor<T extends JsonValue | void>(
  run: RealRun,
  call: Pick<UpdateCall, 'key' | 'operation' | 'actions'>,
  fn: () => Promise<T>,
): Promise<T> {
  const checkpoint = run.options.checkpoint ?? runDirectly;
  return checkpoint(call.key, () =>
    refuseIamDenial(run.plan, call.operation, call.actions, fn),
  );
}

/** Runs one change's side effect once per task; an IAM denial names what to grant. */
function once<T extends JsonValue | void>(
  run: RealRun,
  change: PlannedChange,
  operation: string,
  fn: () => Promise<T>,
): Promise<T> {
  const actions = iamActionsOf(change, run.plan);
  return onceFor(run, { key: change.key, operation, actions }, fn);
}

async function createManagedGroup(
  run: RealRun,
  change: CreateSecurityGroupChange,
): Promise<string> {
  const { client, options } = run;
  let groupId: string | undefined;
  try {
    groupId = (
      await client.send(
        new CreateSecurityGroupCommand(createSecurityGroupInput(change)),
        { abortSignal: options.signal },
      )
    ).GroupId;
  } catch (error) {
    // The name is unique per VPC: a duplicate is the group an interrupted
    // attempt made before its checkpoint was stored.
    if (awsErrorCode(error) !== 'InvalidGroup.Duplicate') {
      throw error;
    }
    const found = await findSecurityGroupByName(
      client,
      change.vpcId,
      change.groupName,
      options,
    );
    // Someone else may have taken the name since the plan looked.
    if (found && !isManagedSecurityGroup(found, change.vpcId)) {
      throw new InputError(
        `A security group named ${change.groupName} (${found.GroupId}) appeared in ${change.vpcId} without the portal's tags, so it is not adopted. Rename or delete it and run again, or give securityGroupIds with createSecurityGroup: false.`,
      );
    }
    groupId = found?.GroupId;
  }
  if (!groupId) {
    throw new Error(
      `CreateSecurityGroup returned no group id for ${change.groupName} in ${change.vpcId}`,
    );
  }
  await authorizeIngress(run, change, groupId);
  return groupId;
}

/**
 * Adds the TCP 443 rules to the managed group. A rule that exists already
 * (an earlier attempt added it) answers `InvalidPermission.Duplicate`, which
 * is what was wanted.
 */
async function authorizeIngress(
  run: RealRun,
  sources: IngressSources,
  groupId: string,
): Promise<void> {
  try {
    await run.client.send(
      new AuthorizeSecurityGroupIngressCommand(
        authorizeIngressInput(sources, groupId),
      ),
      { abortSignal: run.options.signal },
    );
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidPermission.Duplicate') {
      throw error;
    }
  }
}

/** Turns the AWS errors of a create into what to do about them. */
function explainCreateError(
  error: unknown,
  plan: Plan,
  clientToken: string,
): Error {
  const code = awsErrorCode(error);
  const said = publicAwsMessage(error);
  if (code === 'IdempotentParameterMismatch') {
    return new InputError(
      `AWS refused the idempotency token ${clientToken}: it was used before for a CreateVpcEndpoint request with other parameters (IdempotentParameterMismatch). The token is derived from the VPC, subnets, security groups, private DNS, IP address type, policy and tags, so something outside this action changed one of them between two attempts. Look for an ${requestServiceLabel(
        plan,
      )} endpoint in ${
        plan.vpcId
      } (VPC console, or DescribeVpcEndpoints): if there is one, run again with onExisting reuse or update; if there is none, change any input (a tag will do) to get a new token, or run again later once AWS has forgotten the old one. AWS said: ${said}`,
    );
  }
  if (code === 'VpcEndpointLimitExceeded') {
    return new InputError(
      `${plan.vpcId} has reached its quota of interface endpoints (VpcEndpointLimitExceeded). Delete endpoints it no longer needs or ask for a higher "Interface VPC endpoints per VPC" quota in Service Quotas. AWS said: ${said}`,
    );
  }
  if (code === 'ConflictingDomainExists' || /conflicting dns/i.test(said)) {
    return new InputError(
      `Private DNS for ${plan.serviceName} conflicts with a name ${
        plan.vpcId
      } already resolves: another endpoint of ${
        plan.serviceName
      } with private DNS, or a Route 53 private hosted zone for ${privateDnsNameOf(
        plan,
      )}, is associated with the VPC. Remove that one, or set privateDnsEnabled to false. AWS said: ${said}`,
    );
  }
  return (
    explainRuleRefusal(error, plan) ??
    (error instanceof Error ? error : new Error(said))
  );
}

async function createEndpoint(
  run: RealRun,
  change: CreateEndpointChange,
  securityGroupId: string | null,
): Promise<{ vpcEndpointId: string; state: string }> {
  const { plan } = run;
  const input = createEndpointInput(plan, change, securityGroupId);
  let endpoint: VpcEndpoint | undefined;
  try {
    endpoint = (
      await run.client.send(new CreateVpcEndpointCommand(input), {
        abortSignal: run.options.signal,
      })
    ).VpcEndpoint;
  } catch (error) {
    throw isUnauthorized(error)
      ? error
      : explainCreateError(error, plan, input.ClientToken);
  }
  if (!endpoint?.VpcEndpointId) {
    throw new Error(
      `CreateVpcEndpoint returned no endpoint for ${plan.vpcId}; look for it in the VPC console before running again`,
    );
  }
  const state = endpointState(endpoint);
  if (state === 'deleted' || state === 'deleting') {
    // AWS answers a repeated token with the endpoint it made the first time,
    // even when that endpoint has since been deleted.
    throw new InputError(
      `AWS answered with ${endpoint.VpcEndpointId}, which is ${state}: token ${input.ClientToken} belongs to an endpoint that was created with the same parameters and then deleted. Change any input (a tag will do) to get a new token, or run again later.`,
    );
  }
  return { vpcEndpointId: endpoint.VpcEndpointId, state };
}

/** Makes one change before the wait; returns what the step log shows. */
async function makeChange(
  run: RealRun,
  change: Exclude<PlannedChange, CreateFlowLogsChange>,
): Promise<string | undefined> {
  const { client, options } = run;
  const groupId = run.securityGroupId;
  switch (change.kind) {
    case 'enableDnsSupport':
    case 'enableDnsHostnames':
      await once(run, change, 'ModifyVpcAttribute', async () => {
        await client.send(
          new ModifyVpcAttributeCommand(enableVpcDnsInput(change)),
          { abortSignal: options.signal },
        );
        return true;
      });
      return undefined;
    case 'createSecurityGroup':
      run.securityGroupId = await once(run, change, 'CreateSecurityGroup', () =>
        createManagedGroup(run, change),
      );
      return run.securityGroupId;
    case 'authorizeIngress':
      await once(run, change, 'AuthorizeSecurityGroupIngress', async () => {
        await authorizeIngress(run, change, change.groupId);
        return true;
      });
      return change.groupId;
    case 'createEndpoint':
      for (const id of change.waitForDeletion) {
        options.logger?.info(`Waiting for ${id} to finish deleting`);
        await waitForEndpointDeleted(client, id, options);
      }
      run.endpointId = (
        await once(run, change, 'CreateVpcEndpoint', () =>
          createEndpoint(run, change, groupId),
        )
      ).vpcEndpointId;
      run.created = true;
      return run.endpointId;
    case 'modifyEndpoint':
      run.modified = await applyEndpointUpdate(client, change, groupId, {
        signal: options.signal,
        once: (call, fn) => onceFor(run, call, fn),
      });
      return undefined;
    default:
      throw new Error(`Unknown change ${(change as PlannedChange).kind}`);
  }
}

/** The endpoint once available or, with `wait: false`, as it is now. */
async function settle(
  run: RealRun,
  endpointId: string,
  wait: boolean,
  notes: string[],
): Promise<VpcEndpoint | undefined> {
  const { client, plan, options } = run;
  const log = options.logger;
  if (wait) {
    log?.info(`Waiting for ${endpointId} to become available`);
    return waitForEndpoint(client, endpointId, options);
  }
  if (!run.created && !run.modified && plan.existingEndpoint) {
    return undefined;
  }
  const latest = await describeEndpoint(client, endpointId, options);
  notes.push(
    `Not waiting (wait: false): ${endpointId} is ${
      latest ? endpointState(latest) : 'not visible yet'
    }; it becomes usable once available.`,
  );
  return latest;
}

async function createFlowLogs(
  run: RealRun,
  change: CreateFlowLogsChange,
  endpoint: VpcEndpoint,
  endpointId: string,
): Promise<string[]> {
  const eniIds = endpoint.NetworkInterfaceIds ?? [];
  if (eniIds.length === 0) {
    throw new Error(
      `${endpointId} lists no network interfaces, so there is nothing to attach flow logs to; run again once it shows them.`,
    );
  }
  const response = await run.client.send(
    new CreateFlowLogsCommand(
      createFlowLogsInput(change, { endpointId, networkInterfaceIds: eniIds }),
    ),
    { abortSignal: run.options.signal },
  );
  const failures = (response.Unsuccessful ?? []).filter(
    u => u.Error?.Code !== 'FlowLogAlreadyExists',
  );
  if (failures.length > 0) {
    const text = failures
      .map(
        u =>
          `${u.ResourceId}: ${u.Error?.Code}: ${redactAwsText(
            u.Error?.Message ?? '',
          )}`,
      )
      .join('; ');
    const field = failures.some(u =>
      /PermissionIssue/.test(u.Error?.Code ?? ''),
    )
      ? 'flowLogs.deliverLogsPermissionArn'
      : 'flowLogs.destination';
    throw new InputError(
      `${endpointId} exists, but its flow logs could not be created (${text}). Fix ${field} and run again: the endpoint is reused and only the flow logs are retried.`,
    );
  }
  return response.FlowLogIds ?? [];
}

/**
 * Executes a {@link Plan}.
 *
 * Real run, in order: `enableDnsSupport`, then `enableDnsHostnames` (AWS
 * turns hostnames on only while support is on), the managed security group
 * and its TCP 443 rule (or, for a group an earlier run made, the rules it
 * lacks), `CreateVpcEndpoint` with the deterministic `ClientToken` (or, to
 * update an endpoint in place, `ModifyVpcEndpoint`, `CreateTags` and
 * `DeleteTags`), the wait for `available`, then `CreateFlowLogs` on the
 * endpoint's network interfaces. Each side effect
 * runs inside `checkpoint`, so a retried task gets the stored result back
 * instead of repeating it.
 *
 * Dry run: every change that EC2 can probe is sent as the real run would
 * send it, with `DryRun: true`; `DryRunOperation` means permitted, an IAM
 * denial becomes a refusal that names the action to grant. Nothing is
 * changed.
 *
 * @public
 */
export async function applyPlan(
  client: EC2Client,
  plan: Plan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (options.dryRun) {
    return dryRunPlan(client, plan, options);
  }
  const wait = options.wait ?? true;
  const flowLogs = plan.changes.find(
    (c): c is CreateFlowLogsChange => c.kind === 'createFlowLogs',
  );
  if (!wait && flowLogs) {
    throw new InputError(
      "flowLogs needs wait: true — flow logs attach to the endpoint's network interfaces, which exist only once it is available.",
    );
  }
  const run: RealRun = {
    client,
    plan,
    options,
    securityGroupId: plan.managedSecurityGroupId,
    endpointId: plan.existingEndpoint?.vpcEndpointId ?? null,
    created: false,
    modified: false,
  };
  const steps: AppliedStep[] = [];
  const done = (change: PlannedChange, detail?: string) => {
    const { key, kind, description } = change;
    steps.push({ key, kind, description, outcome: 'done', detail });
    options.logger?.info(detail ? `${description}: ${detail}` : description);
  };

  for (const change of plan.changes) {
    options.signal?.throwIfAborted();
    if (change.kind !== 'createFlowLogs') {
      done(change, await makeChange(run, change));
    }
  }
  const endpointId = run.endpointId;
  if (!endpointId) {
    throw new Error('The plan has no endpoint to create or reuse');
  }
  const notes: string[] = [];
  const latest = await settle(run, endpointId, wait, notes);
  if (flowLogs && latest) {
    const flowLogIds = await once(run, flowLogs, 'CreateFlowLogs', () =>
      createFlowLogs(run, flowLogs, latest, endpointId),
    );
    done(flowLogs, flowLogIds.join(', ') || 'already in place');
  }

  return {
    dryRun: false,
    created: run.created,
    endpoint: latest
      ? toInventoryEndpoint(latest, new Date(options.now?.() ?? Date.now()), {
          subnetAvailabilityZones: plan.subnetAvailabilityZones,
        })
      : plan.existingEndpoint,
    securityGroupId: run.securityGroupId,
    steps,
    notes,
  };
}
