import {
  CreateVpcEndpointCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ACCOUNT,
  createVpcWithSubnets,
  describeIfMoto,
  motoEc2Client,
  vpcEntity,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import {
  actionOutputs,
  mockInventorySync,
  testInventory,
} from './__testUtils__/fixtures';
import { createEksEndpointCreateAction } from './createEndpoint';
import { createEksEndpointDeleteAction } from './deleteEndpoint';
import type { EksEndpointActionOptions } from './vpcInput';

const REGION = 'us-east-1';
const workspace = createMockDirectory();

type CreateAction = ReturnType<typeof createEksEndpointCreateAction>;
type DeleteAction = ReturnType<typeof createEksEndpointDeleteAction>;

function context<A extends CreateAction | DeleteAction>(
  input: Parameters<A['handler']>[0]['input'],
  isDryRun = false,
): Parameters<A['handler']>[0] {
  return {
    ...createMockActionContext({
      logger: mockServices.logger.mock(),
      workspacePath: workspace.path,
    }),
    input,
    isDryRun,
  };
}

describeIfMoto('EKS endpoint create, re-run and delete against moto', () => {
  let client: EC2Client;
  const calls: string[] = [];
  let createAction: CreateAction;
  let deleteAction: DeleteAction;
  let vpcId: string;
  let dryRunVpcId: string;

  beforeAll(async () => {
    client = await motoEc2Client({ region: REGION, accountId: ACCOUNT });
    // Counts each API operation the code sends (the SDK's own retries of one
    // operation happen later in the stack and are not counted).
    client.middlewareStack.add(
      (next, ctx) => async args => {
        calls.push(ctx.commandName ?? 'unknown');
        return next(args);
      },
      { step: 'initialize', name: 'eksPrivateLinkCallCounter' },
    );

    ({ vpcId } = await createVpcWithSubnets(client, {
      cidrBlock: '10.41.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
    }));
    ({ vpcId: dryRunVpcId } = await createVpcWithSubnets(client, {
      cidrBlock: '10.42.0.0/16',
      availabilityZones: ['us-east-1a'],
    }));

    const options: EksEndpointActionOptions = {
      ec2ClientFactory: { getClient: async () => client },
      catalog: catalogServiceMock({
        entities: [
          vpcEntity({
            name: 'moto-vpc',
            vpcId,
            region: REGION,
            accountId: ACCOUNT,
          }),
          vpcEntity({
            name: 'moto-dry',
            vpcId: dryRunVpcId,
            region: REGION,
            accountId: ACCOUNT,
          }),
        ],
      }),
      inventory: testInventory(),
      auth: mockServices.auth(),
      permissions: mockServices.permissions(),
    };
    createAction = createEksEndpointCreateAction(options);
    deleteAction = createEksEndpointDeleteAction(options);
    // The inventory backend is not running here; its refresh is best-effort.
    mockInventorySync();
  });

  afterAll(() => jest.restoreAllMocks());

  const activeEndpoints = async (id: string) =>
    (
      await client.send(
        new DescribeVpcEndpointsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [id] },
            { Name: 'service-name', Values: [`com.amazonaws.${REGION}.eks`] },
          ],
        }),
      )
    ).VpcEndpoints?.filter(
      e => !['deleted', 'deleting'].includes((e.State ?? '').toLowerCase()),
    ) ?? [];

  it('a dry run leaves nothing behind, even though moto ignores DryRun on CreateVpcEndpoint', async () => {
    const ctx = context<CreateAction>(
      { vpc: 'resource:default/moto-dry' },
      true,
    );
    await createAction.handler(ctx);

    expect(actionOutputs(ctx)).toMatchObject({
      state: 'planned',
      created: false,
    });
    expect(await activeEndpoints(dryRunVpcId)).toEqual([]);
    const hostnames = await client.send(
      new DescribeVpcAttributeCommand({
        VpcId: dryRunVpcId,
        Attribute: 'enableDnsHostnames',
      }),
    );
    expect(hostnames.EnableDnsHostnames?.Value).toBe(false);
    const groups = await client.send(
      new DescribeSecurityGroupsCommand({
        Filters: [{ Name: 'vpc-id', Values: [dryRunVpcId] }],
      }),
    );
    // Only the default group, and no HTTPS rule added to it by a probe.
    expect(groups.SecurityGroups?.map(g => g.GroupName)).toEqual(['default']);
    expect(
      groups.SecurityGroups?.[0].IpPermissions?.some(p => p.FromPort === 443),
    ).toBe(false);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      expect.stringContaining('ignored DryRun on CreateVpcEndpoint'),
    );
  });

  it('creates the endpoint in a clean VPC with a dozen AWS calls', async () => {
    calls.length = 0;
    const ctx = context<CreateAction>({ vpc: 'resource:default/moto-vpc' });
    await createAction.handler(ctx);

    const out = actionOutputs(ctx);
    expect(out).toMatchObject({
      state: 'available',
      created: true,
      serviceName: `com.amazonaws.${REGION}.eks`,
      subnetIds: expect.arrayContaining([expect.stringMatching(/^subnet-/)]),
      availabilityZones: ['us-east-1a', 'us-east-1b'],
    });
    expect(out.vpcEndpointId).toMatch(/^vpce-/);

    const byOperation = calls.reduce<Record<string, number>>((acc, name) => {
      acc[name] = (acc[name] ?? 0) + 1;
      return acc;
    }, {});
    // eslint-disable-next-line no-console
    console.log(
      `AWS calls for a create in a clean VPC: ${calls.length}\n${JSON.stringify(
        byOperation,
        null,
        2,
      )}`,
    );
    expect(byOperation).toEqual({
      DescribeVpcEndpointServicesCommand: 1,
      DescribeVpcsCommand: 1,
      DescribeVpcEndpointsCommand: 2,
      DescribeSubnetsCommand: 1,
      DescribeSecurityGroupsCommand: 1,
      DescribeVpcAttributeCommand: 2,
      ModifyVpcAttributeCommand: 1,
      CreateSecurityGroupCommand: 1,
      AuthorizeSecurityGroupIngressCommand: 1,
      CreateVpcEndpointCommand: 1,
    });
    expect(calls).toHaveLength(12);

    const hostnames = await client.send(
      new DescribeVpcAttributeCommand({
        VpcId: vpcId,
        Attribute: 'enableDnsHostnames',
      }),
    );
    expect(hostnames.EnableDnsHostnames?.Value).toBe(true);
    const groups = await client.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'tag:eks-privatelink:managed-by', Values: ['backstage'] },
        ],
      }),
    );
    expect(groups.SecurityGroups?.[0].IpPermissions?.[0]).toMatchObject({
      FromPort: 443,
      ToPort: 443,
      IpRanges: [expect.objectContaining({ CidrIp: '10.41.0.0/16' })],
    });
  });

  it('a re-run adopts the endpoint instead of creating another', async () => {
    calls.length = 0;
    const ctx = context<CreateAction>({ vpc: 'resource:default/moto-vpc' });
    await createAction.handler(ctx);

    expect(actionOutputs(ctx)).toMatchObject({
      created: false,
      state: 'available',
    });
    expect(calls).not.toContain('CreateVpcEndpointCommand');
    expect(calls).not.toContain('CreateSecurityGroupCommand');
    expect(await activeEndpoints(vpcId)).toHaveLength(1);
  });

  it('deletes the endpoint and its security group, and a second delete finds nothing to do', async () => {
    const ctx = context<DeleteAction>({ vpc: 'resource:default/moto-vpc' });
    await deleteAction.handler(ctx);

    expect(actionOutputs(ctx)).toMatchObject({ alreadyGone: false });
    expect(await activeEndpoints(vpcId)).toEqual([]);
    const groups = await client.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [vpcId] },
          { Name: 'tag:eks-privatelink:managed-by', Values: ['backstage'] },
        ],
      }),
    );
    expect(groups.SecurityGroups).toEqual([]);

    const again = context<DeleteAction>({ vpc: 'resource:default/moto-vpc' });
    await deleteAction.handler(again);
    expect(actionOutputs(again)).toMatchObject({
      alreadyGone: true,
      vpcEndpointIds: [],
    });
  });

  it('deletes only the endpoint the portal made; an unmanaged one goes only when named with includeUnmanaged', async () => {
    const create = context<CreateAction>({ vpc: 'resource:default/moto-vpc' });
    await createAction.handler(create);
    const managedId = actionOutputs(create).vpcEndpointId as string;
    // Someone else's endpoint in the same VPC, made outside the portal.
    const unmanagedId = (
      await client.send(
        new CreateVpcEndpointCommand({
          VpcEndpointType: 'Interface',
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${REGION}.eks`,
          PrivateDnsEnabled: false,
          TagSpecifications: [
            {
              ResourceType: 'vpc-endpoint',
              Tags: [{ Key: 'Name', Value: 'made-by-terraform' }],
            },
          ],
        }),
      )
    ).VpcEndpoint!.VpcEndpointId!;

    const ctx = context<DeleteAction>({ vpc: 'resource:default/moto-vpc' });
    await deleteAction.handler(ctx);

    expect(actionOutputs(ctx)).toMatchObject({
      vpcEndpointIds: [managedId],
      unmanagedEndpointIds: [unmanagedId],
    });
    expect(ctx.logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        `${unmanagedId} is an EKS endpoint the portal did not make`,
      ),
    );
    expect((await activeEndpoints(vpcId)).map(e => e.VpcEndpointId)).toEqual([
      unmanagedId,
    ]);

    const named = context<DeleteAction>({
      vpc: 'resource:default/moto-vpc',
      vpcEndpointId: unmanagedId,
      includeUnmanaged: true,
    });
    await deleteAction.handler(named);

    expect(actionOutputs(named)).toMatchObject({
      vpcEndpointIds: [unmanagedId],
      unmanagedEndpointIds: [],
    });
    expect(await activeEndpoints(vpcId)).toEqual([]);
  });
});
