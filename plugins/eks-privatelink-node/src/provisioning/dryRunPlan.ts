import { explainRuleRefusal } from './explainCreateError';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { findSecurityGroupByName } from '../ec2Reads';
import { awsErrorCode } from '../errors';
import {
  authorizeIngressInput,
  createEndpointInput,
  createFlowLogsInput,
  createSecurityGroupInput,
  iamActionsOf,
  updateCalls,
} from './commands';
import { probeEndpointUpdate } from './applyUpdate';
import { DryRunProbes } from './dryRunProbe';
import { throwRefusals } from './errors';
import type {
  AppliedStep,
  ApplyOptions,
  ApplyResult,
  AuthorizeIngressChange,
  CreateEndpointChange,
  CreateFlowLogsChange,
  CreateSecurityGroupChange,
  ModifyEndpointChange,
  Plan,
  PlannedChange,
} from './types';

type Outcome = Pick<AppliedStep, 'outcome' | 'detail'>;

/** What each probe of one dry run shares. */
interface DryRun {
  client: EC2Client;
  plan: Plan;
  options: ApplyOptions;
  probes: DryRunProbes;
  /** The VPC's default group, which stands in for a group only the real run makes. */
  standInGroup: () => Promise<string | undefined>;
}

async function probeSecurityGroup(
  run: DryRun,
  change: CreateSecurityGroupChange,
): Promise<Outcome | null> {
  const { client, options, probes } = run;
  const created = await probes.probe({
    operation: 'CreateSecurityGroup',
    actions: ['ec2:CreateSecurityGroup', 'ec2:CreateTags'],
    send: () =>
      client.send(
        new CreateSecurityGroupCommand({
          ...createSecurityGroupInput(change),
          DryRun: true,
        }),
        { abortSignal: options.signal },
      ),
    undo: async ({ GroupId }) => {
      if (GroupId) {
        await client.send(new DeleteSecurityGroupCommand({ GroupId }), {
          abortSignal: options.signal,
        });
      }
    },
  });
  const target = await run.standInGroup();
  const ingress = target
    ? await probes.probe({
        operation: 'AuthorizeSecurityGroupIngress',
        actions: ['ec2:AuthorizeSecurityGroupIngress'],
        standIn: target,
        send: () =>
          client.send(
            new AuthorizeSecurityGroupIngressCommand({
              ...authorizeIngressInput(change, target),
              DryRun: true,
            }),
            { abortSignal: options.signal },
          ),
        undo: async () => {
          await client.send(
            new RevokeSecurityGroupIngressCommand(
              authorizeIngressInput(change, target),
            ),
            { abortSignal: options.signal },
          );
        },
        // The default group already admitting the same traffic says
        // nothing against the permission.
        tolerated: error =>
          awsErrorCode(error) === 'InvalidPermission.Duplicate',
      })
    : undefined;
  if (!created || ingress === false) {
    return null;
  }
  return {
    outcome: 'permitted',
    detail: target
      ? `ingress probed against the VPC's default group ${target}`
      : 'ingress not probed: the VPC has no default group to probe against',
  };
}

async function probeAuthorizeIngress(
  run: DryRun,
  change: AuthorizeIngressChange,
): Promise<Outcome | null> {
  const permitted = await run.probes.probe({
    operation: 'AuthorizeSecurityGroupIngress',
    actions: iamActionsOf(change, run.plan),
    send: () =>
      run.client.send(
        new AuthorizeSecurityGroupIngressCommand({
          ...authorizeIngressInput(change, change.groupId),
          DryRun: true,
        }),
        { abortSignal: run.options.signal },
      ),
    undo: async () => {
      await run.client.send(
        new RevokeSecurityGroupIngressCommand(
          authorizeIngressInput(change, change.groupId),
        ),
        { abortSignal: run.options.signal },
      );
    },
    // Added meanwhile: what the real run would do is done.
    tolerated: error => awsErrorCode(error) === 'InvalidPermission.Duplicate',
  });
  return permitted ? { outcome: 'permitted' } : null;
}

async function probeCreateEndpoint(
  run: DryRun,
  change: CreateEndpointChange,
): Promise<Outcome | null> {
  const { client, plan, options } = run;
  const standIn = change.withCreatedSecurityGroup
    ? await run.standInGroup()
    : undefined;
  const permitted = await run.probes.probe({
    operation: 'CreateVpcEndpoint',
    actions: iamActionsOf(change, plan),
    standIn,
    explain: error => explainRuleRefusal(error, plan)?.message,
    send: () =>
      client.send(
        new CreateVpcEndpointCommand({
          ...createEndpointInput(plan, change, standIn ?? null),
          DryRun: true,
        }),
        { abortSignal: options.signal },
      ),
    undo: async ({ VpcEndpoint }) => {
      if (VpcEndpoint?.VpcEndpointId) {
        await client.send(
          new DeleteVpcEndpointsCommand({
            VpcEndpointIds: [VpcEndpoint.VpcEndpointId],
          }),
          { abortSignal: options.signal },
        );
      }
    },
  });
  if (!permitted) {
    return null;
  }
  return {
    outcome: 'permitted',
    detail: standIn
      ? `probed with the VPC's default group ${standIn} in place of the group the real run creates`
      : undefined,
  };
}

