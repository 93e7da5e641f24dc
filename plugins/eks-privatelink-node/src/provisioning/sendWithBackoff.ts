import type {
  EC2Client,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-ec2';
import { isThrottling } from '../errors';
import type { ProvisioningClock } from './types';

/**
 * Waits `ms`, or rejects with the signal's reason as soon as it aborts.
 *
 * @public
 */
export function abortableSleep(
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    let onAbort: (() => void) | undefined;
    const timer = setTimeout(() => {
      if (onAbort) {
        signal?.removeEventListener('abort', onAbort);
      }
      resolve();
    }, ms);
    if (signal) {
      onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}

/** The error an aborted operation rejects with. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new Error('The operation was cancelled');
}

/** Throws when the caller has cancelled. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    throw abortReason(signal);
  }
}

/** How many times one call is tried when AWS keeps throttling. */
export const THROTTLE_ATTEMPTS = 5;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 10_000;

/**
 * Sends one EC2 command and, when AWS answers with a throttling code, tries
 * again after a growing pause.
 *
 * The client's own retry strategy already retries throttling a few times;
 * this outer loop covers bursts that outlast it (many tasks sharing one
 * account's request budget). Only throttled requests are retried: AWS
 * rejected them before doing anything, so even a mutating call is safe to
 * send again.
 *
 * @public
 */
export async function sendWithBackoff<
  Input extends ServiceInputTypes,
  Output extends ServiceOutputTypes,
>(
  client: EC2Client,
  command: Parameters<typeof client.send<Input, Output>>[0],
  clock: ProvisioningClock = {},
): Promise<Output> {
  const sleep = clock.sleep ?? abortableSleep;
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(clock.signal);
    try {
      return await client.send(command, { abortSignal: clock.signal });
    } catch (error) {
      if (!isThrottling(error) || attempt >= THROTTLE_ATTEMPTS) {
        throw error;
      }
      clock.logger?.warn(
        `AWS throttled ${
          command.constructor.name
        }; trying again in ${Math.round(delay / 1000)} s (attempt ${
          attempt + 1
        } of ${THROTTLE_ATTEMPTS})`,
      );
      await sleep(delay, clock.signal);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
