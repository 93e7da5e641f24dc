import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  ModifyVpcAttributeCommand,
  ModifyVpcEndpointCommand,
  type VpcEndpoint,
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
  mockCleanVpc,
  mutatingCalls,
  REGION,
  SERVICE,
  SG_GIVEN,
  SG_MANAGED,
  VPC_ID,
  wireState,
} from '../testUtils';
import { applyPlan } from './applyPlan';
import { EndpointRequestRefusedError } from './errors';
import { planEndpoint } from './planEndpoint';
import type { EndpointRequest } from './types';

const ec2Mock = mockClient(EC2Client);

const POLICY = JSON.stringify({
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
    },
  ],
});

const TAGS = [
  { Key: 'Name', Value: `eks-api-${VPC_ID}` },
  { Key: 'eks-privatelink:managed-by', Value: 'backstage' },
  { Key: 'team', Value: 'net' },
  { Key: 'owner', Value: 'alice' },
];

/** The VPC's endpoint as AWS describes it, before and while it changes. */
function hasEndpoint(extra: Partial<VpcEndpoint> = {}) {
  ec2Mock
    .on(DescribeVpcEndpointsCommand)
    .resolves({ VpcEndpoints: [endpoint({ Tags: TAGS, ...extra })] });
}

async function update(request: Partial<EndpointRequest>) {
  return planEndpoint(ec2Client(), {
    vpcId: VPC_ID,
    region: REGION,
    accountId: ACCOUNT,
    onExisting: 'update',
    tags: { team: 'net', owner: 'alice' },
    ...request,
  });
}

function sent<T extends { input: object }>(type: new (...a: never[]) => T) {
  return ec2Mock.commandCalls(type as never).map(call => call.args[0].input);
}

beforeEach(() => {
  ec2Mock.reset();
  mockCleanVpc(ec2Mock);
  ec2Mock
    .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
    .resolves({ EnableDnsHostnames: { Value: true } });
  ec2Mock.on(ModifyVpcEndpointCommand).resolves({ Return: true });
  ec2Mock.on(CreateTagsCommand).resolves({});
  ec2Mock.on(DeleteTagsCommand).resolves({});
  ec2Mock
    .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
    .resolves({ SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: VPC_ID }] });
});

