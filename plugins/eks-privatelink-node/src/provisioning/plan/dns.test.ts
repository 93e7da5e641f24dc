import { DescribeVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { ec2Client } from '../../testUtils';
import { cleanVpcMock, base, refusalOf } from '../__testUtils__/planFixtures';
import { planEndpoint } from '../planEndpoint';

const ec2Mock = cleanVpcMock();

describe('planEndpoint, VPC DNS attributes', () => {
  it('plans no DNS change when both attributes are already on', async () => {
    ec2Mock
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: true } });
    const plan = await planEndpoint(ec2Client(), base);
    expect(plan.changes.map(c => c.kind)).toEqual([
      'createSecurityGroup',
      'createEndpoint',
    ]);
  });

  it('plans both DNS changes, support first, when both are off', async () => {
    ec2Mock
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' })
      .resolves({ EnableDnsSupport: { Value: false } });
    const plan = await planEndpoint(ec2Client(), base);
    expect(plan.changes.slice(0, 2).map(c => c.kind)).toEqual([
      'enableDnsSupport',
      'enableDnsHostnames',
    ]);
  });

  it('refuses private DNS when the VPC DNS attributes are off and manageVpcDns is false', async () => {
    const error = await refusalOf(ec2Mock, { ...base, manageVpcDns: false });
    expect(error.refusals[0].field).toBe('privateDnsEnabled');
    expect(error.message).toContain('enableDnsHostnames');
    expect(error.message).toContain('manageVpcDns');
  });
});
