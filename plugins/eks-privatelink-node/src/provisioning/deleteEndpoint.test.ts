import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  AUTH_SERVICE,
  ec2Client,
  ec2Error,
  endpoint,
  ENDPOINT_ID,
  instantSleep,
  mockEndpointGoneAfterDelete,
  mockVpcWithEndpoint,
  mutatingCalls,
  REGION,
  SERVICE,
  SG_MANAGED,
  VPC_ID,
  wireState,
} from '../testUtils';
import { deleteEksEndpoint } from './deleteEndpoint';
import { EndpointRequestRefusedError } from './errors';

const ec2Mock = mockClient(EC2Client);
const request = { vpcId: VPC_ID, region: REGION };

beforeEach(() => {
  ec2Mock.reset();
  mockVpcWithEndpoint(ec2Mock);
});

describe('deleteEksEndpoint', () => {
  it('deletes the endpoint, waits until it is gone, then deletes the group create made', async () => {
    mockEndpointGoneAfterDelete(ec2Mock);
    // The endpoint's interfaces hold the group a little longer.
    ec2Mock
      .on(DeleteSecurityGroupCommand)
      .rejectsOnce(ec2Error('DependencyViolation'))
      .resolves({});
    const time = instantSleep();

    const result = await deleteEksEndpoint(ec2Client(), request, time);

    expect(
      ec2Mock.commandCalls(DeleteVpcEndpointsCommand)[0].args[0].input,
    ).toEqual({ VpcEndpointIds: [ENDPOINT_ID] });
    expect(
      ec2Mock.commandCalls(DescribeVpcEndpointsCommand)[0].args[0].input
        .Filters,
    ).toEqual([
      { Name: 'vpc-id', Values: [VPC_ID] },
      // Both services: the managed group is shared between their endpoints.
      { Name: 'service-name', Values: [SERVICE, AUTH_SERVICE] },
    ]);
    expect(
      ec2Mock.commandCalls(DescribeSecurityGroupsCommand)[0].args[0].input
        .Filters,
    ).toEqual([
      { Name: 'vpc-id', Values: [VPC_ID] },
      { Name: 'tag:eks-privatelink:managed-by', Values: ['backstage'] },
      { Name: 'tag:eks-privatelink:vpc-endpoint-for', Values: [VPC_ID] },
    ]);
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(2);
    expect(result).toEqual({
      dryRun: false,
      vpcEndpointIds: [ENDPOINT_ID],
      alreadyGone: false,
      securityGroupIds: [SG_MANAGED],
      unmanagedEndpointIds: [],
      notes: [],
    });
  });

  it('treats a VPC without an EKS endpoint or managed group as already done', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [endpoint({ State: wireState('deleted') })],
    });
    ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });

    const result = await deleteEksEndpoint(
      ec2Client(),
      request,
      instantSleep(),
    );

    expect(result.alreadyGone).toBe(true);
    expect(mutatingCalls(ec2Mock)).toEqual({});
  });

  it('treats InvalidVpcEndpointId.NotFound in Unsuccessful and a vanished group as success', async () => {
    mockEndpointGoneAfterDelete(ec2Mock);
    ec2Mock.on(DeleteVpcEndpointsCommand).resolves({
      Unsuccessful: [
        {
          ResourceId: ENDPOINT_ID,
          Error: { Code: 'InvalidVpcEndpointId.NotFound', Message: 'gone' },
        },
      ],
    });
    ec2Mock
      .on(DeleteSecurityGroupCommand)
      .rejects(ec2Error('InvalidGroup.NotFound'));

    const result = await deleteEksEndpoint(
      ec2Client(),
      request,
      instantSleep(),
    );

    expect(result.vpcEndpointIds).toEqual([ENDPOINT_ID]);
    expect(result.securityGroupIds).toEqual([SG_MANAGED]);
  });

  it('reports other Unsuccessful entries with their code', async () => {
    ec2Mock.on(DeleteVpcEndpointsCommand).resolves({
      Unsuccessful: [
        {
          ResourceId: ENDPOINT_ID,
          Error: { Code: 'OperationNotPermitted', Message: 'owned elsewhere' },
        },
      ],
    });
    await expect(
      deleteEksEndpoint(ec2Client(), request, instantSleep()),
    ).rejects.toThrow(
      `AWS did not delete ${ENDPOINT_ID} (OperationNotPermitted: owned elsewhere)`,
    );
    expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
  });

  it('only waits for an endpoint that is already deleting', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [endpoint({ State: wireState('Deleting') })],
    });
    mockEndpointGoneAfterDelete(ec2Mock);
    const result = await deleteEksEndpoint(
      ec2Client(),
      request,
      instantSleep(),
    );
    expect(ec2Mock.commandCalls(DeleteVpcEndpointsCommand)).toHaveLength(0);
    expect(result.vpcEndpointIds).toEqual([ENDPOINT_ID]);
  });

  it('refuses an unknown VPC instead of reporting success', async () => {
    ec2Mock.on(DescribeVpcsCommand).rejects(ec2Error('InvalidVpcID.NotFound'));
    const error = await deleteEksEndpoint(ec2Client(), request).catch(e => e);
    expect(error).toBeInstanceOf(EndpointRequestRefusedError);
    expect(error.refusals[0].field).toBe('vpcId');
    expect(mutatingCalls(ec2Mock)).toEqual({});
  });

  it('in a dry run probes the deletes and changes nothing', async () => {
    ec2Mock
      .on(DeleteVpcEndpointsCommand, { DryRun: true })
      .rejects(ec2Error('DryRunOperation'));
    ec2Mock
      .on(DeleteSecurityGroupCommand, { DryRun: true })
      .rejects(ec2Error('DryRunOperation'));

    const result = await deleteEksEndpoint(ec2Client(), request, {
      dryRun: true,
    });

    expect(result).toMatchObject({
      dryRun: true,
      vpcEndpointIds: [ENDPOINT_ID],
      securityGroupIds: [SG_MANAGED],
    });
    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
  });

  it('in a dry run turns an IAM denial into a refusal naming the action', async () => {
    ec2Mock
      .on(DeleteVpcEndpointsCommand, { DryRun: true })
      .rejects(ec2Error('UnauthorizedOperation'));
    ec2Mock
      .on(DeleteSecurityGroupCommand, { DryRun: true })
      .rejects(ec2Error('DryRunOperation'));
    const error = await deleteEksEndpoint(ec2Client(), request, {
      dryRun: true,
    }).catch(e => e);
    expect(error.message).toContain('grant ec2:DeleteVpcEndpoints');
    expect(mutatingCalls(ec2Mock, { realOnly: true })).toEqual({});
  });

  describe('endpoints the portal did not make', () => {
    const UNMANAGED_ID = 'vpce-0ffffffffffffffff';
    const unmanaged = endpoint({
      VpcEndpointId: UNMANAGED_ID,
      Tags: [{ Key: 'Name', Value: 'made-in-terraform' }],
      Groups: [{ GroupId: 'sg-0eeeeeeeeeeeeeee1' }],
    });

    beforeEach(() => {
      ec2Mock
        .on(DescribeVpcEndpointsCommand)
        .resolves({ VpcEndpoints: [endpoint(), unmanaged] });
      mockEndpointGoneAfterDelete(ec2Mock);
      ec2Mock
        .on(DescribeVpcEndpointsCommand, { VpcEndpointIds: [UNMANAGED_ID] })
        .rejects(ec2Error('InvalidVpcEndpointId.NotFound'));
    });

    it('deletes the managed endpoint, lists the unmanaged one and leaves it', async () => {
      const result = await deleteEksEndpoint(
        ec2Client(),
        request,
        instantSleep(),
      );

      expect(
        ec2Mock.commandCalls(DeleteVpcEndpointsCommand)[0].args[0].input,
      ).toEqual({ VpcEndpointIds: [ENDPOINT_ID] });
      expect(result).toMatchObject({
        vpcEndpointIds: [ENDPOINT_ID],
        unmanagedEndpointIds: [UNMANAGED_ID],
        securityGroupIds: [SG_MANAGED],
      });
      expect(result.notes).toContainEqual(
        expect.stringContaining(
          `${UNMANAGED_ID} is an EKS endpoint the portal did not make`,
        ),
      );
    });

    it('leaves a VPC with only an unmanaged endpoint alone', async () => {
      ec2Mock
        .on(DescribeVpcEndpointsCommand)
        .resolves({ VpcEndpoints: [unmanaged] });
      ec2Mock
        .on(DescribeSecurityGroupsCommand)
        .resolves({ SecurityGroups: [] });

      const result = await deleteEksEndpoint(
        ec2Client(),
        request,
        instantSleep(),
      );

      expect(mutatingCalls(ec2Mock)).toEqual({});
      expect(result).toMatchObject({
        alreadyGone: true,
        unmanagedEndpointIds: [UNMANAGED_ID],
      });
    });

    it('deletes an unmanaged endpoint named in vpcEndpointId with includeUnmanaged', async () => {
      const result = await deleteEksEndpoint(
        ec2Client(),
        { ...request, vpcEndpointId: UNMANAGED_ID, includeUnmanaged: true },
        instantSleep(),
      );

      expect(
        ec2Mock.commandCalls(DeleteVpcEndpointsCommand)[0].args[0].input,
      ).toEqual({ VpcEndpointIds: [UNMANAGED_ID] });
      // The managed endpoint stays, and so does the group it uses.
      expect(result).toMatchObject({
        vpcEndpointIds: [UNMANAGED_ID],
        unmanagedEndpointIds: [],
        securityGroupIds: [],
      });
      expect(ec2Mock.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
    });

    it.each([
      [
        'an unmanaged endpoint without includeUnmanaged',
        { vpcEndpointId: UNMANAGED_ID },
        'vpcEndpointId',
        'also set includeUnmanaged: true',
      ],
      [
        'an id that is not an EKS endpoint of the VPC',
        { vpcEndpointId: 'vpce-01234567', includeUnmanaged: true },
        'vpcEndpointId',
        `vpcEndpointId: vpce-01234567 is not an EKS endpoint of ${VPC_ID}`,
      ],
      [
        'includeUnmanaged without vpcEndpointId',
        { includeUnmanaged: true },
        'includeUnmanaged',
        'Add vpcEndpointId',
      ],
    ])('refuses %s', async (_, extra, field, message) => {
      const error = await deleteEksEndpoint(
        ec2Client(),
        { ...request, ...extra },
        instantSleep(),
      ).catch(e => e);

      expect(error).toBeInstanceOf(EndpointRequestRefusedError);
      expect(error.refusals[0].field).toBe(field);
      expect(error.message).toContain(message);
      expect(mutatingCalls(ec2Mock)).toEqual({});
    });
  });
});
