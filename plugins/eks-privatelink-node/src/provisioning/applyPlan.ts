/**
 * Applying a plan: runs its changes in order (applyChange.ts), waits for
 * the endpoint, then adds flow logs; a dry run goes to dryRunPlan.ts.
 */
import type { EC2Client, VpcEndpoint } from '@aws-sdk/client-ec2';
import { InputError } from '@backstage/errors';
import { describeEndpoint } from '../ec2Reads';
import { toInventoryEndpoint } from '../inventoryEndpoint';
import { makeChange } from './applyChange';
import { createFlowLogs } from './applyCreateSteps';
import { once, type RealRun } from './applyRun';
import { dryRunPlan } from './dryRunPlan';
import { endpointState } from './endpointState';
import type {
  AppliedStep,
  ApplyOptions,
  ApplyResult,
  CreateFlowLogsChange,
  Plan,
  PlannedChange,
} from './types';
import { waitForEndpoint } from './waitForEndpoint';

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
