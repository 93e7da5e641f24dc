import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  checkpointStore,
  ec2Client,
  ec2Error,
  endpoint,
  ENDPOINT_ID,
  instantSleep,
  managedSecurityGroup,
  mockAvailableAfterCreate,
  mockCleanVpc,
  mutatingCalls,
  REGION,
  SERVICE,
  SG_DEFAULT,
  SG_GIVEN,
  SG_MANAGED,
  subnet,
  SUBNET_A,
  SUBNET_A2,
  SUBNET_B,
  VPC_ID,
  wireState,
} from '../testUtils';
import { applyPlan } from './applyPlan';
import {
  EndpointFailedError,
  EndpointRequestRefusedError,
  EndpointWaitTimeoutError,
} from './errors';
import { planEndpoint } from './planEndpoint';
import type { EndpointRequest } from './types';

const ec2Mock = mockClient(EC2Client);
const request: EndpointRequest = {
  vpcId: VPC_ID,
  region: REGION,
  accountId: ACCOUNT,
};

function commandNames(): string[] {
  return ec2Mock.calls().map(call => call.args[0].constructor.name);
}

beforeEach(() => {
  ec2Mock.reset();
  mockCleanVpc(ec2Mock);
});

describe('applyPlan, real run', () => {
  it('turns DNS hostnames on, creates the group and its 443 rule, creates the endpoint and waits', async () => {
    mockAvailableAfterCreate(ec2Mock);
    const plan = await planEndpoint(ec2Client(), request);
    ec2Mock.resetHistory();
    const time = instantSleep();

    const result = await applyPlan(ec2Client(), plan, { ...time });

    expect(commandNames()).toEqual([
      'ModifyVpcAttributeCommand',
      'CreateSecurityGroupCommand',
      'AuthorizeSecurityGroupIngressCommand',
      'CreateVpcEndpointCommand',
      'DescribeVpcEndpointsCommand',
    ]);
    expect(
      ec2Mock.commandCalls(ModifyVpcAttributeCommand)[0].args[0].input,
    ).toEqual({ VpcId: VPC_ID, EnableDnsHostnames: { Value: true } });
    const group = ec2Mock.commandCalls(CreateSecurityGroupCommand)[0].args[0]
      .input;
    expect(group.TagSpecifications?.[0].Tags).toEqual(
      expect.arrayContaining([
        { Key: 'eks-privatelink:managed-by', Value: 'backstage' },
        { Key: 'eks-privatelink:vpc-endpoint-for', Value: VPC_ID },
      ]),
    );
    expect(
      ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand)[0].args[0]
        .input.IpPermissions,
    ).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [
          expect.objectContaining({ CidrIp: '10.0.0.0/16' }),
          expect.objectContaining({ CidrIp: '100.64.0.0/16' }),
        ],
      }),
    ]);
    const create = ec2Mock.commandCalls(CreateVpcEndpointCommand)[0].args[0]
      .input;
    expect(create).toMatchObject({
      VpcEndpointType: 'Interface',
      VpcId: VPC_ID,
      ServiceName: SERVICE,
      SubnetIds: [SUBNET_A, SUBNET_B],
      SecurityGroupIds: [SG_MANAGED],
      PrivateDnsEnabled: true,
      IpAddressType: 'ipv4',
    });
    expect(create.ClientToken).toMatch(/^eks-privatelink-[0-9a-f]{48}$/);
    expect(create.DryRun).toBeUndefined();
    expect(result).toMatchObject({
      dryRun: false,
      created: true,
      securityGroupId: SG_MANAGED,
      endpoint: {
        vpcEndpointId: ENDPOINT_ID,
        state: 'available',
        availabilityZones: [`${REGION}a`, `${REGION}b`],
      },
    });
  });

  it('does not create a second endpoint when a retried task runs the same plan again', async () => {
    mockAvailableAfterCreate(ec2Mock);
    const plan = await planEndpoint(ec2Client(), request);
    const store = checkpointStore();
    const time = instantSleep();

    await applyPlan(ec2Client(), plan, {
      ...time,
      checkpoint: store.checkpoint,
    });
    const again = await applyPlan(ec2Client(), plan, {
      ...time,
      checkpoint: store.checkpoint,
    });

    expect(mutatingCalls(ec2Mock)).toEqual({
      ModifyVpcAttributeCommand: 1,
      CreateSecurityGroupCommand: 1,
      AuthorizeSecurityGroupIngressCommand: 1,
      CreateVpcEndpointCommand: 1,
    });
    expect(again.endpoint?.vpcEndpointId).toBe(ENDPOINT_ID);
  });

  it('adds the 443 rule on the next run when it failed after the group was created', async () => {
    mockAvailableAfterCreate(ec2Mock);
    ec2Mock
      .on(AuthorizeSecurityGroupIngressCommand)
      .rejectsOnce(
        ec2Error('InternalError', 'We encountered an internal error.'),
      )
      .resolves({ Return: true });
    const time = instantSleep();

    // First run: the group is made, its rule fails, the endpoint is not made.
    await expect(
      applyPlan(ec2Client(), await planEndpoint(ec2Client(), request), time),
    ).rejects.toThrow('We encountered an internal error.');
    expect(mutatingCalls(ec2Mock)).toEqual({
      ModifyVpcAttributeCommand: 1,
      CreateSecurityGroupCommand: 1,
      AuthorizeSecurityGroupIngressCommand: 1,
    });

    // The next run finds the group, without its rule, by name.
    ec2Mock
      .on(DescribeSecurityGroupsCommand, {
        Filters: [
          { Name: 'vpc-id', Values: [VPC_ID] },
          {
            Name: 'group-name',
            Values: [`eks-privatelink-endpoint-${VPC_ID}`],
          },
        ],
      })
      .resolves({
        SecurityGroups: [managedSecurityGroup({ IpPermissions: [] })],
      });
    const plan = await planEndpoint(ec2Client(), request);
    const result = await applyPlan(ec2Client(), plan, time);

    expect(plan.changes.map(c => c.kind)).toContain('authorizeIngress');
    expect(mutatingCalls(ec2Mock)).toEqual({
      ModifyVpcAttributeCommand: 2,
      CreateSecurityGroupCommand: 1,
      AuthorizeSecurityGroupIngressCommand: 2,
      CreateVpcEndpointCommand: 1,
    });
    const [, second] = ec2Mock.commandCalls(
      AuthorizeSecurityGroupIngressCommand,
    );
    expect(second.args[0].input).toMatchObject({
      GroupId: SG_MANAGED,
      IpPermissions: [
        expect.objectContaining({
          FromPort: 443,
          IpRanges: [
            expect.objectContaining({ CidrIp: '10.0.0.0/16' }),
            expect.objectContaining({ CidrIp: '100.64.0.0/16' }),
          ],
        }),
      ],
    });
    expect(
      ec2Mock.commandCalls(CreateVpcEndpointCommand)[0].args[0].input
        .SecurityGroupIds,
    ).toEqual([SG_MANAGED]);
    expect(result.created).toBe(true);
  });

  it('tolerates a rule that is there already when it adds the missing one', async () => {
    mockAvailableAfterCreate(ec2Mock);
    ec2Mock
      .on(AuthorizeSecurityGroupIngressCommand)
      .rejects(ec2Error('InvalidPermission.Duplicate'));
    const plan = await planEndpoint(ec2Client(), request);

    const result = await applyPlan(ec2Client(), plan, instantSleep());

    expect(result.created).toBe(true);
  });

  it('explains IdempotentParameterMismatch: which token, why, and what to do', async () => {
    ec2Mock
      .on(CreateVpcEndpointCommand)
      .rejects(
        ec2Error(
          'IdempotentParameterMismatch',
          'The client token you have provided is associated with a resource that is already deleted or has different parameters.',
        ),
      );
    const plan = await planEndpoint(ec2Client(), request);

    const error = await applyPlan(ec2Client(), plan, instantSleep()).catch(
      e => e,
    );

    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /AWS refused the idempotency token eks-privatelink-[0-9a-f]{48}: it was used before .* with other parameters/,
    );
    expect(error.message).toContain('onExisting reuse or update');
    expect(error.message).toContain('change any input');
  });

  it('reports an endpoint that goes failed with AWS’s code and message', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [ENDPOINT_ID] })
      .resolvesOnce({
        VpcEndpoints: [endpoint({ State: wireState('pending') })],
      })
      .resolves({
        VpcEndpoints: [
          endpoint({
            State: wireState('failed'),
            LastError: {
              Code: 'InsufficientFreeAddressesInSubnet',
              Message: 'subnet is full',
            },
          }),
        ],
      });
    const plan = await planEndpoint(ec2Client(), request);

    const error = await applyPlan(ec2Client(), plan, instantSleep()).catch(
      e => e,
    );

    expect(error).toBeInstanceOf(EndpointFailedError);
    expect(error.message).toContain(
      `${ENDPOINT_ID} failed: InsufficientFreeAddressesInSubnet: subnet is full`,
    );
  });

  it('on timeout names the endpoint and says a re-run adopts it', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [ENDPOINT_ID] })
      .resolves({ VpcEndpoints: [endpoint({ State: wireState('pending') })] });
    const plan = await planEndpoint(ec2Client(), request);

    const error = await applyPlan(ec2Client(), plan, {
      ...instantSleep(),
      timeoutSeconds: 30,
    }).catch(e => e);

    expect(error).toBeInstanceOf(EndpointWaitTimeoutError);
    expect(error.message).toContain(
      `${ENDPOINT_ID} is still pending after 30 s`,
    );
    expect(error.message).toContain(`adopts ${ENDPOINT_ID}`);
  });

  it('creates flow logs on the endpoint’s network interfaces once it is available', async () => {
    mockAvailableAfterCreate(ec2Mock);
    ec2Mock.on(CreateFlowLogsCommand).resolves({ FlowLogIds: ['fl-01'] });
    const plan = await planEndpoint(ec2Client(), {
      ...request,
      flowLogs: {
        destinationType: 's3',
        destination: 'arn:aws:s3:::flow-logs-bucket',
      },
    });

    const result = await applyPlan(ec2Client(), plan, instantSleep());

    expect(
      ec2Mock.commandCalls(CreateFlowLogsCommand)[0].args[0].input,
    ).toMatchObject({
      ResourceType: 'NetworkInterface',
      ResourceIds: ['eni-0aaaaaaaaaaaaaaa1', 'eni-0bbbbbbbbbbbbbbb1'],
      LogDestinationType: 's3',
      TrafficType: 'ALL',
    });
    expect(result.steps.map(s => s.kind)).toContain('createFlowLogs');
  });

  it('updates an existing endpoint with ModifyVpcEndpoint and waits for it', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint({ SubnetIds: [SUBNET_A] })] });
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        subnet(SUBNET_A2, `${REGION}a`),
        subnet(SUBNET_B, `${REGION}b`),
      ],
    });
    ec2Mock.on(ModifyVpcEndpointCommand).resolves({ Return: true });
    const plan = await planEndpoint(ec2Client(), {
      ...request,
      onExisting: 'update',
      subnetIds: [SUBNET_A2, SUBNET_B],
    });

    const result = await applyPlan(ec2Client(), plan, instantSleep());

    expect(
      ec2Mock.commandCalls(ModifyVpcEndpointCommand)[0].args[0].input,
    ).toMatchObject({
      VpcEndpointId: ENDPOINT_ID,
      AddSubnetIds: [SUBNET_A2, SUBNET_B],
      RemoveSubnetIds: [SUBNET_A],
    });
    expect(ec2Mock.commandCalls(CreateVpcEndpointCommand)).toHaveLength(0);
    expect(result.created).toBe(false);
  });
});

