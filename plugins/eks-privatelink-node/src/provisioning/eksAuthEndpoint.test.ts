import {
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type DescribeVpcEndpointsCommandInput,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  AUTH_ENDPOINT_ID,
  AUTH_SERVICE,
  authEndpoint,
  checkpointStore,
  ec2Client,
  ec2Error,
  endpoint,
  ENDPOINT_ID,
  instantSleep,
  managedSecurityGroup,
  mockAuthService,
  mockCleanVpc,
  mutatingCalls,
  REGION,
  SERVICE,
  SG_MANAGED,
  SUBNET_A,
  SUBNET_B,
  SUBNET_C,
  VPC_ID,
  wireState,
} from '../testUtils';
import { applyPlan } from './applyPlan';
import { deleteEksEndpoint } from './deleteEndpoint';
import { planEndpoint } from './planEndpoint';
import type { CreateEndpointChange, EndpointRequest } from './types';

const ec2Mock = mockClient(EC2Client);
const eksRequest: EndpointRequest = {
  vpcId: VPC_ID,
  region: REGION,
  accountId: ACCOUNT,
};
const authRequest: EndpointRequest = { ...eksRequest, service: 'eks-auth' };

/**
 * `DescribeVpcEndpoints` answers as EC2 does: by the ids asked for, else by
 * the `vpc-id` and `service-name` filters, from the endpoints the VPC has.
 */
function mockVpcEndpoints(endpoints: () => VpcEndpoint[]): void {
  ec2Mock
    .on(DescribeVpcEndpointsCommand)
    .callsFake((input: DescribeVpcEndpointsCommandInput) => {
      const filter = (name: string) =>
        input.Filters?.find(f => f.Name === name)?.Values;
      const names = filter('service-name');
      const vpcs = filter('vpc-id');
      return {
        VpcEndpoints: endpoints().filter(
          e =>
            (!input.VpcEndpointIds ||
              input.VpcEndpointIds.includes(e.VpcEndpointId!)) &&
            (!names || names.includes(e.ServiceName!)) &&
            (!vpcs || vpcs.includes(e.VpcId!)),
        ),
      };
    });
}

/** The managed group an earlier create made, found by its name. */
function mockManagedGroupExists(): void {
  ec2Mock
    .on(DescribeSecurityGroupsCommand)
    .resolves({ SecurityGroups: [managedSecurityGroup()] });
}

function createInput() {
  return ec2Mock.commandCalls(CreateVpcEndpointCommand)[0].args[0].input;
}

beforeEach(() => {
  ec2Mock.reset();
  mockCleanVpc(ec2Mock);
  mockAuthService(ec2Mock);
});

