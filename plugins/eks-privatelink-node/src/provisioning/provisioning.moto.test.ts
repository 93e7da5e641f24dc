import {
  CreateSecurityGroupCommand,
  DescribeFlowLogsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  createVpcWithSubnets,
  describeIfMoto,
  motoEc2Client,
} from '../testUtils';
import { findVpcEksEndpoints } from '../ec2Reads';
import { applyPlan } from './applyPlan';
import { deleteEksEndpoint } from './deleteEndpoint';
import { planEndpoint } from './planEndpoint';

const REGION = 'us-east-1';
const BUCKET = 'eks-endpoint-flow-logs';

describeIfMoto('provisioning against moto', () => {
  let client: EC2Client;
  let vpcId: string;
  let subnets: string[];
  let groupId: string;

  beforeAll(async () => {
    client = await motoEc2Client({ region: REGION });
    ({ vpcId, subnetIds: subnets } = await createVpcWithSubnets(client, {
      cidrBlock: '10.61.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b'],
    }));
    // moto checks that a flow log bucket exists. This package has no S3
    // client, so the bucket is made through moto's S3 API directly; moto
    // routes by the service named in the credential scope.
    const bucket = await fetch(`${process.env.MOTO_ENDPOINT}/${BUCKET}`, {
      method: 'PUT',
      headers: {
        Authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${REGION}/s3/aws4_request, SignedHeaders=host, Signature=0`,
      },
    });
    if (!bucket.ok) {
      throw new Error(`moto did not create the bucket: HTTP ${bucket.status}`);
    }
    groupId = (
      await client.send(
        new CreateSecurityGroupCommand({
          VpcId: vpcId,
          GroupName: 'callers',
          Description: 'an existing group',
        }),
      )
    ).GroupId!;
  });

  it('creates in one subnet with private DNS off and S3 flow logs, then updates to two subnets and a given group', async () => {
    const created = await applyPlan(
      client,
      await planEndpoint(client, {
        vpcId,
        region: REGION,
        subnetIds: [subnets[0]],
        privateDnsEnabled: false,
        flowLogs: {
          destinationType: 's3',
          destination: `arn:aws:s3:::${BUCKET}`,
        },
      }),
    );
    expect(created.created).toBe(true);
    expect(created.endpoint).toMatchObject({
      state: 'available',
      privateDnsEnabled: false,
      subnetIds: [subnets[0]],
    });
    // Reading the flow logs back is the test's own check, not a plugin call.
    const flowLogs = await new EC2Client({ region: REGION }).send(
      new DescribeFlowLogsCommand({
        Filter: [
          {
            Name: 'resource-id',
            Values: created.endpoint!.networkInterfaceIds,
          },
        ],
      }),
    );
    expect(flowLogs.FlowLogs?.length).toBeGreaterThan(0);

    const plan = await planEndpoint(client, {
      vpcId,
      region: REGION,
      onExisting: 'update',
      subnetIds: subnets,
      securityGroupIds: [groupId],
    });
    expect(plan.action).toBe('update');
    const updated = await applyPlan(client, plan);

    expect(updated.endpoint?.vpcEndpointId).toBe(
      created.endpoint?.vpcEndpointId,
    );
    expect([...updated.endpoint!.subnetIds].sort()).toEqual(
      [...subnets].sort(),
    );
    expect(updated.endpoint!.securityGroupIds).toEqual([groupId]);
  });

  it('deletes the endpoint and waits until it is gone', async () => {
    const result = await deleteEksEndpoint(client, { vpcId, region: REGION });
    expect(result.vpcEndpointIds).toHaveLength(1);
    const again = await deleteEksEndpoint(client, { vpcId, region: REGION });
    expect(again.alreadyGone).toBe(true);
  });

  it('gives a managed group its 443 rule on the next run when adding it failed after the group was made', async () => {
    const { vpcId: faultVpc } = await createVpcWithSubnets(client, {
      cidrBlock: '10.62.0.0/16',
      availabilityZones: ['us-east-1a'],
    });
    const faulty = await motoEc2Client({ region: REGION });
    let failRule = true;
    // The rule call fails once, before it reaches moto, as a dropped
    // connection or a 500 would.
    faulty.middlewareStack.add(
      (next, ctx) => async args => {
        if (
          failRule &&
          ctx.commandName === 'AuthorizeSecurityGroupIngressCommand'
        ) {
          failRule = false;
          throw new Error('connection reset while adding the 443 rule');
        }
        return next(args);
      },
      { step: 'initialize', name: 'failFirstIngressRule' },
    );
    const request = { vpcId: faultVpc, region: REGION };

    await expect(
      applyPlan(faulty, await planEndpoint(faulty, request)),
    ).rejects.toThrow('connection reset while adding the 443 rule');
    const rerun = await planEndpoint(faulty, request);
    const result = await applyPlan(faulty, rerun);

    // DNS hostnames were turned on by the first run.
    expect(rerun.changes.map(c => c.kind)).toEqual([
      'authorizeIngress',
      'createEndpoint',
    ]);
    const groups = (
      await client.send(
        new DescribeSecurityGroupsCommand({
          Filters: [
            { Name: 'vpc-id', Values: [faultVpc] },
            { Name: 'tag:eks-privatelink:managed-by', Values: ['backstage'] },
          ],
        }),
      )
    ).SecurityGroups!;
    expect(groups).toHaveLength(1);
    expect(groups[0].IpPermissions).toEqual([
      expect.objectContaining({
        FromPort: 443,
        ToPort: 443,
        IpRanges: [expect.objectContaining({ CidrIp: '10.62.0.0/16' })],
      }),
    ]);
    const endpoints = await findVpcEksEndpoints(
      client,
      faultVpc,
      `com.amazonaws.${REGION}.eks`,
    );
    expect(endpoints).toHaveLength(1);
    expect(result.endpoint?.securityGroupIds).toEqual([groups[0].GroupId]);
  });
});