describe('applyPlan, dry run', () => {
  function probesAnswer(code: string) {
    ec2Mock
      .on(CreateSecurityGroupCommand, { DryRun: true })
      .rejects(ec2Error(code));
    ec2Mock
      .on(AuthorizeSecurityGroupIngressCommand, { DryRun: true })
      .rejects(ec2Error(code));
    ec2Mock
      .on(CreateVpcEndpointCommand, { DryRun: true })
      .rejects(ec2Error(code));
  }

  it('probes each change with DryRun, using the default group for what does not exist yet, and changes nothing', async () => {
    probesAnswer('DryRunOperation');
    const plan = await planEndpoint(ec2Client(), request);

    const result = await applyPlan(ec2Client(), plan, { dryRun: true });

    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
    expect(ec2Mock.commandCalls(ModifyVpcAttributeCommand)).toHaveLength(0);
    expect(
      ec2Mock.commandCalls(CreateVpcEndpointCommand)[0].args[0].input,
    ).toMatchObject({ DryRun: true, SecurityGroupIds: [SG_DEFAULT] });
    expect(
      ec2Mock.commandCalls(AuthorizeSecurityGroupIngressCommand)[0].args[0]
        .input,
    ).toMatchObject({ DryRun: true, GroupId: SG_DEFAULT });
    expect(result.steps.map(s => [s.kind, s.outcome])).toEqual([
      ['enableDnsHostnames', 'not-probed'],
      ['createSecurityGroup', 'permitted'],
      ['createEndpoint', 'permitted'],
    ]);
    expect(result).toMatchObject({
      dryRun: true,
      created: false,
      endpoint: null,
    });
  });

  it('sends the commands of the real run, with DryRun: true', async () => {
    probesAnswer('DryRunOperation');
    mockAvailableAfterCreate(ec2Mock);
    ec2Mock
      .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
      .resolves({ SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: VPC_ID }] });
    const withGroup = await planEndpoint(ec2Client(), {
      ...request,
      securityGroupIds: [SG_GIVEN],
    });
    const newGroup = await planEndpoint(ec2Client(), request);

    await applyPlan(ec2Client(), withGroup, { dryRun: true });
    await applyPlan(ec2Client(), withGroup, instantSleep());
    await applyPlan(ec2Client(), newGroup, { dryRun: true });
    await applyPlan(ec2Client(), newGroup, instantSleep());

    const [probe, real] = ec2Mock
      .commandCalls(CreateVpcEndpointCommand)
      .map(call => call.args[0].input);
    expect(probe).toEqual({ ...real, DryRun: true });
    const [groupProbe, group] = ec2Mock
      .commandCalls(CreateSecurityGroupCommand)
      .map(call => call.args[0].input);
    expect(groupProbe).toEqual({ ...group, DryRun: true });
  });

  it('turns an IAM denial into a refusal that names the action to grant', async () => {
    probesAnswer('DryRunOperation');
    ec2Mock
      .on(CreateVpcEndpointCommand, { DryRun: true })
      .rejects(
        ec2Error(
          'UnauthorizedOperation',
          'You are not authorized to perform this operation.',
        ),
      );
    const plan = await planEndpoint(ec2Client(), request);

    const error = await applyPlan(ec2Client(), plan, { dryRun: true }).catch(
      e => e,
    );

    expect(error).toBeInstanceOf(EndpointRequestRefusedError);
    expect(error.refusals).toEqual([expect.objectContaining({ field: 'iam' })]);
    expect(error.message).toContain('IAM denies CreateVpcEndpoint');
    expect(error.message).toContain('grant ec2:CreateVpcEndpoint');
    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
  });

  it('removes an endpoint that an emulator really created despite DryRun', async () => {
    probesAnswer('DryRunOperation');
    ec2Mock
      .on(CreateVpcEndpointCommand, { DryRun: true })
      .resolves({ VpcEndpoint: endpoint({ State: wireState('pending') }) });
    ec2Mock.on(DeleteVpcEndpointsCommand).resolves({ Unsuccessful: [] });
    const plan = await planEndpoint(ec2Client(), request);

    const result = await applyPlan(ec2Client(), plan, { dryRun: true });

    expect(
      ec2Mock.commandCalls(DeleteVpcEndpointsCommand)[0].args[0].input,
    ).toEqual({ VpcEndpointIds: [ENDPOINT_ID] });
    expect(result.notes.join(' ')).toContain(
      'ignored DryRun on CreateVpcEndpoint',
    );
  });
});