describe('the eks-auth endpoint (EKS Pod Identity)', () => {
  it('asks AWS about eks-auth and follows its AZs, which differ from the EKS API ones', async () => {
    const auth = await planEndpoint(ec2Client(), authRequest);
    const eks = await planEndpoint(ec2Client(), eksRequest);

    expect(
      ec2Mock
        .commandCalls(DescribeVpcEndpointServicesCommand)
        .map(call => call.args[0].input.ServiceNames),
    ).toEqual([[AUTH_SERVICE], [SERVICE]]);
    // eks-auth is offered in 2c too, the EKS API is not.
    expect(auth.serviceName).toBe(AUTH_SERVICE);
    expect(auth.service).toBe('eks-auth');
    expect(auth.subnetIds).toEqual([SUBNET_A, SUBNET_B, SUBNET_C]);
    expect(auth.availabilityZones).toEqual([
      `${REGION}a`,
      `${REGION}b`,
      `${REGION}c`,
    ]);
    expect(eks.subnetIds).toEqual([SUBNET_A, SUBNET_B]);
  });

  it('refuses a subnet in an AZ where eks-auth is not offered, naming eks-auth', async () => {
    mockAuthService(ec2Mock, [`${REGION}a`]);

    const error = await planEndpoint(ec2Client(), {
      ...authRequest,
      subnetIds: [SUBNET_B],
    }).catch(e => e);

    expect(error.message).toContain(
      `${SUBNET_B} is in ${REGION}b, where ${AUTH_SERVICE} is not offered`,
    );
    expect(mutatingCalls(ec2Mock)).toEqual({});
  });

  it('refuses a region without eks-auth by the live answer, naming EKS Pod Identity', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand, { ServiceNames: [AUTH_SERVICE] })
      .rejects(ec2Error('InvalidServiceName'));

    const error = await planEndpoint(ec2Client(), authRequest).catch(e => e);

    expect(error.message).toContain(
      `region '${REGION}': the EKS Pod Identity (eks-auth) interface endpoint is not offered there (source: DescribeVpcEndpointServices)`,
    );
  });

  it('creates the eks-auth endpoint in a VPC that has the EKS API one, sharing the managed group', async () => {
    const vpc: VpcEndpoint[] = [endpoint()];
    mockVpcEndpoints(() => vpc);
    mockManagedGroupExists();
    ec2Mock.on(CreateVpcEndpointCommand).callsFake(() => {
      // AWS answers pending; the next look finds it available.
      vpc.push(authEndpoint());
      return { VpcEndpoint: authEndpoint({ State: wireState('pending') }) };
    });

    const plan = await planEndpoint(ec2Client(), authRequest);
    expect(plan.action).toBe('create');
    expect(plan.existingEndpoint).toBeNull();
    expect(plan.managedSecurityGroupId).toBe(SG_MANAGED);
    const store = checkpointStore();
    const result = await applyPlan(ec2Client(), plan, {
      ...instantSleep(),
      checkpoint: store.checkpoint,
    });

    expect(ec2Mock.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
    expect(createInput()).toMatchObject({
      ServiceName: AUTH_SERVICE,
      VpcId: VPC_ID,
      SecurityGroupIds: [SG_MANAGED],
    });
    expect(createInput().TagSpecifications?.[0].Tags).toContainEqual({
      Key: 'Name',
      Value: `eks-auth-${VPC_ID}`,
    });
    expect(result.created).toBe(true);
    expect(result.endpoint?.vpcEndpointId).toBe(AUTH_ENDPOINT_ID);
    // Its own checkpoint keys: one task can create both endpoints.
    expect([...store.stored.keys()]).toContain(
      `eks-privatelink.${VPC_ID}.eks-auth.createEndpoint`,
    );

    // A re-run finds it and creates nothing more.
    ec2Mock.resetHistory();
    const again = await planEndpoint(ec2Client(), authRequest);
    expect(again.action).toBe('reuse');
    expect(again.existingEndpoint?.vpcEndpointId).toBe(AUTH_ENDPOINT_ID);
    // And the EKS API's plan still finds its own endpoint.
    const eks = await planEndpoint(ec2Client(), eksRequest);
    expect(eks.existingEndpoint?.vpcEndpointId).toBe(ENDPOINT_ID);
  });

  it('gives the same parameters a different idempotency token and checkpoint key per service', async () => {
    mockManagedGroupExists();
    const token = async (request: EndpointRequest) => {
      const plan = await planEndpoint(ec2Client(), {
        ...request,
        subnetIds: [SUBNET_A, SUBNET_B],
      });
      return plan.changes.find(
        c => c.kind === 'createEndpoint',
      ) as CreateEndpointChange;
    };

    const eks = await token(eksRequest);
    const auth = await token(authRequest);

    expect(eks.clientToken).toMatch(/^eks-privatelink-/);
    expect(auth.clientToken).toMatch(/^eks-privatelink-/);
    expect(auth.clientToken).not.toBe(eks.clientToken);
    expect(eks.key).toBe(`eks-privatelink.${VPC_ID}.createEndpoint`);
    expect(auth.key).toBe(`eks-privatelink.${VPC_ID}.eks-auth.createEndpoint`);
  });

  it('a dry run of eks-auth probes the create of that service', async () => {
    mockVpcEndpoints(() => [endpoint()]);
    mockManagedGroupExists();
    ec2Mock
      .on(CreateVpcEndpointCommand)
      .rejects(ec2Error('DryRunOperation', 'Request would have succeeded'));

    const plan = await planEndpoint(ec2Client(), authRequest);
    const result = await applyPlan(ec2Client(), plan, { dryRun: true });

    expect(result.dryRun).toBe(true);
    expect(createInput()).toMatchObject({
      DryRun: true,
      ServiceName: AUTH_SERVICE,
    });
    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
  });
});

