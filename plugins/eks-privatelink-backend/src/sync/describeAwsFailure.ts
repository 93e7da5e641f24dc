import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  AwsCredentialsError,
  awsErrorMessage,
  isCredentialsError,
  isNotFound,
  isUnauthorized,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { redactAwsText } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';

/** What was being read when AWS failed. */
export interface AwsReadScope {
  region: string;
  accountId?: string | null;
  vpcId?: string;
}

const IAM_ACTIONS =
  'ec2:DescribeVpcEndpoints, ec2:DescribeVpcAttribute, ec2:DescribeSubnets and ec2:DescribeVpcEndpointServices';

/**
 * {@link describeAwsFailure}, after writing the full AWS text to the log:
 * what the sync records and the API answers.
 */
export function reportAwsFailure(
  err: unknown,
  scope: AwsReadScope,
  logger: LoggerService,
): string {
  const described = describeAwsFailure(err, scope);
  logger.warn(
    `EKS PrivateLink inventory: reading ${
      scope.vpcId ?? 'the EKS endpoints'
    } in ${scope.region} (${
      scope.accountId ?? 'default account'
    }) failed: ${awsErrorMessage(err)}`,
  );
  return described;
}

/**
 * One sentence for the card and the logs: what failed, where, and which
 * setting or permission fixes it; AWS's own text without IAM identities or
 * encoded authorization messages.
 */
export function describeAwsFailure(err: unknown, scope: AwsReadScope): string {
  return redactAwsText(describeUnredacted(err, scope));
}

function describeUnredacted(err: unknown, scope: AwsReadScope): string {
  const account = scope.accountId
    ? `account ${scope.accountId}`
    : 'the default AWS account';
  const where = `${scope.vpcId ? `${scope.vpcId} in ` : ''}${
    scope.region
  } (${account})`;

  if (err instanceof AwsCredentialsError) {
    return err.message;
  }
  if (isCredentialsError(err)) {
    return `No AWS credentials for ${account}: configure aws.mainAccount or aws.accounts in app-config.yaml, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) for the backend. Cause: ${awsErrorMessage(
      err,
    )}`;
  }
  if (isUnauthorized(err)) {
    return `AWS refused to read the EKS endpoints of ${where}: ${awsErrorMessage(
      err,
    ).replace(
      /\.$/,
      '',
    )}. Allow ${IAM_ACTIONS} for the backend's credentials of ${account}.`;
  }
  if (scope.vpcId && isNotFound(err)) {
    return `${scope.vpcId} was not found in ${
      scope.region
    } (${account}): ${awsErrorMessage(err).replace(
      /\.$/,
      '',
    )}. Check the entity's aws.amazon.com/vpc-id, aws.amazon.com/region and aws.amazon.com/account-id annotations.`;
  }
  return `Reading the EKS endpoints of ${where} failed: ${awsErrorMessage(
    err,
  )}`;
}
