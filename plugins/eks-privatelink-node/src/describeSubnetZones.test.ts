import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { describeSubnetZones } from './ec2Reads';

describe('describeSubnetZones', () => {
  const ec2 = mockClient(EC2Client);
  const client = new EC2Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  afterEach(() => ec2.reset());
  afterAll(() => ec2.restore());

  it('asks by SubnetIds, 200 at a time, and maps each subnet to its AZ', async () => {
    ec2.on(DescribeSubnetsCommand).callsFake(input => ({
      Subnets: input.SubnetIds.map((id: string) => ({
        SubnetId: id,
        AvailabilityZone: `us-east-1${id.endsWith('7') ? 'b' : 'a'}`,
      })),
    }));
    const ids = Array.from({ length: 450 }, (_, i) => `subnet-${i}`);

    const zones = await describeSubnetZones(client, ids);

    const calls = ec2.commandCalls(DescribeSubnetsCommand);
    expect(calls.map(c => c.args[0].input.SubnetIds?.length)).toEqual([
      200, 200, 50,
    ]);
    expect(calls.map(c => c.args[0].input.Filters)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(Object.keys(zones)).toHaveLength(450);
    expect(zones['subnet-17']).toBe('us-east-1b');
    expect(zones['subnet-449']).toBe('us-east-1a');
  });

  it('follows page tokens, and stops on a token seen twice', async () => {
    ec2
      .on(DescribeSubnetsCommand)
      .resolvesOnce({
        Subnets: [{ SubnetId: 'subnet-1', AvailabilityZone: 'us-east-1a' }],
        NextToken: 't1',
      })
      .resolvesOnce({
        Subnets: [{ SubnetId: 'subnet-2', AvailabilityZone: 'us-east-1c' }],
      });
    expect(await describeSubnetZones(client, ['subnet-1', 'subnet-2'])).toEqual(
      { 'subnet-1': 'us-east-1a', 'subnet-2': 'us-east-1c' },
    );

    ec2.reset();
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [], NextToken: 'same' });
    await expect(describeSubnetZones(client, ['subnet-1'])).rejects.toThrow(
      'page token same twice',
    );
  });
});
