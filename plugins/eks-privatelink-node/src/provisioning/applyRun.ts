/**
 * The state a real apply carries from step to step, and the wrapper every
 * side effect runs in: once per task (checkpoint) with IAM denials turned
 * into refusals that name what to grant.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { JsonValue } from '@backstage/types';
import { runDirectly } from './checkpoint';
import { iamActionsOf, type UpdateCall } from './commands';
import { refuseIamDenial } from './iamDenial';
import type { ApplyOptions, Plan, PlannedChange } from './types';

/** The real run: what it works with, and what it has made so far. */
export interface RealRun {
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
export function onceFor<T extends JsonValue | void>(
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
export function once<T extends JsonValue | void>(
  run: RealRun,
  change: PlannedChange,
  operation: string,
  fn: () => Promise<T>,
): Promise<T> {
  const actions = iamActionsOf(change, run.plan);
  return onceFor(run, { key: change.key, operation, actions }, fn);
}
