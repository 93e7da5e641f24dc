import {
  CreateVpcEndpointCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointServicesCommand,
} from '@aws-sdk/client-ec2';
import { InputError } from '@backstage/errors';
import {
  ec2Client,
  ec2Error,
  instantSleep,
  mockAvailableAfterCreate,
  REGION,
  SERVICE,
  subnet,
  SUBNET_A,
  SUBNET_B,
  VPC_ID,
} from '../../testUtils';
import { applyPlan } from '../applyPlan';
import { cleanVpcMock, base, refusalOf } from '../__testUtils__/planFixtures';
import { planEndpoint } from '../planEndpoint';

const DUAL_STACK = {
  Ipv6CidrBlockAssociationSet: [
    {
      Ipv6CidrBlock: '2600:1f14:1:2::/64',
      Ipv6CidrBlockState: { State: 'associated' as const },
    },
  ],
};

const ec2Mock = cleanVpcMock();

const OSAKA = 'ap-northeast-3';

/** The fixture VPC moved to Osaka, which the seed guide listed as without the endpoint. */
function vpcInOsaka(): void {
  ec2Mock.on(DescribeSubnetsCommand).resolves({
    Subnets: [subnet(SUBNET_A, `${OSAKA}a`), subnet(SUBNET_B, `${OSAKA}b`)],
  });
  ec2Mock
    .on(DescribeVpcEndpointServicesCommand)
    .rejects(ec2Error('UnauthorizedOperation'));
}

/** EC2 commands other than reads (Describe*, Get*, List*), by name. */
function mutatingCommandNames(): string[] {
  return ec2Mock
    .calls()
    .map(call => call.args[0].constructor.name)
    .filter(name => !/^(Describe|Get|List)/.test(name));
}

describe('planEndpoint, rules AWS could not be asked about', () => {
  it('creates in a region the seed refuses when DescribeVpcEndpointServices is denied, and says why', async () => {
    vpcInOsaka();
    mockAvailableAfterCreate(ec2Mock);
    const request = {
      ...base,
      region: OSAKA,
      ipAddressType: 'dualstack' as const,
      policyDocument: { Statement: [] },
    };
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        subnet(SUBNET_A, `${OSAKA}a`, VPC_ID, DUAL_STACK),
        subnet(SUBNET_B, `${OSAKA}b`, VPC_ID, DUAL_STACK),
      ],
    });

    const plan = await planEndpoint(ec2Client(), request);

    expect(plan.notes).toEqual(
      expect.arrayContaining([
        `Could not ask AWS whether com.amazonaws.${OSAKA}.eks is offered in ${OSAKA} (ec2:DescribeVpcEndpointServices is denied); AWS's answer to the create decides. Availability Zones are not checked; grant ec2:DescribeVpcEndpointServices for exact checks.`,
        `The seed guide (2023) said the EKS endpoint is not available in ${OSAKA}.`,
        'The seed guide (2023) said EKS endpoints take no endpoint policy.',
        'The seed guide (2023) said the EKS endpoint is IPv4 only.',
      ]),
    );
    const result = await applyPlan(ec2Client(), plan, instantSleep());
    expect(result.created).toBe(true);
    expect(
      ec2Mock.commandCalls(CreateVpcEndpointCommand)[0].args[0].input,
    ).toMatchObject({
      ServiceName: `com.amazonaws.${OSAKA}.eks`,
      IpAddressType: 'dualstack',
    });
  });

  it('treats DescribeVpcEndpointServices throttled out as unknown too', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('RequestLimitExceeded'));
    const plan = await planEndpoint(ec2Client(), base);
    expect(plan.action).toBe('create');
    expect(plan.notes[0]).toContain(
      "DescribeVpcEndpointServices was throttled (RequestLimitExceeded) after the SDK's retries",
    );
  });

  it("explains AWS's refusal of the create, after nothing was refused on the seed's word", async () => {
    vpcInOsaka();
    ec2Mock
      .on(CreateVpcEndpointCommand)
      .rejects(
        ec2Error(
          'InvalidServiceName',
          `The Vpc Endpoint Service 'com.amazonaws.${OSAKA}.eks' does not exist`,
        ),
      );
    const plan = await planEndpoint(ec2Client(), { ...base, region: OSAKA });

    const error = await applyPlan(ec2Client(), plan, instantSleep()).catch(
      e => e,
    );

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `AWS says com.amazonaws.${OSAKA}.eks is not offered in ${OSAKA} (InvalidServiceName), so the EKS interface endpoint can't be created there. Use a VPC in a region where AWS offers it. AWS said: InvalidServiceName: The Vpc Endpoint Service 'com.amazonaws.${OSAKA}.eks' does not exist`,
    );
    expect(mutatingCommandNames()).toContain('CreateVpcEndpointCommand');
  });

  it("explains AWS's refusal in a dry run too, and changes nothing", async () => {
    vpcInOsaka();
    ec2Mock
      .on(CreateVpcEndpointCommand)
      .rejects(
        ec2Error(
          'InvalidServiceName',
          `The Vpc Endpoint Service 'com.amazonaws.${OSAKA}.eks' does not exist`,
        ),
      );
    const plan = await planEndpoint(ec2Client(), { ...base, region: OSAKA });

    const error = await applyPlan(ec2Client(), plan, {
      ...instantSleep(),
      dryRun: true,
    }).catch(e => e);

    expect(error.message).toContain(
      `The dry run of CreateVpcEndpoint was refused: AWS says com.amazonaws.${OSAKA}.eks is not offered in ${OSAKA} (InvalidServiceName)`,
    );
    expect(
      ec2Mock
        .commandCalls(CreateVpcEndpointCommand)
        .every(call => call.args[0].input.DryRun === true),
    ).toBe(true);
  });

  it('explains an Availability Zone AWS does not offer the service in', async () => {
    vpcInOsaka();
    ec2Mock
      .on(CreateVpcEndpointCommand)
      .rejects(
        ec2Error(
          'InvalidParameter',
          `The VPC endpoint service com.amazonaws.${OSAKA}.eks does not support the availability zone of the subnet: ${SUBNET_B}.`,
        ),
      );
    const plan = await planEndpoint(ec2Client(), { ...base, region: OSAKA });
    const error = await applyPlan(ec2Client(), plan, instantSleep()).catch(
      e => e,
    );
    expect(error.message).toContain(
      `AWS says com.amazonaws.${OSAKA}.eks is not offered in the Availability Zone of one of the subnets ${SUBNET_A}, ${SUBNET_B} (${OSAKA}a, ${OSAKA}b)`,
    );
  });
});

describe('planEndpoint, the EKS endpoint rules', () => {
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
