import { AwsCredentialsError } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { describeAwsFailure } from './describeAwsFailure';

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe('describeAwsFailure', () => {
  it('passes on what the credentials error says to configure', () => {
    const err = new AwsCredentialsError(
      'No AWS credentials are configured for account 111122223333. In app-config.yaml add an entry under aws.accounts',
      { accountId: '111122223333' },
    );
    expect(
      describeAwsFailure(err, {
        region: 'us-east-1',
        accountId: '111122223333',
      }),
    ).toBe(err.message);
  });

  it('names the settings for a raw SDK credentials failure', () => {
    expect(
      describeAwsFailure(
        awsError(
          'CredentialsProviderError',
          'Could not load credentials from any providers',
        ),
        { region: 'us-east-1' },
      ),
    ).toMatch(/aws\.mainAccount.*AWS_ACCESS_KEY_ID/);
  });

  it('names the IAM actions when AWS refuses', () => {
    expect(
      describeAwsFailure(awsError('UnauthorizedOperation', 'not authorized'), {
        region: 'eu-west-1',
        accountId: '123456789012',
      }),
    ).toBe(
      "AWS refused to read the EKS endpoints of eu-west-1 (account 123456789012): UnauthorizedOperation: not authorized. Allow ec2:DescribeVpcEndpoints, ec2:DescribeVpcAttribute, ec2:DescribeSubnets and ec2:DescribeVpcEndpointServices for the backend's credentials of account 123456789012.",
    );
  });

  it('points at the annotations when the VPC does not exist', () => {
    expect(
      describeAwsFailure(
        awsError(
          'InvalidVpcID.NotFound',
          "The vpc ID 'vpc-0123' does not exist",
        ),
        { region: 'us-east-1', vpcId: 'vpc-0123' },
      ),
    ).toMatch(
      /^vpc-0123 was not found in us-east-1 .*aws\.amazon\.com\/vpc-id/,
    );
  });
});
