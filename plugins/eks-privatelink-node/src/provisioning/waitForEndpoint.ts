import type { EC2Client, VpcEndpoint } from '@aws-sdk/client-ec2';
import { pause, type ProvisioningClock } from '../clock';
import { describeEndpoint } from '../ec2Reads';
import { isThrottling } from '../errors';
import { endpointState, lastErrorText } from './endpointState';
import { EndpointFailedError, EndpointWaitTimeoutError } from './errors';

/** How long to wait for an endpoint, and what to report meanwhile. @public */
export interface WaitOptions extends ProvisioningClock {
  /** Give up after this long; default 600. */
  timeoutSeconds?: number;
  /** Called whenever the state changes; by default the state is logged. */
  onState?: (state: string, elapsedSeconds: number) => void;
}

/** Default of `timeoutSeconds`, as Terraform waits for an endpoint. @public */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
/** The first pause between two polls. */
const FIRST_POLL_DELAY_MS = 2000;
/** The longest pause between two polls. */
const MAX_POLL_DELAY_MS = 15_000;

const READY_STATES = new Set(['available', 'pendingacceptance']);
// States an endpoint never leaves for `available`.
const DEAD_STATES = new Set(['deleting', 'deleted', 'rejected', 'expired']);

type PollOutcome =
  | { done: true; endpoint: VpcEndpoint | undefined }
  | { done: false; state: string | null };

// The SDK has no waiter for VPC endpoints (its EC2 waiters cover VPCs,
// instances and the like), so this polls DescribeVpcEndpoints itself.
async function poll(
  client: EC2Client,
  vpcEndpointId: string,
  options: WaitOptions,
  decide: (endpoint: VpcEndpoint | undefined) => PollOutcome,
  timeoutMessage: (lastState: string | null, seconds: number) => string,
): Promise<VpcEndpoint | undefined> {
  const now = options.now ?? Date.now;
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
  const start = now();
  const deadline = start + timeoutSeconds * 1000;
  let delay = FIRST_POLL_DELAY_MS;
  let lastState: string | null = null;
  const onState =
    options.onState ??
    ((state: string, seconds: number) =>
      options.logger?.info(`${vpcEndpointId} is ${state} after ${seconds} s`));

  for (;;) {
    options.signal?.throwIfAborted();
    let outcome: PollOutcome | undefined;
    try {
      outcome = decide(await describeEndpoint(client, vpcEndpointId, options));
    } catch (error) {
      // Being throttled while waiting only means the next look comes later.
      if (!isThrottling(error)) {
        throw error;
      }
    }
    if (outcome?.done) {
      return outcome.endpoint;
    }
    if (outcome && outcome.state !== lastState) {
      lastState = outcome.state;
      if (lastState !== null) {
        onState(lastState, Math.round((now() - start) / 1000));
      }
    }
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw new EndpointWaitTimeoutError(
        vpcEndpointId,
        lastState,
        timeoutMessage(lastState, timeoutSeconds),
      );
    }
    await pause(Math.min(delay, remaining), options);
    delay = Math.min(Math.round(delay * 1.5), MAX_POLL_DELAY_MS);
  }
}

/**
 * Polls an endpoint until it is `available` (or `pendingAcceptance`, which is
 * as far as an endpoint gets without the service owner), backing off from
 * about 2 s to 15 s between looks. An endpoint AWS does not list yet is taken
 * as not visible yet: EC2's reads are eventually consistent.
 *
 * Throws {@link EndpointFailedError} when the endpoint fails or is deleted,
 * {@link EndpointWaitTimeoutError} when `timeoutSeconds` pass, and the
 * signal's reason when the caller cancels.
 */
export async function waitForEndpoint(
  client: EC2Client,
  vpcEndpointId: string,
  options: WaitOptions = {},
): Promise<VpcEndpoint> {
  const endpoint = await poll(
    client,
    vpcEndpointId,
    options,
    found => {
      if (!found) {
        return { done: false, state: null };
      }
      const state = endpointState(found);
      if (READY_STATES.has(state)) {
        return { done: true, endpoint: found };
      }
      if (state === 'failed') {
        throw new EndpointFailedError(
          vpcEndpointId,
          state,
          `${vpcEndpointId} failed: ${
            lastErrorText(found) ?? 'AWS gave no reason'
          }. Fix the cause, delete the endpoint (aws:eks:privatelink:delete) and run again.`,
        );
      }
      if (DEAD_STATES.has(state)) {
        throw new EndpointFailedError(
          vpcEndpointId,
          state,
          `${vpcEndpointId} went ${state} while waiting for it to become available${
            lastErrorText(found) ? ` (${lastErrorText(found)})` : ''
          }; someone or something removed it. Run again to create a new one.`,
        );
      }
      return { done: false, state };
    },
    (lastState, seconds) =>
      `${vpcEndpointId} is still ${
        lastState ?? 'not visible'
      } after ${seconds} s. AWS keeps provisioning it: run the task again and it adopts ${vpcEndpointId} instead of creating another, or raise timeoutSeconds.`,
  );
  // `poll` only returns through a `done` outcome, which carries the endpoint.
  return endpoint!;
}

/**
 * Polls an endpoint until AWS no longer lists it or lists it as `deleted`.
 *
 * A `failed` endpoint keeps being waited for: deleting a failed endpoint is
 * the usual way to clean it up, and right after `DeleteVpcEndpoints` a read
 * may still show the old state. If it stays failed, the timeout error
 * carries AWS's reason.
 */
export async function waitForEndpointDeleted(
  client: EC2Client,
  vpcEndpointId: string,
  options: WaitOptions = {},
): Promise<void> {
  await poll(
    client,
    vpcEndpointId,
    options,
    found => {
      if (!found) {
        return { done: true, endpoint: undefined };
      }
      const state = endpointState(found);
      if (state === 'deleted') {
        return { done: true, endpoint: found };
      }
      const reason = lastErrorText(found);
      return {
        done: false,
        state: state === 'failed' && reason ? `failed (${reason})` : state,
      };
    },
    (lastState, seconds) =>
      `${vpcEndpointId} is still ${
        lastState ?? 'deleting'
      } after ${seconds} s. Run the delete again to pick up where this one stopped, or raise timeoutSeconds; if it stays failed, check it in the VPC console.`,
  );
}
