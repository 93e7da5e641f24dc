import type { LoggerService } from '@backstage/backend-plugin-api';
import { setTimeout } from 'node:timers/promises';

/** Time and cancellation, injectable so that tests need not wait. @public */
export interface ProvisioningClock {
  /** Resolves after `ms`, or rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Milliseconds since the epoch. */
  now?: () => number;
  signal?: AbortSignal;
  logger?: LoggerService;
}

/**
 * Waits `ms` with the clock's `sleep`, or for real; rejects with the reason
 * the signal was aborted with as soon as it aborts.
 */
export async function pause(
  ms: number,
  clock: ProvisioningClock,
): Promise<void> {
  if (clock.sleep) {
    await clock.sleep(ms, clock.signal);
    return;
  }
  try {
    await setTimeout(ms, undefined, { signal: clock.signal });
  } catch (error) {
    // timers/promises rejects with its own AbortError; the caller wants the
    // reason the task was cancelled with.
    clock.signal?.throwIfAborted();
    throw error;
  }
}
