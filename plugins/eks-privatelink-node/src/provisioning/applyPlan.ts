import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
  RevokeSecurityGroupIngressCommand,
  type CreateVpcEndpointCommandInput,
  type EC2Client,
  type IpPermission,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { InputError } from '@backstage/errors';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { createHash } from 'node:crypto';
import {
  awsErrorCode,
  awsErrorMessage,
  isDryRunOperation,
  isUnauthorized,
} from '../errors';
import { toInventoryEndpoint } from '../inventoryEndpoint';
import { endpointClientToken } from './clientToken';
import { EndpointRequestRefusedError, type Refusal } from './errors';
import { iamDeniedRefusal, refuseIamDenial } from './iamDenial';
import { findSecurityGroupByName, toEc2Tags } from './managedResources';
import { sendWithBackoff, throwIfAborted } from './sendWithBackoff';
import type {
  Checkpoint,
  CreateEndpointChange,
  CreateEndpointParameters,
  CreateFlowLogsChange,
  CreateSecurityGroupChange,
  ModifyEndpointChange,
  Plan,
  PlannedChange,
} from './types';
import {
  describeEndpoint,
  endpointState,
  waitForEndpoint,
  waitForEndpointDeleted,
  type WaitOptions,
} from './waitForEndpoint';

/** Options of {@link applyPlan}. @public */
export interface ApplyOptions extends WaitOptions {
  /**
   * Probe each change with `DryRun: true` instead of making it. Nothing
   * changes; IAM denials come back as refusals.
   */
  dryRun?: boolean;
  /** Wraps each side effect; pass the scaffolder's `ctx.checkpoint`. */
  checkpoint?: Checkpoint;
  /** Wait until the endpoint is available; default true. Flow logs need it. */
  wait?: boolean;
}

/**
 * What happened to one change: `done` (made now or by an earlier attempt of
 * the same task), `permitted` (a dry run probe said the call would
 * succeed), `not-probed` (a dry run could not ask; `detail` says why).
 *
 * @public
 */
export interface AppliedStep {
  key: string;
  kind: PlannedChange['kind'];
  description: string;
  outcome: 'done' | 'permitted' | 'not-probed';
  detail?: string;
}

/** The result of {@link applyPlan}. @public */
export interface ApplyResult {
  dryRun: boolean;
  /** True when this run (or an earlier attempt of the same task) created the endpoint. */
  created: boolean;
  /** The endpoint as AWS last described it; null in a dry run that would create it. */
  endpoint: InventoryEndpoint | null;
  /** The security group the action manages for this endpoint, if any. */
  securityGroupId: string | null;
  steps: AppliedStep[];
  notes: string[];
}

const runDirectly: Checkpoint = (_key, fn) => fn();

/** The IAM actions a change needs, for refusals and notes. */
function iamActionsOf(change: PlannedChange, plan: Plan): string[] {
  switch (change.kind) {
    case 'enableDnsSupport':
    case 'enableDnsHostnames':
      return ['ec2:ModifyVpcAttribute'];
    case 'createSecurityGroup':
      return [
        'ec2:CreateSecurityGroup',
        'ec2:CreateTags',
        'ec2:AuthorizeSecurityGroupIngress',
      ];
    case 'createEndpoint':
      return [
        'ec2:CreateVpcEndpoint',
        'ec2:CreateTags',
        ...(plan.privateDnsEnabled
          ? ['route53:AssociateVPCWithHostedZone']
          : []),
      ];
    case 'modifyEndpoint':
      return ['ec2:ModifyVpcEndpoint'];
    case 'createFlowLogs':
      return [
        'ec2:CreateFlowLogs',
        ...(change.flowLogs.deliverLogsPermissionArn ? ['iam:PassRole'] : []),
      ];
    default:
      return [];
  }
}

