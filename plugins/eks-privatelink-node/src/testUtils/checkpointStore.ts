import type { JsonValue } from '@backstage/types';
import type { Checkpoint } from '../provisioning/checkpoint';

/**
 * A checkpoint store that outlives one run, as the scaffolder's does for a
 * retried task: a key already stored returns its value without running `fn`.
 *
 * @public
 */
export function checkpointStore(): {
  stored: Map<string, JsonValue | void>;
  checkpoint: Checkpoint;
} {
  const stored = new Map<string, JsonValue | void>();
  const checkpoint: Checkpoint = async (key, fn) => {
    if (stored.has(key)) {
      return stored.get(key) as never;
    }
    const value = await fn();
    stored.set(key, value);
    return value;
  };
  return { stored, checkpoint };
}
