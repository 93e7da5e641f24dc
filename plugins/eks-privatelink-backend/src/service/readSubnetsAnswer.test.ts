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

  it('marks each subnet with the services offered in its AZ, asking for both', async () => {
    ec2.on(DescribeVpcEndpointServicesCommand).callsFake(input => ({
      ServiceDetails: [
        input.ServiceNames[0] === 'com.amazonaws.ap-northeast-3.eks'
          ? {
              ServiceName: 'com.amazonaws.ap-northeast-3.eks',
              AvailabilityZones: ['ap-northeast-3a', 'ap-northeast-3b'],
            }
          : {
              ServiceName: 'com.amazonaws.ap-northeast-3.eks-auth',
              AvailabilityZones: ['ap-northeast-3a'],
            },
      ],
    }));
    const answer = await readSubnetsAnswer(client, vpc, undefined);
    expect(
      answer.subnets.map(s => [
        s.subnetId,
        s.serviceSupported,
        s.supportedServices,
      ]),
    ).toEqual([
      ['subnet-0c000001', true, ['eks', 'eks-auth']],
      ['subnet-0c000002', true, ['eks']],
    ]);
    expect(
      ec2
        .commandCalls(DescribeVpcEndpointServicesCommand)
        .map(call => call.args[0].input.ServiceNames)
        .sort(),
    ).toEqual([
      ['com.amazonaws.ap-northeast-3.eks'],
      ['com.amazonaws.ap-northeast-3.eks-auth'],
    ]);
  });

  it('lists no service for a subnet when the region offers neither', async () => {
    ec2.on(DescribeVpcEndpointServicesCommand).rejects(
      Object.assign(new Error('The service name is not valid'), {
        name: 'InvalidServiceName',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const answer = await readSubnetsAnswer(client, vpc, undefined);
    expect(
      answer.subnets.map(s => [s.serviceSupported, s.supportedServices]),
    ).toEqual([
      [false, []],
      [false, []],
    ]);
  });

  it('counts every subnet as offering eks-auth when only its question fails', async () => {
    ec2
      .on(DescribeVpcEndpointServicesCommand, {
        ServiceNames: ['com.amazonaws.ap-northeast-3.eks'],
      })
      .resolves({
        ServiceDetails: [
          {
            ServiceName: 'com.amazonaws.ap-northeast-3.eks',
            AvailabilityZones: ['ap-northeast-3b'],
            VpcEndpointPolicySupported: true,
          },
        ],
      })
      .on(DescribeVpcEndpointServicesCommand, {
        ServiceNames: ['com.amazonaws.ap-northeast-3.eks-auth'],
      })
      .rejects(denied());
    const answer = await readSubnetsAnswer(client, vpc, undefined);
    expect(answer.subnets.map(s => [s.subnetId, s.supportedServices])).toEqual([
      ['subnet-0c000001', ['eks-auth']],
      ['subnet-0c000002', ['eks', 'eks-auth']],
    ]);
    // The rules are the EKS API's, which AWS did answer.
    expect(answer.endpointPolicySupported).toMatchObject({
      value: true,
      source: 'aws',
    });
  });

  it('still lists the subnets when DescribeVpcEndpointServices is denied, with unknown rules', async () => {
    ec2.on(DescribeVpcEndpointServicesCommand).rejects(denied());
    const answer = await readSubnetsAnswer(client, vpc, undefined);
    expect(answer.subnets.every(s => s.serviceSupported)).toBe(true);
    expect(answer.subnets.map(s => s.supportedServices)).toEqual([
      ['eks', 'eks-auth'],
      ['eks', 'eks-auth'],
    ]);
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
