import {
  CreateSecurityGroupCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  createVpcWithSubnets,
  describeIfMoto,
  motoEc2Client,
} from '../testUtils';
import { applyPlan } from './applyPlan';
import { planEndpoint } from './planEndpoint';
import type { EndpointRequest } from './types';

const REGION = 'us-east-1';

const ACCOUNT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } },
    },
  ],
});

// moto 5.2 stores what ModifyVpcEndpoint sends for subnets, security groups
// and PolicyDocument, and honours CreateTags / DeleteTags; it ignores
// PrivateDnsEnabled, IpAddressType and ResetPolicy, so those are covered by
// the aws-sdk-client-mock tests only.
describeIfMoto('update in place against moto', () => {
  let client: EC2Client;
  let vpcId: string;
  let subnets: string[];
  let callers: string;

  async function endpointOf(id: string): Promise<VpcEndpoint> {
    const { VpcEndpoints = [] } = await client.send(
      new DescribeVpcEndpointsCommand({ VpcEndpointIds: [id] }),
    );
    return VpcEndpoints[0];
  }

  const request = (extra: Partial<EndpointRequest>): EndpointRequest => ({
    vpcId,
    region: REGION,
    ...extra,
  });

  beforeAll(async () => {
    client = await motoEc2Client({ region: REGION });
    ({ vpcId, subnetIds: subnets } = await createVpcWithSubnets(client, {
      cidrBlock: '10.63.0.0/16',
      availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    }));
    callers = (
      await client.send(
        new CreateSecurityGroupCommand({
          VpcId: vpcId,
          GroupName: 'eks-api-callers',
          Description: 'callers of the EKS API',
        }),
      )
    ).GroupId!;
  });

  it('moves the endpoint to other subnets and groups, sets its policy and its tags, and keeps its id', async () => {
    const created = await applyPlan(
      client,
      await planEndpoint(
        client,
        request({
          subnetIds: [subnets[0], subnets[1]],
          tags: { team: 'net', owner: 'alice' },
        }),
      ),
    );
    const id = created.endpoint!.vpcEndpointId;
    const managedGroup = created.securityGroupId!;

    const plan = await planEndpoint(
      client,
      request({
        onExisting: 'update',
        subnetIds: [subnets[1], subnets[2]],
        securityGroupIds: [callers],
        createSecurityGroup: false,
        policyDocument: ACCOUNT_POLICY,
        tags: { team: 'platform' },
      }),
    );
    expect(plan.action).toBe('update');
    expect(plan.diff.map(row => row.field)).toEqual([
      'subnetIds',
      'securityGroupIds',
      'policyDocument',
      'tags.team',
      'tags.owner',
    ]);
    const updated = await applyPlan(client, plan);

    expect(updated.created).toBe(false);
    expect(updated.endpoint?.vpcEndpointId).toBe(id);
    const stored = await endpointOf(id);
    expect([...stored.SubnetIds!].sort()).toEqual(
      [subnets[1], subnets[2]].sort(),
    );
    expect(stored.Groups?.map(g => g.GroupId)).toEqual([callers]);
    expect(stored.Groups?.map(g => g.GroupId)).not.toContain(managedGroup);
    expect(JSON.parse(stored.PolicyDocument!)).toEqual(
      JSON.parse(ACCOUNT_POLICY),
    );
    const tags = Object.fromEntries(
      (stored.Tags ?? []).map(t => [t.Key, t.Value]),
    );
    expect(tags).toEqual({
      Name: `eks-api-${vpcId}`,
      'eks-privatelink:managed-by': 'backstage',
      team: 'platform',
    });
  });

  it('a dry run of an update leaves the endpoint as it was, although moto ignores DryRun on ModifyVpcEndpoint', async () => {
    const [found] = (
      await client.send(
        new DescribeVpcEndpointsCommand({
          Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
        }),
      )
    ).VpcEndpoints!;
    const before = await endpointOf(found.VpcEndpointId!);

    const result = await applyPlan(
      client,
      await planEndpoint(
        client,
        request({
          onExisting: 'update',
          subnetIds: [subnets[0]],
          securityGroupIds: [callers],
          createSecurityGroup: false,
          policyDocument: ACCOUNT_POLICY,
          tags: {},
        }),
      ),
      { dryRun: true },
    );

    expect(result.steps.map(s => [s.kind, s.outcome])).toEqual([
      ['modifyEndpoint', 'permitted'],
    ]);
    const after = await endpointOf(found.VpcEndpointId!);
    expect([...after.SubnetIds!].sort()).toEqual([...before.SubnetIds!].sort());
    expect(after.Tags).toEqual(before.Tags);
  });
});
