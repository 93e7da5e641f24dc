import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  CreateTagsCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ACCOUNT,
  checkpointStore,
  ec2Error,
  endpoint,
  ENDPOINT_ID,
  mockAvailableAfterCreate,
  mockCleanVpc,
  mutatingCalls,
  OTHER_VPC_ID,
  REGION,
  SERVICE,
  SG_GIVEN,
  SG_MANAGED,
  subnet,
  SUBNET_A,
  SUBNET_A2,
  SUBNET_B,
  SUBNET_C,
  VPC_ID,
  vpcEntity,
  wireState,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import { EndpointRequestRefusedError } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { mockClient } from 'aws-sdk-client-mock';
import {
  actionOptions,
  actionOutputs,
  mockInventorySync,
  VPC_REF,
} from './__testUtils__/fixtures';
import { createEksEndpointCreateAction } from './createEndpoint';

const ec2Mock = mockClient(EC2Client);
const workspace = createMockDirectory();
let fetchSpy: jest.SpyInstance;

type Action = ReturnType<typeof createEksEndpointCreateAction>;
type Input = Parameters<Action['handler']>[0]['input'];
type Context = Parameters<Action['handler']>[0];

beforeEach(() => {
  ec2Mock.reset();
  mockCleanVpc(ec2Mock);
  mockAvailableAfterCreate(ec2Mock);
  fetchSpy = mockInventorySync();
});

afterEach(() => fetchSpy.mockRestore());

function context(input: Input, extra: Partial<Context> = {}): Context {
  return {
    // Input and output go in after: the mock's types want JSON objects, which
    // an object policyDocument and the plan (Record<string, unknown>) are not
    // to TypeScript.
    ...createMockActionContext({
      logger: mockServices.logger.mock(),
      workspacePath: workspace.path,
    }),
    input,
    output: jest.fn(),
    ...extra,
  };
}

async function run(
  input: Input,
  extra: Partial<Context> = {},
  options = actionOptions(),
) {
  const ctx = context(input, extra);
  await createEksEndpointCreateAction(options).handler(ctx);
  return ctx;
}

async function refusal(
  input: Input,
  options = actionOptions(),
  extra: Partial<Context> = {},
): Promise<Error> {
  const error = await run(input, extra, options).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(Error);
  // Refused before any change: no mutating call, not even a DryRun probe.
  expect(mutatingCalls(ec2Mock)).toEqual({});
  expect(fetchSpy).not.toHaveBeenCalled();
  return error as Error;
}

