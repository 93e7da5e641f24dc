import {
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type DescribeVpcEndpointsCommandInput,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  AUTH_ENDPOINT_ID,
  AUTH_SERVICE,
  authEndpoint,
  endpoint,
  ENDPOINT_ID,
  mockAuthService,
  mockCleanVpc,
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
import { createEksEndpointCreateAction } from './createEndpoint';
import { createEksEndpointDeleteAction } from './deleteEndpoint';

const ec2Mock = mockClient(EC2Client);
let fetchSpy: jest.SpyInstance;
let vpc: VpcEndpoint[];

/** The VPC's endpoints as EC2 lists them: by id, else by VPC and service name. */
function mockVpcEndpoints(): void {
  ec2Mock
    .on(DescribeVpcEndpointsCommand)
    .callsFake((input: DescribeVpcEndpointsCommandInput) => {
      const names = input.Filters?.find(f => f.Name === 'service-name')?.Values;
      return {
        VpcEndpoints: vpc.filter(
          e =>
            (!input.VpcEndpointIds ||
              input.VpcEndpointIds.includes(e.VpcEndpointId!)) &&
            (!names || names.includes(e.ServiceName!)),
        ),
      };
    });
}

beforeEach(() => {
  ec2Mock.reset();
  mockCleanVpc(ec2Mock);
  mockAuthService(ec2Mock);
  mockVpcEndpoints();
  fetchSpy = mockInventorySync();
});

afterEach(() => fetchSpy.mockRestore());

function context(input: Record<string, unknown>) {
  return {
    ...createMockActionContext({ logger: mockServices.logger.mock() }),
    input,
    output: jest.fn(),
  } as never as Parameters<
    ReturnType<typeof createEksEndpointCreateAction>['handler']
  >[0] & { logger: { info: jest.Mock } };
}

describe('aws:eks:privatelink:create with service eks-auth', () => {
  it('creates the EKS Pod Identity endpoint next to the EKS API one and outputs its service', async () => {
    vpc = [endpoint()];
    ec2Mock.on(CreateVpcEndpointCommand).callsFake(() => {
      vpc.push(authEndpoint());
      return { VpcEndpoint: authEndpoint() };
    });
    const ctx = context({ vpc: VPC_REF, service: 'eks-auth' });

    await createEksEndpointCreateAction(actionOptions()).handler(ctx);

    const outputs = actionOutputs(ctx);
    expect(outputs).toMatchObject({
      vpcEndpointId: AUTH_ENDPOINT_ID,
      created: true,
      serviceName: AUTH_SERVICE,
      privateDnsName: `eks-auth.${REGION}.api.aws`,
    });
    expect(
      ec2Mock.commandCalls(CreateVpcEndpointCommand)[0].args[0].input
        .ServiceName,
    ).toBe(AUTH_SERVICE);
    expect(ctx.logger.info).toHaveBeenCalledWith(
      expect.stringContaining(`Plan for ${AUTH_SERVICE} in ${VPC_ID}`),
    );
  });

  it('reuses, not duplicates, the eks-auth endpoint on a re-run', async () => {
    vpc = [endpoint(), authEndpoint()];
    const ctx = context({ vpc: VPC_REF, service: 'eks-auth' });

    await createEksEndpointCreateAction(actionOptions()).handler(ctx);

    expect(actionOutputs(ctx)).toMatchObject({
      vpcEndpointId: AUTH_ENDPOINT_ID,
      created: false,
      serviceName: AUTH_SERVICE,
    });
    // Only the VPC's DNS hostnames, which private DNS needs, are turned on.
    expect(mutatingCalls(ec2Mock)).toEqual({ ModifyVpcAttributeCommand: 1 });
  });

  it('keeps eks the default', async () => {
    vpc = [endpoint(), authEndpoint()];
    const ctx = context({ vpc: VPC_REF });

    await createEksEndpointCreateAction(actionOptions()).handler(ctx);

    expect(actionOutputs(ctx)).toMatchObject({
      vpcEndpointId: ENDPOINT_ID,
      serviceName: SERVICE,
    });
  });

  it('refuses any other service, naming the field, before touching AWS', async () => {
    vpc = [];
    const ctx = context({ vpc: VPC_REF, service: 'ecr.api' });

    const error = await createEksEndpointCreateAction(actionOptions())
      .handler(ctx)
      .catch(e => e);

    expect(error.message).toContain(
      "service: 'ecr.api' is not an EKS endpoint service. Use eks (EKS API) or eks-auth (EKS Pod Identity (eks-auth)), or leave it out for eks.",
    );
    expect(ec2Mock.calls()).toHaveLength(0);
  });
});

describe('aws:eks:privatelink:delete with service eks-auth', () => {
  beforeEach(() => {
    ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC_ID }] });
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: SG_MANAGED, VpcId: VPC_ID }] });
    ec2Mock.on(DeleteVpcEndpointsCommand).callsFake(input => {
      vpc = vpc.filter(e => !input.VpcEndpointIds.includes(e.VpcEndpointId));
      return { Unsuccessful: [] };
    });
    ec2Mock.on(DeleteSecurityGroupCommand).resolves({});
  });

  it('deletes only the Pod Identity endpoint and keeps the shared group', async () => {
    vpc = [endpoint(), authEndpoint()];
    const ctx = context({ vpc: VPC_REF, service: 'eks-auth' });

    await createEksEndpointDeleteAction(actionOptions()).handler(ctx as never);

    expect(actionOutputs(ctx)).toEqual({
      serviceName: AUTH_SERVICE,
      vpcEndpointId: AUTH_ENDPOINT_ID,
      vpcEndpointIds: [AUTH_ENDPOINT_ID],
      alreadyGone: false,
      securityGroupIds: [],
      unmanagedEndpointIds: [],
    });
    expect(vpc.map(e => e.VpcEndpointId)).toEqual([ENDPOINT_ID]);
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
  });

  it('says the VPC has no EKS Pod Identity endpoint when only the EKS API one is there', async () => {
    vpc = [endpoint()];
    const ctx = context({ vpc: VPC_REF, service: 'eks-auth' });

    await createEksEndpointDeleteAction(actionOptions()).handler(ctx as never);

    expect(actionOutputs(ctx)).toMatchObject({
      serviceName: AUTH_SERVICE,
      alreadyGone: true,
    });
    expect(ctx.logger.info).toHaveBeenCalledWith(
      `${VPC_ID} has no EKS Pod Identity (eks-auth) endpoint: nothing to delete`,
    );
    expect(mutatingCalls(ec2Mock)).toEqual({});
  });

  it('refuses any other service, naming the field', async () => {
    vpc = [endpoint()];
    const ctx = context({ vpc: VPC_REF, service: 'eks-fips' });

    const error = await createEksEndpointDeleteAction(actionOptions())
      .handler(ctx as never)
      .catch(e => e);

    expect(error.message).toContain(
      "service: 'eks-fips' is not an EKS endpoint service",
    );
    expect(ec2Mock.calls()).toHaveLength(0);
  });
});
