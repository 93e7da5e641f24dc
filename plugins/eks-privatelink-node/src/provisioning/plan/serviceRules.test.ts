import {
  DescribeVpcEndpointServicesCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { ec2Error, REGION, SERVICE } from '../../testUtils';
import { cleanVpcMock, base, refusalOf } from '../__testUtils__/planFixtures';

const ec2Mock = cleanVpcMock();

describe('planEndpoint, the EKS endpoint rules', () => {
  it('refuses a region the seed rules list as unavailable when AWS cannot be asked', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('UnauthorizedOperation'));
    const error = await refusalOf(ec2Mock, {
      ...base,
      region: 'ap-southeast-3',
    });
    expect(error.refusals[0]).toMatchObject({
      field: 'region',
      source: 'seed',
    });
    expect(error.message).toContain('seed guide');
    expect(ec2Mock.commandCalls(DescribeVpcsCommand)).toHaveLength(0);
  });

  it('refuses a region app-config lists as unavailable when AWS cannot be asked', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('UnauthorizedOperation'));
    const error = await refusalOf(ec2Mock, base, {
      rulesConfig: { unavailableRegions: [REGION] },
    });
    expect(error.refusals[0]).toMatchObject({
      field: 'region',
      source: 'config',
    });
    expect(error.message).toContain('app-config');
  });

  it('refuses a region where AWS says the service does not exist', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('InvalidServiceName'));
    const error = await refusalOf(ec2Mock, base);
    expect(error.refusals[0]).toMatchObject({ field: 'region', source: 'aws' });
    expect(error.message).toContain('DescribeVpcEndpointServices');
  });

  it('refuses an ipAddressType and a policyDocument the rules do not allow', async () => {
    ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [
        {
          ServiceName: SERVICE,
          AvailabilityZones: [`${REGION}a`],
          VpcEndpointPolicySupported: false,
          SupportedIpAddressTypes: ['ipv4'],
        },
      ],
    });
    const error = await refusalOf(ec2Mock, {
      ...base,
      ipAddressType: 'dualstack',
      policyDocument: { Statement: [] },
    });
    expect(error.refusals.map(r => [r.field, r.source])).toEqual([
      ['ipAddressType', 'aws'],
      ['policyDocument', 'aws'],
    ]);
  });
});
