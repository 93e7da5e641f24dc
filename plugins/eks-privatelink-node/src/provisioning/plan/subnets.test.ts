import {
  DescribeSubnetsCommand,
  DescribeVpcEndpointServicesCommand,
} from '@aws-sdk/client-ec2';
import {
  ec2Client,
  ec2Error,
  OTHER_VPC_ID,
  REGION,
  SERVICE,
  subnet,
  SUBNET_A,
  SUBNET_A2,
  SUBNET_B,
  SUBNET_C,
  VPC_ID,
} from '../../testUtils';
import { cleanVpcMock, base, refusalOf } from '../__testUtils__/planFixtures';
import { planEndpoint } from '../planEndpoint';
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
      `${VPC_ID} has no IPv4 subnet in an Availability Zone`,
    );
  });
});

const IPV6_BLOCK = {
  Ipv6CidrBlockAssociationSet: [
    {
      Ipv6CidrBlock: '2600:1f14:1:2::/64',
      Ipv6CidrBlockState: { State: 'associated' as const },
    },
  ],
};
/** A dual-stack subnet: an IPv4 and an IPv6 block. */
const dualStack = (id: string, az: string) =>
  subnet(id, az, VPC_ID, { CidrBlock: '10.0.1.0/24', ...IPV6_BLOCK });
/** An IPv6-only subnet: no IPv4 block, `Ipv6Native`. */
const ipv6Only = (id: string, az: string) =>
  subnet(id, az, VPC_ID, { Ipv6Native: true, ...IPV6_BLOCK });

describe('planEndpoint, subnets and the IP address type', () => {
  // The fixture's service lists IPv4 only; config can't beat AWS, so AWS says all three here.
  const options = {};
  beforeEach(() => {
    ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [
        {
          ServiceName: SERVICE,
          AvailabilityZones: [`${REGION}a`, `${REGION}b`],
          SupportedIpAddressTypes: ['ipv4', 'ipv6'],
        },
      ],
    });
  });

  it('refuses a dual-stack subnet for an ipv6 endpoint, naming it and the fix', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        dualStack(SUBNET_A, `${REGION}a`),
        ipv6Only(SUBNET_B, `${REGION}b`),
      ],
    });
    const error = await refusalOf(
      ec2Mock,
      { ...base, ipAddressType: 'ipv6', subnetIds: [SUBNET_A, SUBNET_B] },
      options,
    );
    expect(error.refusals).toEqual([
      {
        field: 'subnetIds',
        message: `subnetIds: ${SUBNET_A} is not IPv6-only, and an ipv6 endpoint takes only IPv6-only subnets — pick IPv6-only subnets (created with Ipv6Native) or use ipAddressType dualstack.`,
      },
    ]);
  });

  it('refuses an IPv6-only subnet for a dualstack endpoint and an IPv4-only one too', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        ipv6Only(SUBNET_A, `${REGION}a`),
        subnet(SUBNET_B, `${REGION}b`),
      ],
    });
    const error = await refusalOf(
      ec2Mock,
      { ...base, ipAddressType: 'dualstack', subnetIds: [SUBNET_A, SUBNET_B] },
      options,
    );
    expect(error.refusals.map(r => r.message)).toEqual([
      expect.stringContaining(
        `${SUBNET_A} is IPv6-only, and a dualstack endpoint needs an IPv4 CIDR block as well as an IPv6 one`,
      ),
      expect.stringContaining(
        `${SUBNET_B} has no IPv6 CIDR block, which a dualstack endpoint needs`,
      ),
    ]);
  });

  it('places an ipv6 endpoint only in IPv6-only subnets', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        dualStack(SUBNET_A, `${REGION}a`),
        ipv6Only(SUBNET_A2, `${REGION}a`),
        dualStack(SUBNET_B, `${REGION}b`),
      ],
    });
    const plan = await planEndpoint(
      ec2Client(),
      { ...base, ipAddressType: 'ipv6' },
      options,
    );
    expect(plan.subnetIds).toEqual([SUBNET_A2]);
  });

  it('says the VPC has no IPv6-only subnet when automatic placement finds none', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [dualStack(SUBNET_A, `${REGION}a`)],
    });
    const error = await refusalOf(
      ec2Mock,
      { ...base, ipAddressType: 'ipv6' },
      options,
    );
    expect(error.message).toContain(`${VPC_ID} has no IPv6-only subnet`);
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
