import {
  CreateSecurityGroupCommand,
  DescribeFlowLogsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  createVpcWithSubnets,
  describeIfMoto,
  motoEc2Client,
} from '../testUtils';
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
    const flowLogs = await client.send(
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
});
