import { EC2ServiceException } from '@aws-sdk/client-ec2';
import {
  awsErrorCode,
  awsErrorMessage,
  isCredentialsError,
  isDryRunOperation,
  isNotFound,
  isThrottling,
  isUnauthorized,
  publicAwsMessage,
  redactAwsText,
} from './errors';

function ec2Error(name: string, message = 'failed', status = 400) {
  return new EC2ServiceException({
    name,
    message,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
  });
}

describe('errors', () => {
  it('reads the EC2 error code from an SDK exception', () => {
    expect(awsErrorCode(ec2Error('InvalidVpcID.NotFound'))).toBe(
      'InvalidVpcID.NotFound',
    );
    expect(awsErrorCode({ Code: 'DryRunOperation' })).toBe('DryRunOperation');
  });

  it('finds no code in plain errors and non-errors', () => {
    expect(awsErrorCode(new Error('boom'))).toBeUndefined();
    expect(awsErrorCode('boom')).toBeUndefined();
    expect(awsErrorCode(null)).toBeUndefined();
  });

  it('formats code and message once', () => {
    expect(
      awsErrorMessage(ec2Error('InvalidSubnetID.NotFound', 'no subnet-1')),
    ).toBe('InvalidSubnetID.NotFound: no subnet-1');
    expect(awsErrorMessage(new Error('plain'))).toBe('plain');
  });

  it('classifies the codes callers branch on', () => {
    expect(isThrottling(ec2Error('RequestLimitExceeded'))).toBe(true);
    expect(isThrottling(ec2Error('Unknown', 'slow', 429))).toBe(true);
    expect(isThrottling(ec2Error('InvalidParameter'))).toBe(false);
    expect(isNotFound(ec2Error('InvalidVpcEndpointId.NotFound'))).toBe(true);
    expect(isNotFound(ec2Error('InvalidParameter'))).toBe(false);
    expect(isDryRunOperation(ec2Error('DryRunOperation'))).toBe(true);
    expect(isUnauthorized(ec2Error('UnauthorizedOperation'))).toBe(true);
    expect(isUnauthorized(ec2Error('DryRunOperation'))).toBe(false);
  });

  it('recognises the credential chain giving up', () => {
    const err = new Error('Could not load credentials from any providers');
    err.name = 'CredentialsProviderError';
    expect(isCredentialsError(err)).toBe(true);
    expect(isCredentialsError(ec2Error('AuthFailure'))).toBe(false);
  });
});

describe('redactAwsText', () => {
  it('drops the encoded authorization message and hides role and user ARNs', () => {
    const raw =
      'You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/backstage/i-0abc is not authorized to perform: ec2:CreateVpcEndpoint on resource: arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d4e5f67890. Encoded authorization failure message: AQoDYXdz-abc_def';

    expect(redactAwsText(raw)).toBe(
      "You are not authorized to perform this operation. User: <the backend's AWS identity> is not authorized to perform: ec2:CreateVpcEndpoint on resource: arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d4e5f67890.",
    );
    expect(
      publicAwsMessage(
        ec2Error(
          'AccessDenied',
          'User: arn:aws:iam::123456789012:role/ops is not authorized to perform: sts:AssumeRole',
        ),
      ),
    ).toBe(
      "AccessDenied: User: <the backend's AWS identity> is not authorized to perform: sts:AssumeRole",
    );
  });
});
