import { redactAwsText } from './redactAwsText';

describe('redactAwsText', () => {
  it('hides IAM identities and encoded authorization messages', () => {
    expect(
      redactAwsText(
        'UnauthorizedOperation: You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/backstage-prod/i-0abc is not authorized to perform: ec2:DescribeVpcEndpoints with an explicit deny. Encoded authorization failure message: Xk3-AbCdEf_0123456789',
      ),
    ).toBe(
      "UnauthorizedOperation: You are not authorized to perform this operation. User: the backend's IAM identity is not authorized to perform: ec2:DescribeVpcEndpoints with an explicit deny. (the backend log has the details)",
    );
    expect(
      redactAwsText('role arn:aws-us-gov:iam::123456789012:role/x denied'),
    ).toBe("role the backend's IAM identity denied");
  });

  it('leaves other text alone', () => {
    const text =
      "The vpc ID 'vpc-0123' does not exist in arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123";
    expect(redactAwsText(text)).toBe(text);
  });
});
