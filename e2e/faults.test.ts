// Faults through the real scaffolder against moto: what a crashed run leaves
// behind is finished by the next run, and delete touches only what the
// portal made.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import {
  createVpc,
  ec2,
  eksEndpoints,
  guestToken,
  portalReady,
  region,
  runTemplate,
} from './lib.ts';

before(portalReady);

/** The VPC the first test onboards; the second one works in it too. */
let crashVpc: string;

async function managedGroups(vpcId: string) {
  const { SecurityGroups = [] } = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'tag:eks-privatelink:managed-by', Values: ['backstage'] },
      ],
    }),
  );
  return SecurityGroups;
}

test('a run that died after making the security group is finished by the next run: one group with its 443 rule, one endpoint', async () => {
  const token = await guestToken();
  const { vpcId } = await createVpc('e2e-crash', '10.74');
  crashVpc = vpcId;
  // What the crashed run left: the managed group, made and tagged, without
  // its rule (the process died before AuthorizeSecurityGroupIngress).
  await ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: vpcId,
      GroupName: `eks-privatelink-endpoint-${vpcId}`,
      Description: 'left by a crashed run',
      TagSpecifications: [
        {
          ResourceType: 'security-group',
          Tags: [
            { Key: 'eks-privatelink:managed-by', Value: 'backstage' },
            { Key: 'eks-privatelink:vpc-endpoint-for', Value: vpcId },
          ],
        },
      ],
    }),
  );

  const run = await runTemplate(token, 'onboard-vpc', {
    vpcId,
    region,
    name: 'e2e-crash-vpc',
    owner: 'group:default/platform-networking',
  });

  assert.equal(run.status, 'completed', run.log);
  const groups = await managedGroups(vpcId);
  assert.equal(groups.length, 1, 'the leftover group is adopted, not doubled');
  const https = (groups[0].IpPermissions ?? []).filter(
    p => p.IpProtocol === 'tcp' && p.FromPort === 443 && p.ToPort === 443,
  );
  assert.deepEqual(
    https.flatMap(p => (p.IpRanges ?? []).map(r => r.CidrIp)),
    ['10.74.0.0/16'],
  );
  const endpoints = await eksEndpoints(vpcId);
  assert.equal(endpoints.length, 1);
  assert.deepEqual(
    endpoints[0].Groups?.map(g => g.GroupId),
    [groups[0].GroupId],
  );
});

test('delete removes the endpoint the portal made and leaves one another tool made', async () => {
  const token = await guestToken();
  const vpc = 'resource:default/e2e-crash-vpc';
  assert.ok(crashVpc, 'the first test onboarded the VPC');
  const [managed] = await eksEndpoints(crashVpc);
  const { VpcEndpoint: foreign } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: crashVpc,
      ServiceName: `com.amazonaws.${region}.eks`,
      VpcEndpointType: 'Interface',
      PrivateDnsEnabled: false,
      TagSpecifications: [
        {
          ResourceType: 'vpc-endpoint',
          Tags: [{ Key: 'managed-by', Value: 'terraform' }],
        },
      ],
    }),
  );
  try {
    const removed = await runTemplate(
      token,
      'eks-privatelink-endpoint-delete',
      {
        vpc,
        confirm: true,
      },
    );

    assert.equal(removed.status, 'completed', removed.log);
    assert.deepEqual(removed.output.vpcEndpointId, managed.VpcEndpointId);
    const left = await eksEndpoints(crashVpc);
    assert.deepEqual(
      left.map(e => e.VpcEndpointId),
      [foreign!.VpcEndpointId],
    );
    assert.match(removed.log, new RegExp(foreign!.VpcEndpointId!));
  } finally {
    await ec2.send(
      new DeleteVpcEndpointsCommand({
        VpcEndpointIds: [foreign!.VpcEndpointId!],
      }),
    );
  }
});
