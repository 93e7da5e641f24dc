import {
  DescribeVpcsCommand,
  type EC2Client,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { InputError } from '@backstage/errors';
import {
  awsErrorCode,
  isUnauthorized,
  publicAwsMessage,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type { OnboardingRequest } from './onboardingInput';

/**
 * A catalog entity name from the VPC's `Name` tag: lower case, runs of other
 * characters as one dash, at most 63 characters, starting and ending with a
 * letter or digit. Falls back to the VPC id.
 */
export function deriveEntityName(
  nameTag: string | undefined,
  vpcId: string,
): string {
  const slug = (nameTag ?? '')
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
  return slug || vpcId;
}

export function tagValue(vpc: Vpc, key: string): string | undefined {
  return vpc.Tags?.find(tag => tag.Key === key)?.Value?.trim() || undefined;
}

export function where(region: string, accountId: string | undefined): string {
  return `${region}${accountId ? ` (account ${accountId})` : ''}`;
}

/**
 * The VPC as EC2 describes it; an `InputError` naming `vpcId` when it is not
 * in that region and account, and the missing permission when the backend's
 * role may not look.
 */
export async function describeVpcToOnboard(
  client: EC2Client,
  request: Pick<OnboardingRequest, 'vpcId' | 'region' | 'accountId'>,
  signal?: AbortSignal,
): Promise<Vpc> {
  const { vpcId, region, accountId } = request;
  let vpc: Vpc | undefined;
  try {
    const response = await client.send(
      new DescribeVpcsCommand({ VpcIds: [vpcId] }),
      { abortSignal: signal },
    );
    vpc = response.Vpcs?.find(candidate => candidate.VpcId === vpcId);
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidVpcID.NotFound') {
      if (isUnauthorized(error)) {
        throw new Error(
          `vpcId: the AWS credentials for ${where(
            region,
            accountId,
          )} may not call ec2:DescribeVpcs (${publicAwsMessage(
            error,
          )}). Allow ec2:DescribeVpcs for the backend's role, or give the accountId whose aws: config can.`,
        );
      }
      throw new Error(
        `vpcId: could not check ${vpcId} in ${where(
          region,
          accountId,
        )}: ${publicAwsMessage(error)}`,
      );
    }
  }
  if (!vpc) {
    throw new InputError(
      `vpcId: ${vpcId} was not found in ${where(
        region,
        accountId,
      )}. Check the VPC id and the region it lives in${
        accountId ? '' : ', and give accountId if another account owns it'
      }.`,
    );
  }
  return vpc;
}
