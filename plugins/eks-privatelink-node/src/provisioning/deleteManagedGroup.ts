/**
 * Deleting the managed security group once no endpoint uses it. An
 * endpoint's network interfaces hold the group for a while after the
 * endpoint is gone, so a busy group is retried until the wait runs out.
 */
import {
  DeleteSecurityGroupCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { pause } from '../clock';
import { awsErrorCode } from '../errors';
import type { DeleteEndpointOptions } from './deleteTypes';
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from './waitForEndpoint';

// An endpoint's network interfaces hold on to its security group for a
// while after the endpoint is gone; EC2 answers DependencyViolation until then.
const GROUP_RETRY_FIRST_MS = 5000;
const GROUP_RETRY_MAX_MS = 30_000;

/** Deletes one group; false when it is still in use and waiting is off or ran out. */
export async function deleteGroup(
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
      await client.send(new DeleteSecurityGroupCommand({ GroupId: groupId }), {
        abortSignal: options.signal,
      });
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
