// Update in place through the real scaffolder REST API against moto: a VPC
// is onboarded with its endpoint, then the endpoint template runs with
// onExisting: update and other subnets and security groups. The endpoint
// keeps its id; moto stores the new subnets and groups.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import {
  createVpc,
  ec2,
  eksEndpoints,
  guestToken,
  portalReady,
  onboardOwnVpc,
  runTemplate,
} from './lib.ts';

before(portalReady);

test('onExisting: update moves the endpoint to other subnets and security groups in place, keeping its id', async () => {
  const token = await guestToken();
  const { vpcId, subnetIds } = await createVpc('e2e-update', '10.81', [
    'a',
    'b',
    'c',
  ]);
  const name = 'e2e-update-vpc';
  const entityRef = `resource:default/${name}`;

  await onboardOwnVpc(token, vpcId, name, { privateDnsEnabled: true });
  const [created] = await eksEndpoints(vpcId);
  assert.ok(created?.VpcEndpointId, 'onboarding made the EKS endpoint');
  const managedGroup = created.Groups?.[0]?.GroupId;
  assert.ok(managedGroup, 'the endpoint has the group the portal made');

  const { GroupId: callers } = await ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: vpcId,
      GroupName: 'e2e-update-callers',
      Description: 'callers of the EKS API',
    }),
  );
  assert.ok(callers);
  const wanted = [subnetIds[0], subnetIds[2]];

  const updated = await runTemplate(token, 'eks-privatelink-endpoint', {
    vpc: entityRef,
    subnetIds: wanted,
    createSecurityGroup: false,
    securityGroupIds: [callers],
    privateDnsEnabled: true,
    manageVpcDns: true,
    policyPreset: 'full-access',
    onExisting: 'update',
  });

  assert.equal(updated.status, 'completed', updated.log);
  assert.equal(updated.output.created, false);
  assert.equal(updated.output.vpcEndpointId, created.VpcEndpointId);
  const endpoints = await eksEndpoints(vpcId);
  assert.equal(endpoints.length, 1, 'no second endpoint');
  const [after] = endpoints;
  assert.equal(after.VpcEndpointId, created.VpcEndpointId);
  assert.deepEqual([...(after.SubnetIds ?? [])].sort(), [...wanted].sort());
  assert.deepEqual(
    after.Groups?.map(g => g.GroupId),
    [callers],
  );
  // The plan's diff is in the task log, before → after per field.
  assert.match(
    updated.log,
    new RegExp(`securityGroupIds: ${managedGroup} → ${callers}`),
  );
  assert.match(updated.log, /subnetIds: .+ → .+/);

  const removed = await runTemplate(token, 'eks-privatelink-endpoint-delete', {
    vpc: entityRef,
    confirm: true,
  });
  assert.equal(removed.status, 'completed', removed.log);
  const offboarded = await runTemplate(token, 'offboard-vpc', {
    vpc: entityRef,
    confirm: true,
  });
  assert.equal(offboarded.status, 'completed', offboarded.log);
});
