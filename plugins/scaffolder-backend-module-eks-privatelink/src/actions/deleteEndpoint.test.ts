import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ACCOUNT,
  ec2Error,
  endpoint,
  ENDPOINT_ID,
  mockEndpointGoneAfterDelete,
  mockVpcWithEndpoint,
  mutatingCalls,
  REGION,
  SERVICE,
  SG_MANAGED,
  VPC_ID,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import { mockClient } from 'aws-sdk-client-mock';
import {
  actionOptions,
  actionOutputs,
  mockInventorySync,
  VPC_REF,
} from './__testUtils__/fixtures';
import { createEksEndpointDeleteAction } from './deleteEndpoint';

const ec2Mock = mockClient(EC2Client);
const workspace = createMockDirectory();
let fetchSpy: jest.SpyInstance;

type Action = ReturnType<typeof createEksEndpointDeleteAction>;
type Input = Parameters<Action['handler']>[0]['input'];
type Context = Parameters<Action['handler']>[0];

beforeEach(() => {
  ec2Mock.reset();
  mockVpcWithEndpoint(ec2Mock);
  mockEndpointGoneAfterDelete(ec2Mock);
  fetchSpy = mockInventorySync();
});

afterEach(() => fetchSpy.mockRestore());

async function run(input: Input, extra: Partial<Context> = {}) {
  const ctx: Context = {
    ...createMockActionContext<Input>({
      input,
      logger: mockServices.logger.mock(),
      workspacePath: workspace.path,
    }),
    ...extra,
  };
  await createEksEndpointDeleteAction(actionOptions()).handler(ctx);
  return ctx;
}