describe('applyPlan, update in place', () => {
  it('turns private DNS off, then on again, with ModifyVpcEndpoint, and waits for available after each', async () => {
    const time = instantSleep();
    /** One update run against an endpoint that is pending once after the change. */
    async function run(from: boolean, to: boolean) {
      ec2Mock.resetHistory();
      hasEndpoint({ PrivateDnsEnabled: from });
      ec2Mock
        .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [ENDPOINT_ID] })
        .resolvesOnce({
          VpcEndpoints: [endpoint({ State: wireState('pending') })],
        })
        .resolves({ VpcEndpoints: [endpoint({ PrivateDnsEnabled: to })] });
      const result = await applyPlan(
        ec2Client(),
        await update({ privateDnsEnabled: to }),
        time,
      );
      const looksById = ec2Mock
        .commandCalls(DescribeVpcEndpointsCommand)
        .filter(call => call.args[0].input.VpcEndpointIds).length;
      return { result, looksById, modify: sent(ModifyVpcEndpointCommand) };
    }

    const off = await run(true, false);
    const on = await run(false, true);

    expect(off.modify).toEqual([
      { VpcEndpointId: ENDPOINT_ID, PrivateDnsEnabled: false },
    ]);
    expect(on.modify).toEqual([
      { VpcEndpointId: ENDPOINT_ID, PrivateDnsEnabled: true },
    ]);
    // Each update waited through pending to available.
    expect([off.looksById, on.looksById]).toEqual([2, 2]);
    expect(off.result.endpoint).toMatchObject({
      vpcEndpointId: ENDPOINT_ID,
      state: 'available',
      privateDnsEnabled: false,
    });
    expect(on.result.endpoint).toMatchObject({
      state: 'available',
      privateDnsEnabled: true,
    });
    expect(on.result.created).toBe(false);
  });

  it('turns the DNS attribute on before it turns private DNS on', async () => {
    hasEndpoint({ PrivateDnsEnabled: false });
    ec2Mock
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: false } });

    await applyPlan(
      ec2Client(),
      await update({ privateDnsEnabled: true }),
      instantSleep(),
    );

    const order = ec2Mock
      .calls()
      .map(call => call.args[0].constructor.name)
      .filter(name => name.startsWith('Modify'));
    expect(order).toEqual([
      'ModifyVpcAttributeCommand',
      'ModifyVpcEndpointCommand',
    ]);
    expect(sent(ModifyVpcAttributeCommand)).toEqual([
      { VpcId: VPC_ID, EnableDnsHostnames: { Value: true } },
    ]);
  });

  it('switches ipv4 to dualstack, DNS records included', async () => {
    ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [
        {
          ServiceName: SERVICE,
          AvailabilityZones: [`${REGION}a`, `${REGION}b`],
          VpcEndpointPolicySupported: true,
          SupportedIpAddressTypes: ['ipv4', 'ipv6'],
        },
      ],
    });
    hasEndpoint();

    await applyPlan(
      ec2Client(),
      await update({ ipAddressType: 'dualstack' }),
      instantSleep(),
    );

    expect(sent(ModifyVpcEndpointCommand)).toEqual([
      {
        VpcEndpointId: ENDPOINT_ID,
        IpAddressType: 'dualstack',
        DnsOptions: { DnsRecordIpType: 'dualstack' },
      },
    ]);
  });

  it('sets a policy, and resets it to full access', async () => {
    hasEndpoint();
    await applyPlan(
      ec2Client(),
      await update({ policyDocument: POLICY }),
      instantSleep(),
    );
    hasEndpoint({ PolicyDocument: POLICY });
    await applyPlan(ec2Client(), await update({}), instantSleep());

    expect(sent(ModifyVpcEndpointCommand)).toEqual([
      { VpcEndpointId: ENDPOINT_ID, PolicyDocument: POLICY },
      { VpcEndpointId: ENDPOINT_ID, ResetPolicy: true },
    ]);
  });

  it('adds and removes tags with CreateTags and DeleteTags only', async () => {
    hasEndpoint();

    const result = await applyPlan(
      ec2Client(),
      await update({ tags: { team: 'platform', env: 'prod' } }),
      instantSleep(),
    );

    expect(sent(CreateTagsCommand)).toEqual([
      {
        Resources: [ENDPOINT_ID],
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'platform' },
        ],
      },
    ]);
    expect(sent(DeleteTagsCommand)).toEqual([
      { Resources: [ENDPOINT_ID], Tags: [{ Key: 'owner' }] },
    ]);
    expect(mutatingCalls(ec2Mock)).toEqual({
      CreateTagsCommand: 1,
      DeleteTagsCommand: 1,
    });
    expect(result.steps).toEqual([
      expect.objectContaining({ kind: 'modifyEndpoint', outcome: 'done' }),
    ]);
  });

  it('a task retried after the update repeats none of its calls', async () => {
    hasEndpoint();
    const plan = await update({
      privateDnsEnabled: false,
      tags: { env: 'prod' },
    });
    const store = checkpointStore();

    await applyPlan(ec2Client(), plan, {
      ...instantSleep(),
      checkpoint: store.checkpoint,
    });
    await applyPlan(ec2Client(), plan, {
      ...instantSleep(),
      checkpoint: store.checkpoint,
    });

    expect(mutatingCalls(ec2Mock)).toEqual({
      ModifyVpcEndpointCommand: 1,
      CreateTagsCommand: 1,
      DeleteTagsCommand: 1,
    });
    expect([...store.stored.keys()]).toEqual([
      `eks-privatelink.${VPC_ID}.modifyEndpoint`,
      `eks-privatelink.${VPC_ID}.modifyEndpoint.createTags`,
      `eks-privatelink.${VPC_ID}.modifyEndpoint.deleteTags`,
    ]);
  });

  it('finishes the tags on the next attempt when the task died after ModifyVpcEndpoint', async () => {
    hasEndpoint();
    ec2Mock
      .on(CreateTagsCommand)
      .rejectsOnce(new Error('connection reset'))
      .resolves({});
    const plan = await update({
      privateDnsEnabled: false,
      tags: { env: 'prod' },
    });
    const store = checkpointStore();
    const options = { ...instantSleep(), checkpoint: store.checkpoint };

    await expect(applyPlan(ec2Client(), plan, options)).rejects.toThrow(
      'connection reset',
    );
    await applyPlan(ec2Client(), plan, options);

    expect(mutatingCalls(ec2Mock)).toEqual({
      ModifyVpcEndpointCommand: 1,
      CreateTagsCommand: 2,
      DeleteTagsCommand: 1,
    });
  });
});

