import type { JsonValue } from '@backstage/types';

/**
 * Runs a side effect at most once per key within a task. The scaffolder's
 * `ctx.checkpoint` fits: a retried task gets the stored result back instead
 * of running `fn` again.
 *
 * @public
 */
export type Checkpoint = <T extends JsonValue | void>(
  key: string,
  fn: () => Promise<T>,
) => Promise<T>;

/** Runs each side effect as it comes, where the caller keeps no checkpoints. */
export const runDirectly: Checkpoint = (_key, fn) => fn();

/** The checkpoint key of one step for one VPC, the same in every attempt of a task. */
export function checkpointKey(vpcId: string, step: string): string {
  return `eks-privatelink.${vpcId}.${step}`;
}