describe('aws:eks:privatelink:create', () => {
  it('creates the endpoint for a VPC entity and outputs what a template shows', async () => {
    const options = actionOptions();
    const ctx = await run({ vpc: VPC_REF }, {}, options);

    expect(actionOutputs(ctx)).toEqual({
      vpcEndpointId: ENDPOINT_ID,
      state: 'available',
      created: true,
      serviceName: SERVICE,
      diff: [],
      privateDnsName: `eks.${REGION}.amazonaws.com`,
      dnsEntries: [
        {
          dnsName: `${ENDPOINT_ID}-abcdefgh.eks.${REGION}.vpce.amazonaws.com`,
          hostedZoneId: 'ZREGIONAL',
        },
        { dnsName: `eks.${REGION}.amazonaws.com`, hostedZoneId: 'ZPRIVATE' },
      ],
      networkInterfaceIds: ['eni-0aaaaaaaaaaaaaaa1', 'eni-0bbbbbbbbbbbbbbb1'],
      subnetIds: [SUBNET_A, SUBNET_B],
      securityGroupIds: [SG_MANAGED],
      availabilityZones: [`${REGION}a`, `${REGION}b`],
      // 2 AZs x 0.01 USD x 730 h.
      estimatedMonthlyCost: 14.6,
      consoleUrl: `https://${REGION}.console.aws.amazon.com/vpcconsole/home?region=${REGION}#EndpointDetails:vpcEndpointId=${ENDPOINT_ID}`,
      plan: expect.objectContaining({ action: 'create' }),
    });
    expect(mutatingCalls(ec2Mock)).toEqual({
      ModifyVpcAttributeCommand: 1,
      CreateSecurityGroupCommand: 1,
      AuthorizeSecurityGroupIngressCommand: 1,
      CreateVpcEndpointCommand: 1,
    });
    // The service is asked about once per run: the plan decides, the apply trusts it.
    expect(
      ec2Mock.commandCalls(DescribeVpcEndpointServicesCommand),
    ).toHaveLength(1);
    const [url, init] = fetchSpy.mock.calls[0];
    expect(String(url)).toMatch(/\/api\/eks-privatelink\/sync\/vpc$/);
    expect(init.method).toBe('POST');
    // What was applied goes along, for the inventory's drift checks.
    expect(JSON.parse(init.body)).toEqual({
      vpcId: VPC_ID,
      region: REGION,
      accountId: ACCOUNT,
      applied: {
        vpcEndpointId: ENDPOINT_ID,
        serviceName: SERVICE,
        subnetIds: [SUBNET_A, SUBNET_B],
        securityGroupIds: [SG_MANAGED],
        privateDnsEnabled: true,
        policyDocument: null,
        allowedSources: [],
      },
    });
  });

  it('tells the inventory the allowedSources the managed group admits', async () => {
    await run({ vpc: VPC_REF, allowedSources: ['10.50.0.0/16'] });

    const body = JSON.parse(fetchSpy.mock.calls[0][1].body);
    expect(body.applied).toMatchObject({
      securityGroupIds: [SG_MANAGED],
      allowedSources: ['10.50.0.0/16'],
    });
  });

  it('in a dry run checks AWS for real, probes with DryRun, and outputs the plan without changing anything', async () => {
    ec2Mock
      .on(CreateSecurityGroupCommand, { DryRun: true })
      .rejects(ec2Error('DryRunOperation'));
    ec2Mock
      .on(AuthorizeSecurityGroupIngressCommand, { DryRun: true })
      .rejects(ec2Error('DryRunOperation'));
    ec2Mock
      .on(CreateVpcEndpointCommand, { DryRun: true })
      .rejects(ec2Error('DryRunOperation'));

    const ctx = await run({ vpc: VPC_REF }, { isDryRun: true });

    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
    expect(mutatingCalls(ec2Mock)).toEqual({
      CreateSecurityGroupCommand: 1,
      AuthorizeSecurityGroupIngressCommand: 1,
      CreateVpcEndpointCommand: 1,
    });
    const out = actionOutputs(ctx);
    expect(out).toMatchObject({
      vpcEndpointId: '',
      state: 'planned',
      created: false,
      subnetIds: [SUBNET_A, SUBNET_B],
      estimatedMonthlyCost: 14.6,
    });
    expect(
      (out.plan as { changes: { kind: string }[] }).changes.map(c => c.kind),
    ).toEqual(['enableDnsHostnames', 'createSecurityGroup', 'createEndpoint']);
    const logged = (ctx.logger.info as jest.Mock).mock.calls
      .map(([m]) => m)
      .join('\n');
    expect(logged).toContain('[dry run]   1. Turn on enableDnsHostnames');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('reuses the endpoint a VPC already has and reports created: false', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [endpoint()] });
    ec2Mock
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: true } });

    const ctx = await run({ vpcId: VPC_ID, region: REGION });

    expect(actionOutputs(ctx)).toMatchObject({
      vpcEndpointId: ENDPOINT_ID,
      created: false,
      state: 'available',
    });
    expect(mutatingCalls(ec2Mock)).toEqual({});
  });

  describe('refuses before changing anything', () => {
    it.each([
      ['a malformed VPC id', { vpcId: 'vpc-xyz', region: REGION }, 'vpcId'],
      [
        'a malformed subnet id',
        { vpc: VPC_REF, subnetIds: ['subnet-nothex!'] },
        'subnetIds[0]',
      ],
      [
        'a malformed security group id',
        { vpc: VPC_REF, securityGroupIds: ['sg-12'] },
        'securityGroupIds[0]',
      ],
      [
        'a negative timeoutSeconds',
        { vpc: VPC_REF, timeoutSeconds: -5 },
        "timeoutSeconds '-5' is out of range",
      ],
      [
        'an absurd timeoutSeconds',
        { vpc: VPC_REF, timeoutSeconds: 86_400_000 },
        "timeoutSeconds '86400000' is out of range",
      ],
      [
        'tags with the reserved aws: prefix',
        { vpc: VPC_REF, tags: { 'aws:cloudformation:stack-name': 'x' } },
        "keys starting with 'aws:' are reserved",
      ],
      [
        'flow logs without waiting',
        {
          vpc: VPC_REF,
          wait: false,
          flowLogs: {
            destinationType: 's3' as const,
            destination: 'arn:aws:s3:::logs',
          },
        },
        'flowLogs needs wait: true',
      ],
      [
        'both vpc and vpcId',
        { vpc: VPC_REF, vpcId: VPC_ID },
        'either vpc (a catalog entity) or vpcId',
      ],
      [
        'vpcId without a region',
        { vpcId: VPC_ID },
        'region is required with vpcId',
      ],
    ])('%s', async (_what, input, expected) => {
      const error = await refusal(input);
      expect(error.message).toContain(expected);
      // Input errors are caught before AWS is asked anything.
      expect(ec2Mock.calls()).toHaveLength(0);
    });

    it('a vpc entity that is not in the catalog', async () => {
      const error = await refusal({ vpc: 'resource:default/nope' });
      expect(error.message).toContain(
        'vpc: resource:default/nope is not in the catalog',
      );
    });

    it('a vpc entity that is not a VPC', async () => {
      const error = await refusal({ vpc: 'resource:default/orders-db' });
      expect(error.message).toContain('is not a VPC');
    });

    it('an unknown VPC, naming the vpc field', async () => {
      ec2Mock
        .on(DescribeVpcsCommand)
        .rejects(ec2Error('InvalidVpcID.NotFound'));
      const error = await refusal({ vpc: VPC_REF });
      expect(error.message).toContain(
        `vpc: ${VPC_ID} was not found in ${REGION} (account ${ACCOUNT})`,
      );
    });

    it('a subnet of another VPC', async () => {
      ec2Mock.on(DescribeSubnetsCommand, { SubnetIds: [SUBNET_A] }).resolves({
        Subnets: [subnet(SUBNET_A, `${REGION}a`, OTHER_VPC_ID)],
      });
      const error = await refusal({ vpc: VPC_REF, subnetIds: [SUBNET_A] });
      expect(error.message).toContain(
        `${SUBNET_A} belongs to ${OTHER_VPC_ID}, not ${VPC_ID}`,
      );
    });

    it('two subnets in one Availability Zone', async () => {
      ec2Mock.on(DescribeSubnetsCommand).resolves({
        Subnets: [
          subnet(SUBNET_A, `${REGION}a`),
          subnet(SUBNET_A2, `${REGION}a`),
        ],
      });
      const error = await refusal({
        vpc: VPC_REF,
        subnetIds: [SUBNET_A, SUBNET_A2],
      });
      expect(error.message).toContain(`${SUBNET_A} and ${SUBNET_A2}`);
      expect(error.message).toContain(
        'an interface endpoint takes one subnet per Availability Zone — keep one of them',
      );
    });

    it('a subnet in an Availability Zone the service does not support', async () => {
      const error = await refusal({ vpc: VPC_REF, subnetIds: [SUBNET_C] });
      expect(error.message).toContain(
        `${SUBNET_C} is in ${REGION}c, where ${SERVICE} is not offered`,
      );
    });

    it('a security group of another VPC', async () => {
      ec2Mock
        .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
        .resolves({
          SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: OTHER_VPC_ID }],
        });
      const error = await refusal({
        vpc: VPC_REF,
        securityGroupIds: [SG_GIVEN],
      });
      expect(error.message).toContain(
        `securityGroupIds: ${SG_GIVEN} belongs to ${OTHER_VPC_ID}`,
      );
    });

    it('a region app-config lists as unavailable', async () => {
      ec2Mock
        .on(DescribeVpcEndpointServicesCommand)
        .rejects(ec2Error('UnauthorizedOperation'));
      const error = await refusal(
        { vpc: VPC_REF },
        actionOptions({ rulesConfig: { unavailableRegions: [REGION] } }),
      );
      expect(error.message).toContain(`region '${REGION}'`);
      expect(error.message).toContain('source: app-config');
    });

    it('a region where AWS answers that the service does not exist', async () => {
      ec2Mock
        .on(DescribeVpcEndpointServicesCommand)
        .rejects(ec2Error('InvalidServiceName'));
      const error = await refusal({ vpc: VPC_REF });
      expect(error.message).toContain('source: DescribeVpcEndpointServices');
    });

    it('an ipAddressType the rules refuse', async () => {
      const error = await refusal({ vpc: VPC_REF, ipAddressType: 'ipv6' });
      expect(error.message).toContain(
        `ipAddressType 'ipv6' is not accepted by ${SERVICE}`,
      );
    });

    it('a policyDocument the rules refuse', async () => {
      ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
        ServiceDetails: [
          {
            ServiceName: SERVICE,
            AvailabilityZones: [`${REGION}a`, `${REGION}b`],
            VpcEndpointPolicySupported: false,
            SupportedIpAddressTypes: ['ipv4'],
          },
        ],
      });
      const error = await refusal({
        vpc: VPC_REF,
        policyDocument: '{"Statement":[]}',
      });
      expect(error.message).toContain(
        `policyDocument is set, but ${SERVICE} does not support endpoint policies (source: DescribeVpcEndpointServices)`,
      );
    });

    it('private DNS with the VPC DNS attributes off and manageVpcDns false', async () => {
      const error = await refusal({ vpc: VPC_REF, manageVpcDns: false });
      expect(error.message).toContain(
        `privateDnsEnabled needs enableDnsHostnames on for ${VPC_ID}, and manageVpcDns is false`,
      );
    });

    it('an existing private-DNS endpoint with onExisting fail', async () => {
      ec2Mock
        .on(DescribeVpcEndpointsCommand)
        .resolves({ VpcEndpoints: [endpoint()] });
      const error = await refusal({ vpc: VPC_REF, onExisting: 'fail' });
      expect(error.message).toContain(
        `${VPC_ID} already has the EKS endpoint ${ENDPOINT_ID} (available, private DNS on) and onExisting is fail`,
      );
    });

    it('an empty subnet list in a VPC with no usable subnet', async () => {
      ec2Mock
        .on(DescribeSubnetsCommand)
        .resolves({ Subnets: [subnet(SUBNET_C, `${REGION}c`)] });
      const error = await refusal({ vpc: VPC_REF, subnetIds: [] });
      expect(error.message).toContain(VPC_ID);
      expect(error.message).toContain(
        `subnet in an Availability Zone where ${SERVICE} is offered (${REGION}a, ${REGION}b)`,
      );
    });

    it('an IAM denial of a dry run probe, naming the action to grant', async () => {
      ec2Mock
        .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
        .resolves({ EnableDnsHostnames: { Value: true } });
      ec2Mock
        .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
        .resolves({ SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: VPC_ID }] });
      ec2Mock
        .on(CreateVpcEndpointCommand, { DryRun: true })
        .rejects(
          ec2Error(
            'UnauthorizedOperation',
            'You are not authorized to perform this operation. Encoded authorization failure message: abc',
          ),
        );

      const error = await run(
        { vpc: VPC_REF, securityGroupIds: [SG_GIVEN] },
        { isDryRun: true },
      ).catch(e => e);

      expect(error.message).toContain(
        `IAM denies CreateVpcEndpoint to the AWS credentials for account ${ACCOUNT} in ${REGION}: grant ec2:CreateVpcEndpoint, ec2:CreateTags, route53:AssociateVPCWithHostedZone`,
      );
      expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
      expect(mutatingCalls(ec2Mock)).toEqual({ CreateVpcEndpointCommand: 1 });
    });
  });

  describe('raw AWS text', () => {
    const ROLE_ARN =
      'arn:aws:sts::123456789012:assumed-role/backstage-eks-privatelink/i-0abc';
    const ENCODED = 'AQoDYXdzEJr-encoded-authorization-message';

    it('never reaches the task log or the error shown; the backend log keeps it', async () => {
      ec2Mock
        .on(CreateVpcEndpointCommand)
        .rejects(
          ec2Error(
            'UnauthorizedOperation',
            `You are not authorized to perform this operation. User: ${ROLE_ARN} is not authorized to perform: ec2:CreateVpcEndpoint. Encoded authorization failure message: ${ENCODED}`,
          ),
        );
      const backendLog = mockServices.logger.mock();
      const options = actionOptions({ logger: backendLog });
      const ctx = context({ vpc: VPC_REF });

      const error = await createEksEndpointCreateAction(options)
        .handler(ctx)
        .catch(e => e);

      expect(error.message).toContain('grant ec2:CreateVpcEndpoint');
      expect(error.message).toContain(
        "User: <the backend's AWS identity> is not authorized",
      );
      const shown = [
        error.message,
        error.stack,
        ...(ctx.logger.info as jest.Mock).mock.calls.flat(),
        ...(ctx.logger.warn as jest.Mock).mock.calls.flat(),
      ].join('\n');
      expect(shown).not.toContain(ROLE_ARN);
      expect(shown).not.toContain(ENCODED);
      expect(backendLog.warn).toHaveBeenCalledWith(
        expect.stringContaining(ENCODED),
      );
      expect(backendLog.warn).toHaveBeenCalledWith(
        expect.stringContaining(ROLE_ARN),
      );
    });
  });

  describe('validates the input once, before AWS, and refuses by field', () => {
    async function refusedBy(
      input: Input,
    ): Promise<EndpointRequestRefusedError> {
      const error = await refusal(input);
      expect(error).toBeInstanceOf(EndpointRequestRefusedError);
      return error as EndpointRequestRefusedError;
    }

    it('refuses a malformed VPC id before calling AWS', async () => {
      const error = await refusedBy({ vpcId: 'vpc-12', region: REGION });
      expect(error.refusals[0].field).toBe('vpcId');
      expect(error.message).toContain("vpcId 'vpc-12' is not a VPC id");
      expect(ec2Mock.calls()).toHaveLength(0);
    });

    it('refuses malformed subnet and security group ids together', async () => {
      const error = await refusedBy({
        vpc: VPC_REF,
        subnetIds: ['subnet-XYZ'],
        securityGroupIds: ['sg-1'],
      });
      expect(error.refusals.map(r => r.field)).toEqual([
        'subnetIds',
        'securityGroupIds',
      ]);
      expect(ec2Mock.calls()).toHaveLength(0);
    });

    it('refuses an unknown VPC, naming the field the VPC came from', async () => {
      ec2Mock
        .on(DescribeVpcsCommand)
        .rejects(
          ec2Error(
            'InvalidVpcID.NotFound',
            `The vpc ID '${VPC_ID}' does not exist`,
          ),
        );
      const error = await refusedBy({ vpc: VPC_REF });
      expect(error.refusals[0].field).toBe('vpc');
      expect(error.message).toContain(`${VPC_ID} was not found in ${REGION}`);
    });

    it('refuses tags with the reserved aws: prefix and the action own prefix', async () => {
      const aws = await refusedBy({
        vpc: VPC_REF,
        tags: { 'aws:owner': 'me' },
      });
      expect(aws.refusals[0].field).toBe('tags');
      expect(aws.message).toContain("'aws:' are reserved");
      const own = await refusedBy({
        vpc: VPC_REF,
        tags: { 'eks-privatelink:managed-by': 'me' },
      });
      expect(own.message).toContain("'eks-privatelink:'");
    });

    it('refuses a policyDocument that is not JSON', async () => {
      const error = await refusedBy({
        vpc: VPC_REF,
        policyDocument: '{"Statement": [',
      });
      expect(error.refusals[0].field).toBe('policyDocument');
      expect(error.message).toContain('not valid JSON');
    });

    it('refuses CloudWatch flow logs without a delivery role', async () => {
      const error = await refusedBy({
        vpc: VPC_REF,
        flowLogs: {
          destinationType: 'cloud-watch-logs',
          destination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:eks`,
        },
      });
      expect(error.refusals[0].field).toBe('flowLogs.deliverLogsPermissionArn');
    });
  });

  describe('faults', () => {
    it("passes the task's abort signal to every AWS call", async () => {
      // Retrying throttled calls is the SDK client's own job (see
      // Ec2ClientFactory); the action's part is that a cancelled task stops
      // the call in flight.
      const controller = new AbortController();

      await run({ vpc: VPC_REF }, { signal: controller.signal });

      const calls = ec2Mock.calls();
      expect(calls.length).toBeGreaterThan(5);
      for (const call of calls) {
        // aws-sdk-client-mock types only the command; send's options come second.
        expect((call.args as unknown[])[1]).toEqual(
          expect.objectContaining({ abortSignal: controller.signal }),
        );
      }
    });

    it('fails with AWS’s reason when the endpoint goes failed', async () => {
      ec2Mock
        .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [ENDPOINT_ID] })
        .resolves({
          VpcEndpoints: [
            endpoint({
              State: wireState('failed'),
              LastError: {
                Code: 'InsufficientFreeAddressesInSubnet',
                Message: 'no free address in subnet-0aaaaaaaaaaaaaaa1',
              },
            }),
          ],
        });
      await expect(run({ vpc: VPC_REF })).rejects.toThrow(
        `${ENDPOINT_ID} failed: InsufficientFreeAddressesInSubnet: no free address in subnet-0aaaaaaaaaaaaaaa1`,
      );
    });

    it('times out naming the endpoint, and a re-run adopts it instead of creating another', async () => {
      ec2Mock
        .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [ENDPOINT_ID] })
        .resolves({
          VpcEndpoints: [endpoint({ State: wireState('pending') })],
        });

      const first = await run({ vpc: VPC_REF, timeoutSeconds: 60 }).catch(
        e => e,
      );
      expect(first.message).toContain(
        `${ENDPOINT_ID} is still pending after 60 s`,
      );
      expect(first.message).toContain(`adopts ${ENDPOINT_ID}`);

      // AWS finishes; the re-run is a new task, so no checkpoints carry over.
      ec2Mock
        .on(DescribeVpcEndpointsCommand)
        .resolves({ VpcEndpoints: [endpoint()] });
      const second = await run({ vpc: VPC_REF, timeoutSeconds: 60 });

      expect(ec2Mock.commandCalls(CreateVpcEndpointCommand)).toHaveLength(1);
      expect(actionOutputs(second)).toMatchObject({
        vpcEndpointId: ENDPOINT_ID,
        created: false,
        state: 'available',
      });
    });

    it('a task retried after CreateVpcEndpoint succeeded creates no second endpoint', async () => {
      // The first attempt dies while waiting; AWS's list is not yet consistent
      // on the retry, so only the checkpoint knows the endpoint exists.
      ec2Mock
        .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [ENDPOINT_ID] })
        .rejectsOnce(new Error('socket hang up'))
        .resolves({ VpcEndpoints: [endpoint()] });
      const store = checkpointStore();
      const extra = {
        checkpoint: ({ key, fn }) => store.checkpoint(key, async () => fn()),
      } as Partial<Context>;

      await expect(run({ vpc: VPC_REF }, extra)).rejects.toThrow(
        'socket hang up',
      );
      const retried = await run({ vpc: VPC_REF }, extra);

      expect(mutatingCalls(ec2Mock)).toEqual({
        ModifyVpcAttributeCommand: 1,
        CreateSecurityGroupCommand: 1,
        AuthorizeSecurityGroupIngressCommand: 1,
        CreateVpcEndpointCommand: 1,
      });
      expect(actionOutputs(retried)).toMatchObject({
        vpcEndpointId: ENDPOINT_ID,
        created: true,
      });
    });

    it('explains IdempotentParameterMismatch', async () => {
      ec2Mock
        .on(CreateVpcEndpointCommand)
        .rejects(ec2Error('IdempotentParameterMismatch'));
      const error = await run({ vpc: VPC_REF }).catch(e => e);
      expect(error.message).toMatch(
        /AWS refused the idempotency token eks-privatelink-[0-9a-f]{48}: it was used before for a CreateVpcEndpoint request with other parameters/,
      );
      expect(error.message).toContain(`Look for an EKS endpoint in ${VPC_ID}`);
    });

    it('only warns when the inventory cannot be told about the new endpoint', async () => {
      fetchSpy.mockRejectedValue(new Error('connect ECONNREFUSED'));
      const ctx = await run({ vpc: VPC_REF });
      expect(actionOutputs(ctx).vpcEndpointId).toBe(ENDPOINT_ID);
      expect(ctx.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          `Could not reach the EKS PrivateLink inventory to refresh ${VPC_ID} (connect ECONNREFUSED)`,
        ),
      );
    });

    it('honours cancellation of the task', async () => {
      const controller = new AbortController();
      controller.abort(new Error('task cancelled'));
      await expect(
        run({ vpc: VPC_REF }, { signal: controller.signal }),
      ).rejects.toThrow('task cancelled');
      expect(mutatingCalls(ec2Mock)).toEqual({});
    });
  });

  it('does not refuse a region on the seed guide’s word when AWS cannot be asked', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('UnauthorizedOperation'));

    const ctx = await run({ vpcId: VPC_ID, region: 'me-central-1' });

    expect(actionOutputs(ctx)).toMatchObject({
      vpcEndpointId: ENDPOINT_ID,
      created: true,
    });
  });

  describe('endpoint policy presets', () => {
    function policySent(): unknown {
      const input = ec2Mock.commandCalls(CreateVpcEndpointCommand)[0].args[0]
        .input;
      return input.PolicyDocument && JSON.parse(input.PolicyDocument);
    }

    it("this-account admits only principals of the VPC's account", async () => {
      await run({ vpc: VPC_REF, policyPreset: 'this-account' });
      expect(policySent()).toMatchObject({
        Statement: [
          {
            Effect: 'Allow',
            Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
          },
        ],
      });
    });

    it('this-account asks AWS for the owner of a VPC no annotation gives the account of, and plans once', async () => {
      const options = actionOptions({
        catalog: catalogServiceMock({
          entities: [
            vpcEntity({ name: 'no-account', vpcId: VPC_ID, region: REGION }),
          ],
        }),
      });
      await run(
        { vpc: 'resource:default/no-account', policyPreset: 'this-account' },
        {},
        options,
      );
      expect(policySent()).toMatchObject({
        Statement: [
          { Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } },
        ],
      });
      expect(
        ec2Mock.commandCalls(DescribeVpcEndpointServicesCommand),
      ).toHaveLength(1);
    });

    it('this-organization admits only principals of the organization given', async () => {
      await run({
        vpc: VPC_REF,
        policyPreset: 'this-organization',
        organizationId: 'o-a1b2c3d4e5',
      });
      expect(policySent()).toMatchObject({
        Statement: [
          {
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
            },
          },
        ],
      });
    });

    it('full-access sends no policy', async () => {
      await run({ vpc: VPC_REF, policyPreset: 'full-access' });
      expect(policySent()).toBeUndefined();
    });

    it('refuses this-organization without a well-formed organizationId before asking AWS', async () => {
      const missing = await refusal({
        vpc: VPC_REF,
        policyPreset: 'this-organization',
      });
      const malformed = await refusal({
        vpc: VPC_REF,
        policyPreset: 'this-organization',
        organizationId: 'O-Payments',
      });

      expect((missing as EndpointRequestRefusedError).refusals).toEqual([
        expect.objectContaining({ field: 'organizationId' }),
      ]);
      expect(missing.message).toContain('organizationId is required');
      expect(malformed.message).toContain(
        "organizationId 'O-Payments' is not an AWS Organization id",
      );
      expect(ec2Mock.calls()).toHaveLength(0);
    });

    it('refuses custom without a policyDocument, and organizationId without a preset', async () => {
      const custom = await refusal({ vpc: VPC_REF, policyPreset: 'custom' });
      const orgOnly = await refusal({
        vpc: VPC_REF,
        organizationId: 'o-a1b2c3d4e5',
      });
      expect(custom.message).toContain(
        'policyPreset custom needs policyDocument',
      );
      expect((orgOnly as EndpointRequestRefusedError).refusals[0].field).toBe(
        'policyPreset',
      );
    });

    it('notes a policyDocument a preset leaves unused, as a form that hid the field sends it', async () => {
      const ctx = await run({
        vpc: VPC_REF,
        policyPreset: 'full-access',
        policyDocument: '{"Statement":[]}',
      });
      expect(policySent()).toBeUndefined();
      expect(ctx.logger.info).toHaveBeenCalledWith(
        expect.stringContaining(
          'policyDocument is not used: policyPreset full-access makes the policy',
        ),
      );
    });
  });

  describe('onExisting: update', () => {
    beforeEach(() => {
      ec2Mock
        .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
        .resolves({ EnableDnsHostnames: { Value: true } });
      ec2Mock.on(ModifyVpcEndpointCommand).resolves({ Return: true });
      ec2Mock.on(CreateTagsCommand).resolves({});
    });

    it('changes the endpoint in place and outputs the diff', async () => {
      ec2Mock
        .on(DescribeVpcEndpointsCommand)
        .resolves({ VpcEndpoints: [endpoint()] });

      const ctx = await run({
        vpc: VPC_REF,
        onExisting: 'update',
        privateDnsEnabled: false,
        policyPreset: 'this-account',
        tags: { team: 'platform' },
      });

      const out = actionOutputs(ctx);
      expect(out).toMatchObject({ vpcEndpointId: ENDPOINT_ID, created: false });
      expect(out.diff).toEqual([
        { field: 'privateDnsEnabled', before: 'on', after: 'off' },
        {
          field: 'policyDocument',
          before: expect.stringMatching(/^Full access/),
          after: `Only principals of AWS account ${ACCOUNT}.`,
        },
        { field: 'tags.team', before: '(none)', after: 'platform' },
      ]);
      expect(mutatingCalls(ec2Mock)).toEqual({
        ModifyVpcEndpointCommand: 1,
        CreateTagsCommand: 1,
      });
      expect(ctx.logger.info).toHaveBeenCalledWith(
        '  privateDnsEnabled: on → off',
      );
      const { applied } = JSON.parse(fetchSpy.mock.calls[0][1].body);
      expect(applied).toMatchObject({
        vpcEndpointId: ENDPOINT_ID,
        privateDnsEnabled: false,
      });
      expect(JSON.parse(applied.policyDocument)).toMatchObject({
        Statement: [
          { Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } },
        ],
      });
    });

    it('refuses an endpoint the portal did not make, changing nothing', async () => {
      ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
        VpcEndpoints: [endpoint({ Tags: [{ Key: 'team', Value: 'net' }] })],
      });
      const error = await refusal({
        vpc: VPC_REF,
        onExisting: 'update',
        privateDnsEnabled: false,
      });
      expect(error.message).toContain(
        `${ENDPOINT_ID}, which the portal did not make`,
      );
    });
  });
});
