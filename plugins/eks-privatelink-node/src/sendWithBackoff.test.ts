import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { ec2Client, ec2Error, instantSleep } from './testUtils';
import { sendWithBackoff, THROTTLE_ATTEMPTS } from './sendWithBackoff';

const ec2Mock = mockClient(EC2Client);
beforeEach(() => ec2Mock.reset());

describe('sendWithBackoff', () => {
  it('retries throttled calls with doubling pauses, then succeeds', async () => {
    ec2Mock
      .on(DescribeVpcsCommand)
      .rejectsOnce(ec2Error('RequestLimitExceeded'))
      .rejectsOnce(ec2Error('Throttling'))
      .resolves({ Vpcs: [{ VpcId: 'vpc-0a1b2c3d4e5f67890' }] });
    const time = instantSleep();

    const response = await sendWithBackoff(
      ec2Client(),
      new DescribeVpcsCommand({}),
      time,
    );

    expect(response.Vpcs?.[0].VpcId).toBe('vpc-0a1b2c3d4e5f67890');
    expect(time.waits).toEqual([1000, 2000]);
  });

  it('gives up after a bounded number of attempts', async () => {
    ec2Mock.on(DescribeVpcsCommand).rejects(ec2Error('RequestLimitExceeded'));
    await expect(
      sendWithBackoff(ec2Client(), new DescribeVpcsCommand({}), instantSleep()),
    ).rejects.toThrow('RequestLimitExceeded');
    expect(ec2Mock.commandCalls(DescribeVpcsCommand)).toHaveLength(
      THROTTLE_ATTEMPTS,
    );
  });

  it('does not retry other errors', async () => {
    ec2Mock.on(DescribeVpcsCommand).rejects(ec2Error('InvalidVpcID.NotFound'));
    await expect(
      sendWithBackoff(ec2Client(), new DescribeVpcsCommand({}), instantSleep()),
    ).rejects.toThrow('InvalidVpcID.NotFound');
    expect(ec2Mock.commandCalls(DescribeVpcsCommand)).toHaveLength(1);
  });
});