describe('aws:eks:privatelink:delete', () => {
  it('deletes the endpoint and its managed group, waits, and tells the inventory', async () => {
    const ctx = await run({ vpc: VPC_REF });

    expect(actionOutputs(ctx)).toEqual({
      serviceName: SERVICE,
      vpcEndpointId: ENDPOINT_ID,
      vpcEndpointIds: [ENDPOINT_ID],
      alreadyGone: false,
      securityGroupIds: [SG_MANAGED],
      unmanagedEndpointIds: [],
    });
    expect(mutatingCalls(ec2Mock)).toEqual({
      DeleteVpcEndpointsCommand: 1,
      DeleteSecurityGroupCommand: 1,
    });
    // The group goes only after the endpoint is gone.
    const order = ec2Mock.calls().map(c => c.args[0].constructor.name);
    expect(order.indexOf('DeleteSecurityGroupCommand')).toBeGreaterThan(
      order.lastIndexOf('DescribeVpcEndpointsCommand'),
    );
    // The deleted endpoint is named, so its owner is not told it vanished.
    expect(JSON.parse(fetchSpy.mock.calls[0][1].body)).toEqual({
      vpcId: VPC_ID,
      region: REGION,
      accountId: ACCOUNT,
      deletedEndpointIds: [ENDPOINT_ID],
    });
  });

  it("passes the task's abort signal to every AWS call", async () => {
    const controller = new AbortController();

    await run({ vpc: VPC_REF }, { signal: controller.signal });

    for (const call of ec2Mock.calls()) {
      // aws-sdk-client-mock types only the command; send's options come second.
      expect((call.args as unknown[])[1]).toEqual(
        expect.objectContaining({ abortSignal: controller.signal }),
      );
    }
  });

  it('succeeds when the endpoint is already gone', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    const ctx = await run({ vpcId: VPC_ID, region: REGION });

    expect(actionOutputs(ctx)).toEqual({
      serviceName: SERVICE,
      vpcEndpointId: '',
      vpcEndpointIds: [],
      alreadyGone: true,
      securityGroupIds: [],
      unmanagedEndpointIds: [],
    });
    expect(mutatingCalls(ec2Mock)).toEqual({});
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('in a dry run probes the deletes with DryRun and deletes nothing', async () => {
    ec2Mock
      .on(DeleteVpcEndpointsCommand, { DryRun: true })
      .rejects(ec2Error('DryRunOperation'));
    ec2Mock
      .on(DeleteSecurityGroupCommand, { DryRun: true })
      .rejects(ec2Error('DryRunOperation'));

    const ctx = await run({ vpc: VPC_REF }, { isDryRun: true });

    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
    expect(mutatingCalls(ec2Mock)).toEqual({
      DeleteVpcEndpointsCommand: 1,
      DeleteSecurityGroupCommand: 1,
    });
    expect(actionOutputs(ctx).vpcEndpointIds).toEqual([ENDPOINT_ID]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('in a dry run names the IAM action that is denied', async () => {
    ec2Mock
      .on(DeleteVpcEndpointsCommand, { DryRun: true })
      .rejects(ec2Error('UnauthorizedOperation'));
    ec2Mock
      .on(DeleteSecurityGroupCommand, { DryRun: true })
      .rejects(ec2Error('DryRunOperation'));

    await expect(run({ vpc: VPC_REF }, { isDryRun: true })).rejects.toThrow(
      'grant ec2:DeleteVpcEndpoints',
    );
    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
  });

  it.each([
    [-1, "timeoutSeconds '-1' is out of range"],
    [1e9, "timeoutSeconds '1000000000' is out of range"],
  ])(
    'refuses timeoutSeconds %s before calling AWS',
    async (timeoutSeconds, expected) => {
      await expect(run({ vpc: VPC_REF, timeoutSeconds })).rejects.toThrow(
        expected,
      );
      expect(ec2Mock.calls()).toHaveLength(0);
    },
  );

  it('refuses an unknown VPC rather than reporting it deleted', async () => {
    ec2Mock.on(DescribeVpcsCommand).rejects(ec2Error('InvalidVpcID.NotFound'));
    await expect(run({ vpc: VPC_REF })).rejects.toThrow(
      `vpc: ${VPC_ID} was not found in ${REGION} (account ${ACCOUNT})`,
    );
    expect(mutatingCalls(ec2Mock)).toEqual({});
  });

  describe('an EKS endpoint the portal did not make', () => {
    const UNMANAGED_ID = 'vpce-0ffffffffffffffff';

    beforeEach(() => {
      ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
        VpcEndpoints: [
          endpoint(),
          endpoint({ VpcEndpointId: UNMANAGED_ID, Tags: [], Groups: [] }),
        ],
      });
      mockEndpointGoneAfterDelete(ec2Mock);
      ec2Mock
        .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [UNMANAGED_ID] })
        .rejects(ec2Error('InvalidVpcEndpointId.NotFound'));
    });

    it('is listed in the log and the outputs and left alone', async () => {
      const ctx = await run({ vpc: VPC_REF });

      expect(actionOutputs(ctx)).toMatchObject({
        vpcEndpointIds: [ENDPOINT_ID],
        unmanagedEndpointIds: [UNMANAGED_ID],
      });
      expect(
        ec2Mock.commandCalls(DeleteVpcEndpointsCommand)[0].args[0].input,
      ).toEqual({ VpcEndpointIds: [ENDPOINT_ID] });
      expect(ctx.logger.info).toHaveBeenCalledWith(
        expect.stringContaining(
          `${UNMANAGED_ID} is an EKS endpoint the portal did not make`,
        ),
      );
    });

    it('goes when vpcEndpointId names it with includeUnmanaged', async () => {
      const ctx = await run({
        vpc: VPC_REF,
        vpcEndpointId: UNMANAGED_ID,
        includeUnmanaged: true,
      });

      expect(actionOutputs(ctx)).toMatchObject({
        vpcEndpointIds: [UNMANAGED_ID],
        unmanagedEndpointIds: [],
      });
    });

    it('is refused, naming vpcEndpointId, without includeUnmanaged', async () => {
      await expect(
        run({ vpc: VPC_REF, vpcEndpointId: UNMANAGED_ID }),
      ).rejects.toThrow(
        `vpcEndpointId: ${UNMANAGED_ID} was not made by the portal`,
      );
      expect(mutatingCalls(ec2Mock)).toEqual({});
    });

    it('refuses a malformed vpcEndpointId before calling AWS', async () => {
      await expect(
        run({ vpc: VPC_REF, vpcEndpointId: 'endpoint-1' }),
      ).rejects.toThrow('vpcEndpointId');
      expect(ec2Mock.calls()).toHaveLength(0);
    });
  });
});