describe('deleting one service of a VPC that has both', () => {
  let vpc: VpcEndpoint[];

  beforeEach(() => {
    vpc = [endpoint(), authEndpoint()];
    mockVpcEndpoints(() => vpc);
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: SG_MANAGED, VpcId: VPC_ID }] });
    ec2Mock.on(DeleteVpcEndpointsCommand).callsFake(input => {
      vpc = vpc.filter(e => !input.VpcEndpointIds.includes(e.VpcEndpointId));
      return { Unsuccessful: [] };
    });
    ec2Mock.on(DeleteSecurityGroupCommand).resolves({});
  });

  it('deletes eks-auth and keeps the EKS API endpoint and the shared group', async () => {
    const result = await deleteEksEndpoint(
      ec2Client(),
      { vpcId: VPC_ID, region: REGION, service: 'eks-auth' },
      instantSleep(),
    );

    // One look at the VPC's endpoints of both services.
    expect(
      ec2Mock
        .commandCalls(DescribeVpcEndpointsCommand)
        .filter(call => call.args[0].input.Filters)
        .map(call => call.args[0].input.Filters),
    ).toEqual([
      [
        { Name: 'vpc-id', Values: [VPC_ID] },
        { Name: 'service-name', Values: [SERVICE, AUTH_SERVICE] },
      ],
    ]);
    expect(
      ec2Mock.commandCalls(DeleteVpcEndpointsCommand)[0].args[0].input,
    ).toEqual({ VpcEndpointIds: [AUTH_ENDPOINT_ID] });
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
    expect(result.vpcEndpointIds).toEqual([AUTH_ENDPOINT_ID]);
    expect(result.securityGroupIds).toEqual([]);
    expect(result.notes).toEqual([
      `${SG_MANAGED}, the security group the portal made, is kept: ${ENDPOINT_ID}, an endpoint that stays, still uses it.`,
    ]);
    expect(vpc.map(e => e.VpcEndpointId)).toEqual([ENDPOINT_ID]);
  });

  it('deletes the EKS API endpoint by default and keeps eks-auth and the group', async () => {
    const result = await deleteEksEndpoint(
      ec2Client(),
      { vpcId: VPC_ID, region: REGION },
      instantSleep(),
    );

    expect(result.vpcEndpointIds).toEqual([ENDPOINT_ID]);
    expect(result.securityGroupIds).toEqual([]);
    expect(vpc.map(e => e.VpcEndpointId)).toEqual([AUTH_ENDPOINT_ID]);
  });

  it('deletes the group with the last of the two endpoints', async () => {
    await deleteEksEndpoint(
      ec2Client(),
      { vpcId: VPC_ID, region: REGION, service: 'eks-auth' },
      instantSleep(),
    );
    const last = await deleteEksEndpoint(
      ec2Client(),
      { vpcId: VPC_ID, region: REGION },
      instantSleep(),
    );

    expect(last.vpcEndpointIds).toEqual([ENDPOINT_ID]);
    expect(last.securityGroupIds).toEqual([SG_MANAGED]);
    expect(vpc).toEqual([]);
  });

  it('refuses an EKS API endpoint id given with service eks-auth', async () => {
    const error = await deleteEksEndpoint(
      ec2Client(),
      {
        vpcId: VPC_ID,
        region: REGION,
        service: 'eks-auth',
        vpcEndpointId: ENDPOINT_ID,
      },
      instantSleep(),
    ).catch(e => e);

    expect(error.message).toContain(
      `vpcEndpointId: ${ENDPOINT_ID} is not an EKS Pod Identity (eks-auth) endpoint of ${VPC_ID} in ${REGION}. Its EKS Pod Identity (eks-auth) endpoints are ${AUTH_ENDPOINT_ID}.`,
    );
    expect(mutatingCalls(ec2Mock)).toEqual({});
  });

  it('says so when the VPC has no eks-auth endpoint', async () => {
    vpc = [endpoint()];

    const result = await deleteEksEndpoint(
      ec2Client(),
      { vpcId: VPC_ID, region: REGION, service: 'eks-auth' },
      instantSleep(),
    );

    expect(result.alreadyGone).toBe(true);
    expect(result.notes).toContain(
      `${VPC_ID} has no EKS Pod Identity (eks-auth) endpoint; nothing to delete.`,
    );
    expect(mutatingCalls(ec2Mock)).toEqual({});
  });
});