/** Probes each call of an update: `ModifyVpcEndpoint`, `CreateTags`, `DeleteTags`. */
async function probeModifyEndpoint(
  run: DryRun,
  change: ModifyEndpointChange,
): Promise<Outcome | null> {
  const standIn = change.addCreatedSecurityGroup
    ? await run.standInGroup()
    : undefined;
  const calls = updateCalls(change);
  const permitted = await probeEndpointUpdate(run.client, change, {
    before: run.plan.existingEndpoint,
    standIn,
    probes: run.probes,
    signal: run.options.signal,
  });
  if (!permitted) {
    return null;
  }
  return {
    outcome: 'permitted',
    detail: `probed ${calls.map(call => call.operation).join(', ')}${
      standIn
        ? ` with the VPC's default group ${standIn} in place of the group the real run creates`
        : ''
    }`,
  };
}

async function probeFlowLogs(
  run: DryRun,
  change: CreateFlowLogsChange,
): Promise<Outcome | null> {
  const { plan } = run;
  const existing = plan.existingEndpoint;
  const onVpc = !existing || existing.networkInterfaceIds.length === 0;
  const permitted = await run.probes.probe({
    operation: 'CreateFlowLogs',
    actions: iamActionsOf(change, plan),
    field: 'flowLogs',
    send: () =>
      run.client.send(
        new CreateFlowLogsCommand({
          ...createFlowLogsInput(
            change,
            onVpc
              ? { vpcId: plan.vpcId }
              : {
                  endpointId: existing.vpcEndpointId,
                  networkInterfaceIds: existing.networkInterfaceIds,
                },
          ),
          DryRun: true,
        }),
        { abortSignal: run.options.signal },
      ),
  });
  if (!permitted) {
    return null;
  }
  return onVpc
    ? {
        outcome: 'not-probed',
        detail:
          "the endpoint's network interfaces do not exist yet; the same call against the VPC was permitted",
      }
    : { outcome: 'permitted' };
}

function probeChange(
  run: DryRun,
  change: PlannedChange,
): Promise<Outcome | null> {
  switch (change.kind) {
    case 'enableDnsSupport':
    case 'enableDnsHostnames':
      return Promise.resolve({
        outcome: 'not-probed',
        detail:
          'ModifyVpcAttribute has no DryRun parameter; the real run needs ec2:ModifyVpcAttribute',
      });
    case 'createSecurityGroup':
      return probeSecurityGroup(run, change);
    case 'authorizeIngress':
      return probeAuthorizeIngress(run, change);
    case 'createEndpoint':
      return probeCreateEndpoint(run, change);
    case 'modifyEndpoint':
      return probeModifyEndpoint(run, change);
    case 'createFlowLogs':
      return probeFlowLogs(run, change);
    default:
      throw new Error(`Unknown change ${(change as PlannedChange).kind}`);
  }
}

/**
 * The dry run of {@link applyPlan}: each change EC2 can probe is sent as the
 * real run would send it, with `DryRun: true`. Where a probe needs a group
 * only the real run makes, the VPC's default group stands in for it;
 * `ModifyVpcAttribute` takes no `DryRun`, and before the endpoint exists
 * flow logs are probed against the VPC, so those are listed as `not-probed`.
 * Every refusal is thrown at the end, together. Nothing is changed.
 */
export async function dryRunPlan(
  client: EC2Client,
  plan: Plan,
  options: ApplyOptions,
): Promise<ApplyResult> {
  let defaultGroup: Promise<string | undefined> | undefined;
  const run: DryRun = {
    client,
    plan,
    options,
    probes: new DryRunProbes(plan),
    standInGroup: () => {
      defaultGroup ??= findSecurityGroupByName(
        client,
        plan.vpcId,
        'default',
        options,
      ).then(group => group?.GroupId);
      return defaultGroup;
    },
  };
  const steps: AppliedStep[] = [];
  for (const change of plan.changes) {
    options.signal?.throwIfAborted();
    const step = await probeChange(run, change);
    if (step) {
      const { key, kind, description } = change;
      steps.push({ key, kind, description, ...step });
      options.logger?.info(
        `[dry run] ${description}: ${step.outcome}${
          step.detail ? ` (${step.detail})` : ''
        }`,
      );
    }
  }
  throwRefusals(run.probes.refusals);
  return {
    dryRun: true,
    created: false,
    endpoint: plan.existingEndpoint,
    securityGroupId: plan.managedSecurityGroupId,
    steps,
    notes: run.probes.notes,
  };
}
