// Callers outside the VPC through the real scaffolder REST API against moto:
// a VPC is onboarded (which makes its endpoint), the endpoint is deleted,
// then the endpoint template creates it again with allowedSources — a CIDR,
// an IPv6 CIDR, a managed prefix list and a security group — and the managed
// group's rules are read back from moto. A run with a malformed source is
// refused by name before any change.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateManagedPrefixListCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
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

test('the endpoint template creates the managed group with allowedSources, as moto reads them back', async () => {
  const token = await guestToken();
  const { vpcId } = await createVpc('e2e-sources', '10.91');
  const name = 'e2e-sources-vpc';
  const entityRef = `resource:default/${name}`;

  await onboardOwnVpc(token, vpcId, name, { privateDnsEnabled: false });
  const removed = await runTemplate(token, 'eks-privatelink-endpoint-delete', {
    vpc: entityRef,
    confirm: true,
  });
  assert.equal(removed.status, 'completed', removed.log);
  assert.equal((await eksEndpoints(vpcId)).length, 0);

  const { PrefixList } = await ec2.send(
    new CreateManagedPrefixListCommand({
      PrefixListName: 'e2e-on-premises',
      AddressFamily: 'IPv4',
      MaxEntries: 5,
      Entries: [{ Cidr: '172.16.0.0/12' }],
    }),
  );
  const prefixListId = PrefixList?.PrefixListId;
  assert.ok(prefixListId);
  const { GroupId: peerGroupId } = await ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: vpcId,
      GroupName: 'e2e-sources-runners',
      Description: 'callers in a peered network',
    }),
  );
  assert.ok(peerGroupId);

  const refused = await runTemplate(token, 'eks-privatelink-endpoint', {
    vpc: entityRef,
    createSecurityGroup: true,
    privateDnsEnabled: false,
    allowedSources: ['192.168.0.0/16', '10.1.2.3/16'],
  });
  assert.equal(refused.status, 'failed', refused.log);
  assert.match(
    refused.log,
    /allowedSources\[1\] '10\.1\.2\.3\/16' has host bits set.*write 10\.1\.0\.0\/16/,
  );
  assert.equal((await eksEndpoints(vpcId)).length, 0, 'nothing was made');

  const created = await runTemplate(token, 'eks-privatelink-endpoint', {
    vpc: entityRef,
    createSecurityGroup: true,
    privateDnsEnabled: false,
    allowedSources: [
      '192.168.0.0/16',
      '2600:1f14:abc::/56',
      prefixListId,
      peerGroupId,
    ],
  });
  assert.equal(created.status, 'completed', created.log);
  assert.equal(created.output.created, true);

  const [endpoint] = await eksEndpoints(vpcId);
  const groupId = endpoint?.Groups?.[0]?.GroupId;
  assert.ok(groupId, 'the new endpoint has the managed group');
  const { SecurityGroups = [] } = await ec2.send(
    new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }),
  );
  const https = (SecurityGroups[0]?.IpPermissions ?? []).filter(
    p => p.FromPort === 443 && p.ToPort === 443,
  );
  assert.deepEqual(
    https.flatMap(p => (p.IpRanges ?? []).map(r => r.CidrIp)).sort(),
    ['10.91.0.0/16', '192.168.0.0/16'],
  );
  assert.deepEqual(
    https.flatMap(p => (p.Ipv6Ranges ?? []).map(r => r.CidrIpv6)),
    ['2600:1f14:abc::/56'],
  );
  assert.deepEqual(
    https.flatMap(p => (p.PrefixListIds ?? []).map(r => r.PrefixListId)),
    [prefixListId],
  );
  assert.deepEqual(
    https.flatMap(p => (p.UserIdGroupPairs ?? []).map(r => r.GroupId)),
    [peerGroupId],
  );

  const cleanup = await runTemplate(token, 'eks-privatelink-endpoint-delete', {
    vpc: entityRef,
    confirm: true,
  });
  assert.equal(cleanup.status, 'completed', cleanup.log);
});
