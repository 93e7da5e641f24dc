import { isUnauthorized, publicAwsMessage } from '../errors';
import type { Refusal } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { EndpointRequestRefusedError } from './errors';

/** The credentials a call ran with: the account (else the default) and region. */
export interface IamScope {
  region: string;
  accountId?: string | null;
  vpcId?: string;
  /** The VPC's owner, when known (a plan knows it). */
  vpcOwnerId?: string | null;
}

/** AWS's answer to a shared-VPC participant, an `UnauthorizedOperation` like an IAM denial. */
const SHARED_VPC = /does not support shared VPCs/i;

/**
 * The refusal for a call IAM denied: the operation, whose credentials, and
 * the IAM actions to grant.
 */
export function iamDeniedRefusal(
  scope: IamScope,
  operation: string,
  actions: readonly string[],
  error: unknown,
): Refusal {
  if (SHARED_VPC.test(publicAwsMessage(error))) {
    const owner = scope.vpcOwnerId
      ? `the owner account ${scope.vpcOwnerId}`
      : "the VPC's owner account";
    return {
      field: 'vpcId',
      message: `AWS refused ${operation}: ${
        scope.vpcId ?? 'the VPC'
      } is a shared VPC and the credentials for ${
        scope.accountId ? `account ${scope.accountId}` : 'the default account'
      } are a participant's, which can't create or change interface endpoints there — no IAM grant changes that. Run this from ${owner}. AWS said: ${publicAwsMessage(
        error,
      )}`,
    };
  }
  return {
    field: 'iam',
    message: `IAM denies ${operation} to the AWS credentials for ${
      scope.accountId ? `account ${scope.accountId}` : 'the default account'
    } in ${scope.region}: grant ${actions.join(
      ', ',
    )} (see the IAM policy in this module's README). AWS said: ${publicAwsMessage(
      error,
    )}`,
  };
}

/**
 * Runs an AWS call; an IAM denial becomes an
 * {@link EndpointRequestRefusedError} that names what to grant, so the user
 * sees a fix rather than AWS's encoded message. Other errors pass through.
 */
export async function refuseIamDenial<T>(
  scope: IamScope,
  operation: string,
  actions: readonly string[],
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isUnauthorized(error)) {
      throw new EndpointRequestRefusedError(
        [iamDeniedRefusal(scope, operation, actions, error)],
        error,
      );
    }
    throw error;
  }
}

/** A pre-flight read; a denial names the one IAM action the read needs. */
export function preflightRead<T>(
  action: string,
  scope: IamScope,
  fn: () => Promise<T>,
): Promise<T> {
  return refuseIamDenial(scope, action, [action], fn);
}
