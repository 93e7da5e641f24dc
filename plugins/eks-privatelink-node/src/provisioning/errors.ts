import { CustomErrorBase, InputError } from '@backstage/errors';
import type { Refusal } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * Thrown before any mutating call when the request or the pre-flight finds
 * something the caller must fix. An `InputError`, so the scaffolder shows it
 * as the user's to fix.
 *
 * @public
 */
export class EndpointRequestRefusedError extends InputError {
  readonly refusals: Refusal[];

  /** `cause`: the AWS error behind a refusal, whose full text belongs in the backend log. */
  constructor(refusals: Refusal[], cause?: unknown) {
    super(
      refusals.length === 1
        ? refusals[0].message
        : `The request cannot go ahead:\n${refusals
            .map(r => `- ${r.message}`)
            .join('\n')}`,
      cause,
    );
    this.refusals = refusals;
  }
}

/** Throws every refusal at once, so that they can all be fixed in one go. */
export function throwRefusals(refusals: Refusal[]): void {
  if (refusals.length > 0) {
    throw new EndpointRequestRefusedError(refusals);
  }
}

/**
 * The endpoint reached `failed`, or left the states it could still come
 * back from.
 */
export class EndpointFailedError extends CustomErrorBase {
  readonly vpcEndpointId: string;
  readonly state: string;

  constructor(vpcEndpointId: string, state: string, message: string) {
    super(message);
    this.vpcEndpointId = vpcEndpointId;
    this.state = state;
  }
}

/**
 * The wait ran out of time; the endpoint keeps changing in AWS.
 */
export class EndpointWaitTimeoutError extends CustomErrorBase {
  readonly vpcEndpointId: string;
  readonly lastState: string | null;

  constructor(
    vpcEndpointId: string,
    lastState: string | null,
    message: string,
  ) {
    super(message);
    this.vpcEndpointId = vpcEndpointId;
    this.lastState = lastState;
  }
}