function ingressPermissions(change: CreateSecurityGroupChange): IpPermission[] {
  return [
    {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      IpRanges: change.ingressCidrs.map(CidrIp => ({
        CidrIp,
        Description: 'HTTPS to the EKS API endpoint from the VPC',
      })),
      Ipv6Ranges:
        change.ingressIpv6Cidrs.length > 0
          ? change.ingressIpv6Cidrs.map(CidrIpv6 => ({
              CidrIpv6,
              Description: 'HTTPS to the EKS API endpoint from the VPC',
            }))
          : undefined,
    },
  ];
}

function createEndpointInput(
  parameters: CreateEndpointParameters,
): CreateVpcEndpointCommandInput {
  // Lists go out sorted: the token is computed over sorted lists, and AWS
  // compares a repeated request's parameters as sent.
  const groups = [...parameters.securityGroupIds].sort();
  return {
    VpcEndpointType: 'Interface',
    VpcId: parameters.vpcId,
    ServiceName: parameters.serviceName,
    SubnetIds: [...parameters.subnetIds].sort(),
    // No group: AWS attaches the VPC's default group.
    SecurityGroupIds: groups.length > 0 ? groups : undefined,
    PrivateDnsEnabled: parameters.privateDnsEnabled,
    IpAddressType: parameters.ipAddressType,
    PolicyDocument: parameters.policyDocument ?? undefined,
    TagSpecifications: [
      { ResourceType: 'vpc-endpoint', Tags: toEc2Tags(parameters.tags) },
    ],
  };
}

/** Turns the AWS errors of a create into what to do about them. */
function explainCreateError(
  error: unknown,
  plan: Plan,
  clientToken: string,
): Error {
  const code = awsErrorCode(error);
  const said = awsErrorMessage(error);
  if (code === 'IdempotentParameterMismatch') {
    return new InputError(
      `AWS refused the idempotency token ${clientToken}: it was used before for a CreateVpcEndpoint request with other parameters (IdempotentParameterMismatch). The token is derived from the VPC, subnets, security groups, private DNS, IP address type, policy and tags, so something outside this action changed one of them between two attempts. Look for an EKS endpoint in ${plan.vpcId} (VPC console, or DescribeVpcEndpoints): if there is one, run again with onExisting reuse or update; if there is none, change any input (a tag will do) to get a new token, or run again later once AWS has forgotten the old one. AWS said: ${said}`,
    );
  }
  if (code === 'VpcEndpointLimitExceeded') {
    return new InputError(
      `${plan.vpcId} has reached its quota of interface endpoints (VpcEndpointLimitExceeded). Delete endpoints it no longer needs or ask for a higher "Interface VPC endpoints per VPC" quota in Service Quotas. AWS said: ${said}`,
    );
  }
  if (code === 'ConflictingDomainExists' || /conflicting dns/i.test(said)) {
    return new InputError(
      `Private DNS for ${plan.serviceName} conflicts with a name ${plan.vpcId} already resolves: another EKS endpoint with private DNS, or a Route 53 private hosted zone for eks.${plan.region}.amazonaws.com, is associated with the VPC. Remove that one, or set privateDnsEnabled to false. AWS said: ${said}`,
    );
  }
  return error instanceof Error ? error : new Error(said);
}

function flowLogsToken(
  endpointId: string,
  change: CreateFlowLogsChange,
  eniIds: string[],
): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        endpointId,
        eniIds: [...eniIds].sort(),
        ...change.flowLogs,
        trafficType: change.flowLogs.trafficType ?? 'ALL',
      }),
    )
    .digest('hex');
  return `eks-privatelink-fl-${hash.slice(0, 45)}`;
}

