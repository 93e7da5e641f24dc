import type {
  EC2Client,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-ec2';
import { pause, type ProvisioningClock } from './clock';
import { isThrottling } from './errors';

/** How many times one call is tried when AWS keeps throttling. */
export const THROTTLE_ATTEMPTS = 5;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 10_000;

/**
 * Sends one EC2 command of a provisioning task and, when AWS answers with a
 * throttling code, tries again after a growing pause on the task's clock.
 *
 * The client's own retry strategy already retries throttling a few times;
 * this outer loop covers bursts that outlast it (many tasks sharing one
 * account's request budget), and its pauses stop when the task is
 * cancelled. Only throttled requests are retried: AWS rejected them before
 * doing anything, so even a mutating call is safe to send again.
 */
export async function sendWithBackoff<
  Input extends ServiceInputTypes,
  Output extends ServiceOutputTypes,
>(
  client: EC2Client,
  command: Parameters<typeof client.send<Input, Output>>[0],
  clock: ProvisioningClock = {},
): Promise<Output> {
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    clock.signal?.throwIfAborted();
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
      await pause(delay, clock);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
