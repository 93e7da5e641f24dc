import {
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
} from '@aws-sdk/client-ec2';
import {
  ec2Client,
  endpoint,
  REGION,
  subnet,
  SUBNET_A,
  SUBNET_A2,
  SUBNET_B,
} from '../../testUtils';
import { cleanVpcMock, base, refusalOf } from '../__testUtils__/planFixtures';
import { planEndpoint } from '../planEndpoint';

const ec2Mock = cleanVpcMock();

describe('planEndpoint with an existing endpoint', () => {
  it('reuses an available endpoint and creates nothing', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint()] });
    ec2Mock
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: true } });

    const plan = await planEndpoint(ec2Client(), {
      ...base,
      subnetIds: [SUBNET_A],
    });

    expect(plan.action).toBe('reuse');
    expect(plan.changes).toEqual([]);
    expect(plan.existingEndpoint?.vpcEndpointId).toBe('vpce-0123456789abcdef0');
    expect(plan.diff).toEqual([]);
    expect(plan.notes.join(' ')).toContain(
      'although the request differs in subnetIds. Set onExisting to update to change it in place.',
    );
  });

  it('with onExisting update, adds and removes subnets to match the request', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint({ SubnetIds: [SUBNET_A] })] });
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        subnet(SUBNET_A2, `${REGION}a`),
        subnet(SUBNET_B, `${REGION}b`),
      ],
    });

    const plan = await planEndpoint(ec2Client(), {
      ...base,
      onExisting: 'update',
      subnetIds: [SUBNET_A2, SUBNET_B],
    });

    expect(plan.action).toBe('update');
    expect(plan.changes.find(c => c.kind === 'modifyEndpoint')).toMatchObject({
      addSubnetIds: [SUBNET_A2, SUBNET_B],
      removeSubnetIds: [SUBNET_A],
      addSecurityGroupIds: [],
      removeSecurityGroupIds: [],
    });
  });

  it('refuses when a private-DNS EKS endpoint exists and onExisting is fail', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint()] });
    const error = await refusalOf(ec2Mock, { ...base, onExisting: 'fail' });
    expect(error.refusals[0].field).toBe('onExisting');
    expect(error.message).toContain('vpce-0123456789abcdef0');
    expect(error.message).toContain('private DNS on');
  });

  describe('an endpoint the portal did not make', () => {
    const unmanaged = () => endpoint({ Tags: [{ Key: 'team', Value: 'net' }] });

    it('refuses onExisting update and leaves it as it is', async () => {
      ec2Mock
        .on(DescribeVpcEndpointsCommand)
        .resolves({ VpcEndpoints: [unmanaged()] });
      const error = await refusalOf(ec2Mock, {
        ...base,
        onExisting: 'update',
        subnetIds: [SUBNET_A2, SUBNET_B],
      });
      expect(error.refusals[0].field).toBe('onExisting');
      expect(error.message).toContain(
        'vpce-0123456789abcdef0, which the portal did not make',
      );
    });

    it('still reuses it read-only', async () => {
      ec2Mock
        .on(DescribeVpcEndpointsCommand)
        .resolves({ VpcEndpoints: [unmanaged()] });
      ec2Mock
        .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
        .resolves({ EnableDnsHostnames: { Value: true } });

      const plan = await planEndpoint(ec2Client(), base);

      expect(plan.action).toBe('reuse');
      expect(plan.changes).toEqual([]);
    });
  });
});
