import type { EksEndpointService } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
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

/**
 * The checkpoint key of one step for one VPC and service, the same in every
 * attempt of a task. `eks` keeps the keys it always had; other services get
 * their own, so one task can create the endpoints of both services.
 */
export function checkpointKey(
  vpcId: string,
  step: string,
  service: EksEndpointService = 'eks',
): string {
  return service === 'eks'
    ? `eks-privatelink.${vpcId}.${step}`
    : `eks-privatelink.${vpcId}.${service}.${step}`;
}