/**
 * Executes a {@link Plan}.
 *
 * Real run, in order: `enableDnsSupport`, then `enableDnsHostnames` (AWS
 * turns hostnames on only while support is on), the managed security group
 * and its TCP 443 rule, `CreateVpcEndpoint` with the deterministic
 * `ClientToken` (or `ModifyVpcEndpoint`), the wait for `available`, then
 * `CreateFlowLogs` on the endpoint's network interfaces. Each side effect
 * runs inside `checkpoint`, so a retried task gets the stored result back
 * instead of repeating it.
 *
 * Dry run: every change that EC2 can probe is sent with `DryRun: true`;
 * `DryRunOperation` means permitted, an IAM denial becomes a refusal that
 * names the action to grant. Where a probe needs a resource that only the
 * real run creates, it uses the VPC's default security group instead: the
 * endpoint probe goes out with the default group (or the groups given), the
 * ingress probe targets the default group. `ModifyVpcAttribute` takes no
 * `DryRun` and flow log interfaces do not exist yet, so those are listed as
 * `not-probed` (flow logs are probed against the VPC instead of the
 * interfaces). Nothing is changed.
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
  const checkpoint = options.checkpoint ?? runDirectly;
  const wait = options.wait ?? true;
  const log = options.logger;
  const steps: AppliedStep[] = [];
  const notes: string[] = [];
  const done = (change: PlannedChange, detail?: string) => {
    steps.push({
      key: change.key,
      kind: change.kind,
      description: change.description,
      outcome: 'done',
      detail,
    });
    log?.info(detail ? `${change.description}: ${detail}` : change.description);
  };
  if (!wait && plan.changes.some(c => c.kind === 'createFlowLogs')) {
    throw new InputError(
      "flowLogs needs wait: true — flow logs attach to the endpoint's network interfaces, which exist only once it is available.",
    );
  }

  let securityGroupId = plan.managedSecurityGroupId;
  let endpointId = plan.existingEndpoint?.vpcEndpointId ?? null;
  let latest: VpcEndpoint | undefined;
  let created = false;
  let modified = false;

  for (const change of plan.changes) {
    throwIfAborted(options.signal);
    const actions = iamActionsOf(change, plan);
    switch (change.kind) {
      case 'enableDnsSupport':
      case 'enableDnsHostnames': {
        const attribute = change.kind;
        await checkpoint(change.key, () =>
          refuseIamDenial(plan, 'ModifyVpcAttribute', actions, async () => {
            await sendWithBackoff(
              client,
              new ModifyVpcAttributeCommand(
                attribute === 'enableDnsSupport'
                  ? { VpcId: change.vpcId, EnableDnsSupport: { Value: true } }
                  : {
                      VpcId: change.vpcId,
                      EnableDnsHostnames: { Value: true },
                    },
              ),
              options,
            );
            return true;
          }),
        );
        done(change);
        break;
      }
      case 'createSecurityGroup': {
        securityGroupId = await checkpoint(change.key, () =>
          refuseIamDenial(plan, 'CreateSecurityGroup', actions, () =>
            createManagedGroup(client, change, options),
          ),
        );
        done(change, securityGroupId);
        break;
      }
      case 'createEndpoint': {
        for (const id of change.waitForDeletion) {
          log?.info(`Waiting for ${id} to finish deleting`);
          await waitForEndpointDeleted(client, id, options);
        }
        const groupId = securityGroupId;
        const result = await checkpoint(change.key, () =>
          refuseIamDenial(plan, 'CreateVpcEndpoint', actions, () =>
            createEndpoint(client, plan, change, groupId, options),
          ),
        );
        endpointId = result.vpcEndpointId;
        created = true;
        done(change, endpointId);
        break;
      }
      case 'modifyEndpoint': {
        const groupId = securityGroupId;
        await checkpoint(change.key, () =>
          refuseIamDenial(plan, 'ModifyVpcEndpoint', actions, () =>
            modifyEndpoint(client, change, groupId, options),
          ),
        );
        modified = true;
        done(change);
        break;
      }
      case 'createFlowLogs':
        break;
      default:
        throw new Error(`Unknown change ${(change as PlannedChange).kind}`);
    }
  }

  if (!endpointId) {
    throw new Error('The plan has no endpoint to create or reuse');
  }
  if (wait) {
    log?.info(`Waiting for ${endpointId} to become available`);
    latest = await waitForEndpoint(client, endpointId, {
      ...options,
      onState:
        options.onState ??
        ((state, seconds) =>
          log?.info(`${endpointId} is ${state} after ${seconds} s`)),
    });
  } else if (created || modified || !plan.existingEndpoint) {
    latest = await describeEndpoint(client, endpointId, options);
    notes.push(
      `Not waiting (wait: false): ${endpointId} is ${
        latest ? endpointState(latest) : 'not visible yet'
      }; it becomes usable once available.`,
    );
  }

  const flowLogsChange = plan.changes.find(
    (c): c is CreateFlowLogsChange => c.kind === 'createFlowLogs',
  );
  if (flowLogsChange && latest) {
    const eniIds = latest.NetworkInterfaceIds ?? [];
    const id = endpointId;
    const flowLogIds = await checkpoint(flowLogsChange.key, () =>
      refuseIamDenial(
        plan,
        'CreateFlowLogs',
        iamActionsOf(flowLogsChange, plan),
        () => createFlowLogs(client, id, flowLogsChange, eniIds, options),
      ),
    );
    done(flowLogsChange, flowLogIds.join(', ') || 'already in place');
  }

  const now = new Date(options.now?.() ?? Date.now());
  return {
    dryRun: false,
    created,
    endpoint: latest
      ? toInventoryEndpoint(latest, now, {
          subnetAvailabilityZones: plan.subnetAvailabilityZones,
        })
      : plan.existingEndpoint,
    securityGroupId,
    steps,
    notes,
  };
}

async function createManagedGroup(
  client: EC2Client,
  change: CreateSecurityGroupChange,
  options: ApplyOptions,
): Promise<string> {
  let groupId: string | undefined;
  try {
    const response = await sendWithBackoff(
      client,
      new CreateSecurityGroupCommand({
        VpcId: change.vpcId,
        GroupName: change.groupName,
        Description: change.groupDescription,
        TagSpecifications: [
          { ResourceType: 'security-group', Tags: toEc2Tags(change.tags) },
        ],
      }),
      options,
    );
    groupId = response.GroupId;
  } catch (error) {
    // The name is unique per VPC: a duplicate is the group an interrupted
    // attempt made before its checkpoint was stored.
    if (awsErrorCode(error) !== 'InvalidGroup.Duplicate') {
      throw error;
    }
    groupId = (
      await findSecurityGroupByName(
        client,
        change.vpcId,
        change.groupName,
        options,
      )
    )?.GroupId;
  }
  if (!groupId) {
    throw new Error(
      `CreateSecurityGroup returned no group id for ${change.groupName} in ${change.vpcId}`,
    );
  }
  try {
    await sendWithBackoff(
      client,
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: ingressPermissions(change),
      }),
      options,
    );
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidPermission.Duplicate') {
      throw error;
    }
  }
  return groupId;
}

async function createEndpoint(
  client: EC2Client,
  plan: Plan,
  change: CreateEndpointChange,
  securityGroupId: string | null,
  options: ApplyOptions,
): Promise<{ vpcEndpointId: string; state: string }> {
  const parameters: CreateEndpointParameters = {
    ...change.parameters,
    securityGroupIds:
      change.withCreatedSecurityGroup && securityGroupId
        ? [...change.parameters.securityGroupIds, securityGroupId]
        : change.parameters.securityGroupIds,
  };
  const clientToken =
    change.clientToken ??
    endpointClientToken({
      accountId: plan.accountId,
      region: plan.region,
      parameters,
      history: change.history,
    });
  let endpoint: VpcEndpoint | undefined;
  try {
    const response = await sendWithBackoff(
      client,
      new CreateVpcEndpointCommand({
        ...createEndpointInput(parameters),
        ClientToken: clientToken,
      }),
      options,
    );
    endpoint = response.VpcEndpoint;
  } catch (error) {
    if (isUnauthorized(error)) {
      throw error;
    }
    throw explainCreateError(error, plan, clientToken);
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
      `AWS answered with ${endpoint.VpcEndpointId}, which is ${state}: token ${clientToken} belongs to an endpoint that was created with the same parameters and then deleted. Change any input (a tag will do) to get a new token, or run again later.`,
    );
  }
  return { vpcEndpointId: endpoint.VpcEndpointId, state };
}

async function modifyEndpoint(
  client: EC2Client,
  change: ModifyEndpointChange,
  securityGroupId: string | null,
  options: ApplyOptions,
): Promise<boolean> {
  const addGroups = [
    ...change.addSecurityGroupIds,
    ...(change.addCreatedSecurityGroup && securityGroupId
      ? [securityGroupId]
      : []),
  ];
  const orUndefined = (ids: string[]) => (ids.length > 0 ? ids : undefined);
  await sendWithBackoff(
    client,
    new ModifyVpcEndpointCommand({
      VpcEndpointId: change.vpcEndpointId,
      AddSubnetIds: orUndefined(change.addSubnetIds),
      RemoveSubnetIds: orUndefined(change.removeSubnetIds),
      AddSecurityGroupIds: orUndefined(addGroups),
      RemoveSecurityGroupIds: orUndefined(change.removeSecurityGroupIds),
    }),
    options,
  );
  return true;
}

async function createFlowLogs(
  client: EC2Client,
  endpointId: string,
  change: CreateFlowLogsChange,
  eniIds: string[],
  options: ApplyOptions,
): Promise<string[]> {
  if (eniIds.length === 0) {
    throw new Error(
      `${endpointId} lists no network interfaces, so there is nothing to attach flow logs to; run again once it shows them.`,
    );
  }
  const { flowLogs } = change;
  const response = await sendWithBackoff(
    client,
    new CreateFlowLogsCommand({
      ResourceType: 'NetworkInterface',
      ResourceIds: [...eniIds].sort(),
      TrafficType: flowLogs.trafficType ?? 'ALL',
      LogDestinationType: flowLogs.destinationType,
      LogDestination: flowLogs.destination,
      DeliverLogsPermissionArn: flowLogs.deliverLogsPermissionArn,
      ClientToken: flowLogsToken(endpointId, change, eniIds),
    }),
    options,
  );
  const failures = (response.Unsuccessful ?? []).filter(
    u => u.Error?.Code !== 'FlowLogAlreadyExists',
  );
  if (failures.length > 0) {
    const text = failures
      .map(u => `${u.ResourceId}: ${u.Error?.Code}: ${u.Error?.Message}`)
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

/** The VPC's default security group, which every VPC has and nobody can delete. */
async function defaultSecurityGroupId(
  client: EC2Client,
  vpcId: string,
  options: ApplyOptions,
): Promise<string | undefined> {
  return (await findSecurityGroupByName(client, vpcId, 'default', options))
    ?.GroupId;
}

