import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  ec2Error,
  OTHER_VPC_ID,
  REGION,
  subnet,
  SUBNET_A,
  SUBNET_A2,
  SUBNET_B,
  SUBNET_C,
  VPC_ID,
} from '../../testUtils';
import { cleanVpcMock, base, refusalOf } from '../__testUtils__/planFixtures';
import { chooseSubnets } from './subnets';

const ec2Mock = cleanVpcMock();

describe('planEndpoint, subnets', () => {
  it('refuses a subnet of another VPC', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [subnet(SUBNET_A, `${REGION}a`, OTHER_VPC_ID)],
    });
    const error = await refusalOf(ec2Mock, { ...base, subnetIds: [SUBNET_A] });
    expect(error.message).toContain(
      `${SUBNET_A} belongs to ${OTHER_VPC_ID}, not ${VPC_ID}`,
    );
  });

  it('refuses a subnet AWS does not know', async () => {
    ec2Mock
      .on(DescribeSubnetsCommand)
      .rejects(
        ec2Error(
          'InvalidSubnetID.NotFound',
          `The subnet ID '${SUBNET_B}' does not exist`,
        ),
      );
    const error = await refusalOf(ec2Mock, {
      ...base,
      subnetIds: [SUBNET_A, SUBNET_B],
    });
    expect(error.refusals[0]).toMatchObject({ field: 'subnetIds' });
    expect(error.message).toContain(`${SUBNET_B} was not found`);
    expect(error.message).not.toContain(SUBNET_A);
  });

  it('refuses two subnets in one Availability Zone', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        subnet(SUBNET_A, `${REGION}a`),
        subnet(SUBNET_A2, `${REGION}a`),
      ],
    });
    const error = await refusalOf(ec2Mock, {
      ...base,
      subnetIds: [SUBNET_A, SUBNET_A2],
    });
    expect(error.refusals[0].field).toBe('subnetIds');
    expect(error.message).toContain(`${SUBNET_A} and ${SUBNET_A2}`);
    expect(error.message).toContain('one subnet per Availability Zone');
  });

  it('refuses a subnet in an Availability Zone the service does not support', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [subnet(SUBNET_C, `${REGION}c`)],
    });
    const error = await refusalOf(ec2Mock, { ...base, subnetIds: [SUBNET_C] });
    expect(error.message).toContain(`${SUBNET_C} is in ${REGION}c`);
    expect(error.message).toContain(`${REGION}a, ${REGION}b`);
  });

  it('refuses an empty subnet list when the VPC has no subnet in a supported AZ', async () => {
    ec2Mock
      .on(DescribeSubnetsCommand)
      .resolves({ Subnets: [subnet(SUBNET_C, `${REGION}c`)] });
    const error = await refusalOf(ec2Mock, { ...base, subnetIds: [] });
    expect(error.refusals[0].field).toBe('subnetIds');
    expect(error.message).toContain(
      `${VPC_ID} has no subnet in an Availability Zone`,
    );
  });
});

describe('chooseSubnets', () => {
  it('takes the lowest subnet id of each supported AZ, AZs in name order', () => {
    const chosen = chooseSubnets(
      [
        subnet(SUBNET_B, `${REGION}b`),
        subnet(SUBNET_A2, `${REGION}a`),
        subnet(SUBNET_A, `${REGION}a`),
        subnet(SUBNET_C, `${REGION}c`),
      ],
      [`${REGION}a`, `${REGION}b`],
    );
    expect(chosen.map(s => s.SubnetId)).toEqual([SUBNET_A, SUBNET_B]);
  });

  it('skips subnets without IPv6 for a dual-stack endpoint and unavailable ones', () => {
    const chosen = chooseSubnets(
      [
        subnet(SUBNET_A, `${REGION}a`),
        subnet(SUBNET_A2, `${REGION}a`, VPC_ID, {
          Ipv6CidrBlockAssociationSet: [
            {
              Ipv6CidrBlock: '2600:1f14::/64',
              Ipv6CidrBlockState: { State: 'associated' },
            },
          ],
        }),
        subnet(SUBNET_B, `${REGION}b`, VPC_ID, { State: 'pending' }),
      ],
      null,
      'dualstack',
    );
    expect(chosen.map(s => s.SubnetId)).toEqual([SUBNET_A2]);
  });
});