describe('applyPlan, dry run of an update', () => {
  function probesAnswer(code: string) {
    for (const type of [
      ModifyVpcEndpointCommand,
      CreateTagsCommand,
      DeleteTagsCommand,
    ]) {
      ec2Mock.on(type as never, { DryRun: true }).rejects(ec2Error(code));
    }
  }

  it('probes ModifyVpcEndpoint, CreateTags and DeleteTags with DryRun and changes nothing', async () => {
    probesAnswer('DryRunOperation');
    hasEndpoint();
    const plan = await update({
      privateDnsEnabled: false,
      securityGroupIds: [SG_GIVEN],
      tags: { env: 'prod' },
    });

    const result = await applyPlan(ec2Client(), plan, { dryRun: true });

    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
    expect(mutatingCalls(ec2Mock)).toEqual({
      ModifyVpcEndpointCommand: 1,
      CreateTagsCommand: 1,
      DeleteTagsCommand: 1,
    });
    expect(sent(ModifyVpcEndpointCommand)).toEqual([
      {
        VpcEndpointId: ENDPOINT_ID,
        AddSecurityGroupIds: [SG_GIVEN],
        RemoveSecurityGroupIds: [SG_MANAGED],
        PrivateDnsEnabled: false,
        DryRun: true,
      },
    ]);
    expect(result.steps).toEqual([
      expect.objectContaining({
        kind: 'modifyEndpoint',
        outcome: 'permitted',
        detail: 'probed ModifyVpcEndpoint, CreateTags, DeleteTags',
      }),
    ]);
    expect(result.dryRun).toBe(true);
  });

  it('refuses when IAM denies DeleteTags, naming the action to grant', async () => {
    probesAnswer('DryRunOperation');
    ec2Mock
      .on(DeleteTagsCommand, { DryRun: true })
      .rejects(
        ec2Error(
          'UnauthorizedOperation',
          'You are not authorized to perform this operation.',
        ),
      );
    hasEndpoint();
    const plan = await update({ tags: {} });

    const error = await applyPlan(ec2Client(), plan, { dryRun: true }).catch(
      e => e,
    );

    expect(error).toBeInstanceOf(EndpointRequestRefusedError);
    expect(error.message).toContain('IAM denies DeleteTags');
    expect(error.message).toContain('ec2:DeleteTags');
    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
  });

  it('puts the endpoint back when an emulator ignores DryRun on ModifyVpcEndpoint', async () => {
    hasEndpoint({ PolicyDocument: POLICY });
    const plan = await update({
      privateDnsEnabled: false,
      securityGroupIds: [SG_GIVEN],
    });

    const result = await applyPlan(ec2Client(), plan, { dryRun: true });

    expect(sent(ModifyVpcEndpointCommand)).toEqual([
      {
        VpcEndpointId: ENDPOINT_ID,
        AddSecurityGroupIds: [SG_GIVEN],
        RemoveSecurityGroupIds: [SG_MANAGED],
        PrivateDnsEnabled: false,
        ResetPolicy: true,
        DryRun: true,
      },
      {
        VpcEndpointId: ENDPOINT_ID,
        AddSecurityGroupIds: [SG_MANAGED],
        RemoveSecurityGroupIds: [SG_GIVEN],
        PrivateDnsEnabled: true,
        PolicyDocument: POLICY,
      },
    ]);
    expect(result.notes.join(' ')).toContain(
      'ignored DryRun on ModifyVpcEndpoint',
    );
  });
});