async function dryRunPlan(
  client: EC2Client,
  plan: Plan,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const steps: AppliedStep[] = [];
  const notes: string[] = [];
  const refusals: Refusal[] = [];
  const log = options.logger;
  let defaultGroup: Promise<string | undefined> | undefined;
  const getDefaultGroup = () => {
    defaultGroup ??= defaultSecurityGroupId(client, plan.vpcId, options);
    return defaultGroup;
  };

  /**
   * Sends one probe. Resolves true when permitted; records a refusal when
   * denied. A call that succeeds was not a dry run at all (EC2 emulators
   * ignore `DryRun` on some calls): `undo` removes what it made.
   */
  const probe = async (p: {
    change: PlannedChange;
    operation: string;
    /** What to grant when IAM denies the probe. */
    actions: string[];
    send: () => Promise<unknown>;
    undo?: (result: unknown) => Promise<void>;
    /** Errors that say nothing against the permission. */
    tolerated?: (error: unknown) => boolean;
    /** The default group id when it stood in for a group not made yet. */
    standIn?: string;
  }): Promise<boolean> => {
    try {
      const result = await p.send();
      notes.push(
        `The EC2 endpoint ignored DryRun on ${
          p.operation
        } and really ran it (an emulator?)${
          p.undo ? '; what it made was removed again' : ''
        }.`,
      );
      await p.undo?.(result);
      return true;
    } catch (error) {
      if (isDryRunOperation(error) || p.tolerated?.(error)) {
        return true;
      }
      if (isUnauthorized(error)) {
        const refusal = iamDeniedRefusal(plan, p.operation, p.actions, error);
        if (p.standIn) {
          refusal.message += ` (The probe used the VPC's default group ${p.standIn} in place of the group the real run creates; a policy that limits ${p.operation} by tag may deny the stand-in yet allow the real run.)`;
        }
        refusals.push(refusal);
        return false;
      }
      refusals.push({
        field: p.change.kind === 'createFlowLogs' ? 'flowLogs' : 'request',
        message: `The dry run of ${p.operation} failed: ${awsErrorMessage(
          error,
        )}`,
      });
      return false;
    }
  };
  const record = (
    change: PlannedChange,
    outcome: AppliedStep['outcome'],
    detail?: string,
  ) => {
    steps.push({
      key: change.key,
      kind: change.kind,
      description: change.description,
      outcome,
      detail,
    });
    log?.info(
      `[dry run] ${change.description}: ${outcome}${
        detail ? ` (${detail})` : ''
      }`,
    );
  };

  for (const change of plan.changes) {
    throwIfAborted(options.signal);
    switch (change.kind) {
      case 'enableDnsSupport':
      case 'enableDnsHostnames':
        record(
          change,
          'not-probed',
          'ModifyVpcAttribute has no DryRun parameter; the real run needs ec2:ModifyVpcAttribute',
        );
        break;
      case 'createSecurityGroup': {
        const created = await probe({
          change,
          operation: 'CreateSecurityGroup',
          actions: ['ec2:CreateSecurityGroup', 'ec2:CreateTags'],
          send: () =>
            sendWithBackoff(
              client,
              new CreateSecurityGroupCommand({
                DryRun: true,
                VpcId: change.vpcId,
                GroupName: change.groupName,
                Description: change.groupDescription,
                TagSpecifications: [
                  {
                    ResourceType: 'security-group',
                    Tags: toEc2Tags(change.tags),
                  },
                ],
              }),
              options,
            ),
          undo: async result => {
            const id = (result as { GroupId?: string }).GroupId;
            if (id) {
              await sendWithBackoff(
                client,
                new DeleteSecurityGroupCommand({ GroupId: id }),
                options,
              );
            }
          },
        });
        const target = await getDefaultGroup();
        const ingress = target
          ? await probe({
              change,
              operation: 'AuthorizeSecurityGroupIngress',
              actions: ['ec2:AuthorizeSecurityGroupIngress'],
              standIn: target,
              send: () =>
                sendWithBackoff(
                  client,
                  new AuthorizeSecurityGroupIngressCommand({
                    DryRun: true,
                    GroupId: target,
                    IpPermissions: ingressPermissions(change),
                  }),
                  options,
                ),
              undo: async () => {
                await sendWithBackoff(
                  client,
                  new RevokeSecurityGroupIngressCommand({
                    GroupId: target,
                    IpPermissions: ingressPermissions(change),
                  }),
                  options,
                );
              },
              // The default group already admitting the same traffic says
              // nothing against the permission.
              tolerated: error =>
                awsErrorCode(error) === 'InvalidPermission.Duplicate',
            })
          : undefined;
        if (created && ingress !== false) {
          record(
            change,
            'permitted',
            target
              ? `ingress probed against the VPC's default group ${target}`
              : 'ingress not probed: the VPC has no default group to probe against',
          );
        }
        break;
      }
      case 'createEndpoint': {
        let groups = change.parameters.securityGroupIds;
        let standIn: string | undefined;
        if (change.withCreatedSecurityGroup && groups.length === 0) {
          standIn = await getDefaultGroup();
          groups = standIn ? [standIn] : [];
        }
        const ok = await probe({
          change,
          operation: 'CreateVpcEndpoint',
          actions: iamActionsOf(change, plan),
          standIn,
          send: () =>
            sendWithBackoff(
              client,
              new CreateVpcEndpointCommand({
                ...createEndpointInput({
                  ...change.parameters,
                  securityGroupIds: groups,
                }),
                DryRun: true,
              }),
              options,
            ),
          undo: async result => {
            const id = (result as { VpcEndpoint?: VpcEndpoint }).VpcEndpoint
              ?.VpcEndpointId;
            if (id) {
              await sendWithBackoff(
                client,
                new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id] }),
                options,
              );
            }
          },
        });
        if (ok) {
          record(
            change,
            'permitted',
            standIn
              ? `probed with the VPC's default group ${standIn} in place of the group the real run creates`
              : undefined,
          );
        }
        break;
      }
      case 'modifyEndpoint': {
        let addGroups = change.addSecurityGroupIds;
        let standIn: string | undefined;
        if (change.addCreatedSecurityGroup && addGroups.length === 0) {
          standIn = await getDefaultGroup();
          addGroups = standIn ? [standIn] : [];
        }
        const orUndefined = (ids: string[]) =>
          ids.length > 0 ? ids : undefined;
        const ok = await probe({
          change,
          operation: 'ModifyVpcEndpoint',
          actions: iamActionsOf(change, plan),
          standIn,
          send: () =>
            sendWithBackoff(
              client,
              new ModifyVpcEndpointCommand({
                DryRun: true,
                VpcEndpointId: change.vpcEndpointId,
                AddSubnetIds: orUndefined(change.addSubnetIds),
                RemoveSubnetIds: orUndefined(change.removeSubnetIds),
                AddSecurityGroupIds: orUndefined(addGroups),
                RemoveSecurityGroupIds: orUndefined(
                  change.removeSecurityGroupIds,
                ),
              }),
              options,
            ),
        });
        if (ok) {
          record(change, 'permitted');
        }
        break;
      }
      case 'createFlowLogs': {
        const enis = plan.existingEndpoint?.networkInterfaceIds ?? [];
        const onVpc = enis.length === 0;
        const ok = await probe({
          change,
          operation: 'CreateFlowLogs',
          actions: iamActionsOf(change, plan),
          send: () =>
            sendWithBackoff(
              client,
              new CreateFlowLogsCommand({
                DryRun: true,
                ResourceType: onVpc ? 'VPC' : 'NetworkInterface',
                ResourceIds: onVpc ? [plan.vpcId] : enis,
                TrafficType: change.flowLogs.trafficType ?? 'ALL',
                LogDestinationType: change.flowLogs.destinationType,
                LogDestination: change.flowLogs.destination,
                DeliverLogsPermissionArn:
                  change.flowLogs.deliverLogsPermissionArn,
              }),
              options,
            ),
        });
        if (ok) {
          record(
            change,
            onVpc ? 'not-probed' : 'permitted',
            onVpc
              ? "the endpoint's network interfaces do not exist yet; the same call against the VPC was permitted"
              : undefined,
          );
        }
        break;
      }
      default:
        throw new Error(`Unknown change ${(change as PlannedChange).kind}`);
    }
  }

  if (refusals.length > 0) {
    throw new EndpointRequestRefusedError(refusals);
  }
  return {
    dryRun: true,
    created: false,
    endpoint: plan.existingEndpoint,
    securityGroupId: plan.managedSecurityGroupId,
    steps,
    notes,
  };
}
