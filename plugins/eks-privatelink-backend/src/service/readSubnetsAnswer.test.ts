import {
  DescribeSubnetsCommand,
  DescribeVpcEndpointServicesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { readSubnetsAnswer } from './readSubnetsAnswer';

const ec2 = mockClient(EC2Client);
const client = new EC2Client({ region: 'ap-northeast-3' });
const vpc = { vpcId: 'vpc-0a000001', region: 'ap-northeast-3' };

function denied(): Error {
  return Object.assign(new Error('You are not authorized'), {
    name: 'UnauthorizedOperation',
    $metadata: { httpStatusCode: 403 },
  });
}

beforeEach(() => {
  ec2.reset();
  ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: [
      {
        SubnetId: 'subnet-0c000001',
        AvailabilityZone: 'ap-northeast-3a',
        VpcId: vpc.vpcId,
      },
      {
        SubnetId: 'subnet-0c000002',
        AvailabilityZone: 'ap-northeast-3b',
        VpcId: vpc.vpcId,
      },
    ],
  });
});

describe('readSubnetsAnswer', () => {
  it('offers the IP address types and the policy support AWS lists for the region', async () => {
    ec2.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [
        {
          ServiceName: 'com.amazonaws.ap-northeast-3.eks',
          AvailabilityZones: ['ap-northeast-3a'],
          VpcEndpointPolicySupported: true,
          SupportedIpAddressTypes: ['ipv4', 'ipv6'],
        },
      ],
    });
    const answer = await readSubnetsAnswer(client, vpc, undefined);
    expect(answer.subnets.map(s => [s.subnetId, s.serviceSupported])).toEqual([
      ['subnet-0c000001', true],
      ['subnet-0c000002', false],
    ]);
    expect(answer.ipAddressTypes).toMatchObject({
      value: ['ipv4', 'dualstack', 'ipv6'],
      source: 'aws',
    });
    expect(answer.endpointPolicySupported).toMatchObject({
      value: true,
      source: 'aws',
    });
  });

  it('still lists the subnets when DescribeVpcEndpointServices is denied, with unknown rules', async () => {
    ec2.on(DescribeVpcEndpointServicesCommand).rejects(denied());
    const answer = await readSubnetsAnswer(client, vpc, undefined);
    expect(answer.subnets.every(s => s.serviceSupported)).toBe(true);
    expect(answer.ipAddressTypes?.source).toBe('unknown');
    expect(answer.ipAddressTypes?.value).toEqual(['ipv4', 'dualstack', 'ipv6']);
    expect(answer.ipAddressTypes?.reason).toContain(
      'ec2:DescribeVpcEndpointServices is denied',
    );
  });

  it('takes the operator config when AWS could not be asked', async () => {
    ec2.on(DescribeVpcEndpointServicesCommand).rejects(denied());
    const answer = await readSubnetsAnswer(client, vpc, {
      ipAddressTypes: ['ipv4'],
    });
    expect(answer.ipAddressTypes).toMatchObject({
      value: ['ipv4'],
      source: 'config',
    });
  });
});
