// Who may change which VPC, tried through the real scaffolder REST API and
// the real permission backend with the local portal's policy, against moto.
// The guest owns build-runners-use1 and shared-services-usw2 (through
// platform-networking) and not payments-use1 (payments-team): each attack
// below is the guest going after a VPC it doesn't own, or around the rules.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateVpcEndpointCommand,
  DeleteVpcEndpointsCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import {
  api,
  createVpc,
  dnsAttribute,
  dryRun,
  ec2,
  eksEndpoints,
  exampleVpcId,
  guestToken,
  portalReady,
  region,
  runTemplate,
  waitFor,
} from './lib.ts';

const PAYMENTS = 'resource:default/payments-use1';
let token: string;
let paymentsVpc: string;

before(async () => {
  await portalReady();
  token = await guestToken();
  paymentsVpc = await exampleVpcId(token, 'payments-use1');
});

/** What an attack must leave as it was in moto. */
async function vpcState(vpcId: string, where = region) {
  const groups = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
    }),
  );
  return {
    endpoints: (await eksEndpoints(vpcId, where)).map(e => e.VpcEndpointId),
    dnsSupport: await dnsAttribute(vpcId, 'enableDnsSupport', where),
    dnsHostnames: await dnsAttribute(vpcId, 'enableDnsHostnames', where),
    securityGroups:
      where === region
        ? (groups.SecurityGroups ?? []).map(g => g.GroupId).sort()
        : [],
  };
}

test("another team's VPC: create, update, dry run and delete are refused and nothing changes", async () => {
  const untouched = await vpcState(paymentsVpc);
  assert.deepEqual(untouched.endpoints, []);

  for (const onExisting of ['reuse', 'update']) {
    const run = await runTemplate(token, 'eks-privatelink-endpoint', {
      vpc: PAYMENTS,
      createSecurityGroup: true,
      privateDnsEnabled: true,
      manageVpcDns: true,
      onExisting,
    });
    assert.equal(run.status, 'failed', run.log);
    assert.match(run.log, /eks-privatelink\.endpoint\.create was denied/);
    assert.match(run.log, /resource:default\/payments-use1/);
  }

  const dry = await dryRun(token, 'eks-privatelink-endpoint', {
    vpc: PAYMENTS,
    createSecurityGroup: true,
  });
  assert.notEqual(dry.status, 200);
  assert.match(
    dry.body.error?.message ?? '',
    /eks-privatelink\.endpoint\.create/,
  );

  const byId = await runTemplate(token, 'e2e-raw-vpc-id', {
    vpcId: paymentsVpc,
    region,
  });
  assert.equal(byId.status, 'failed', byId.log);
  assert.match(byId.log, /eks-privatelink\.endpoint\.create was denied/);

  assert.deepEqual(await vpcState(paymentsVpc), untouched);

  // The team makes its endpoint some other way; the guest tries to delete it.
  const { VpcEndpoint } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: paymentsVpc,
      ServiceName: `com.amazonaws.${region}.eks`,
      VpcEndpointType: 'Interface',
    }),
  );
  try {
    const withEndpoint = await vpcState(paymentsVpc);
    const removed = await runTemplate(
      token,
      'eks-privatelink-endpoint-delete',
      { vpc: PAYMENTS, confirm: true },
    );
    assert.equal(removed.status, 'failed', removed.log);
    assert.match(removed.log, /eks-privatelink\.endpoint\.delete was denied/);
    const removedById = await runTemplate(token, 'e2e-raw-vpc-id', {
      vpcId: paymentsVpc,
      region,
      remove: true,
    });
    assert.equal(removedById.status, 'failed', removedById.log);
    assert.match(removedById.log, /eks-privatelink\.endpoint\.delete/);
    assert.deepEqual(await vpcState(paymentsVpc), withEndpoint);
  } finally {
    await ec2.send(
      new DeleteVpcEndpointsCommand({
        VpcEndpointIds: [VpcEndpoint!.VpcEndpointId!],
      }),
    );
  }
});

test('a raw vpcId that no entity names is refused: onboard it first', async () => {
  const { vpcId } = await createVpc('e2e-unnamed', '10.71');
  const before = await vpcState(vpcId);

  const run = await runTemplate(token, 'e2e-raw-vpc-id', { vpcId, region });

  assert.equal(run.status, 'failed', run.log);
  assert.match(run.log, /Onboard it first/);
  assert.match(run.log, /template:default\/onboard-vpc/);
  assert.deepEqual(await vpcState(vpcId), before);
});

test('onboarding for an owner that is not the user, or a VPC already in the catalog, is refused', async () => {
  const { vpcId } = await createVpc('e2e-not-mine', '10.72');
  const forOthers = await runTemplate(token, 'onboard-vpc', {
    vpcId,
    region,
    name: 'e2e-not-mine',
    owner: 'group:default/payments-team',
  });
  assert.equal(forOthers.status, 'failed', forOthers.log);
  assert.match(forOthers.log, /owner: group:default\/payments-team/);

  const again = await runTemplate(token, 'onboard-vpc', {
    vpcId: paymentsVpc,
    region,
    name: 'e2e-my-payments',
    owner: 'group:default/platform-networking',
  });
  assert.equal(again.status, 'failed', again.log);
  assert.match(
    again.log,
    /already in the catalog as resource:default\/payments-use1/,
  );

  for (const name of ['e2e-not-mine', 'e2e-my-payments']) {
    const res = await api(
      token,
      `/api/catalog/entities/by-name/resource/default/${name}`,
    );
    assert.equal(res.status, 404, `${name} must not be in the catalog`);
  }
  assert.deepEqual((await eksEndpoints(vpcId)).length, 0);
});

test('two onboardings of one VPC at the same moment leave one entity and one endpoint', async () => {
  const { vpcId } = await createVpc('e2e-race', '10.73');
  const names = ['e2e-race-a', 'e2e-race-b'];

  const runs = await Promise.all(
    names.map(name =>
      runTemplate(token, 'onboard-vpc', {
        vpcId,
        region,
        name,
        owner: 'group:default/platform-networking',
      }),
    ),
  );

  const statuses = runs.map(r => r.status).sort();
  assert.deepEqual(
    statuses,
    ['completed', 'failed'],
    runs.map(r => r.log).join('\n---\n'),
  );
  const winner = names[runs.findIndex(r => r.status === 'completed')];
  await waitFor(`${winner} in the catalog`, async () =>
    (
      await api(
        token,
        `/api/catalog/entities/by-name/resource/default/${winner}`,
      )
    ).status === 200
      ? true
      : undefined,
  );
  // Past a refresh of the catalog module, the loser never shows up.
  await new Promise(r => setTimeout(r, 5_000));
  const present = [];
  for (const name of names) {
    const res = await api(
      token,
      `/api/catalog/entities/by-name/resource/default/${name}`,
    );
    if (res.status === 200) present.push(name);
  }
  assert.deepEqual(present, [winner]);
  assert.equal((await eksEndpoints(vpcId)).length, 1);
});

test("the owner's own VPC: a flow-log destination in another account is refused before any change, then create and delete work", async () => {
  const where = 'us-west-2';
  const vpcId = await exampleVpcId(token, 'shared-services-usw2');
  const before = await vpcState(vpcId, where);
  const values = {
    vpc: 'resource:default/shared-services-usw2',
    createSecurityGroup: true,
    privateDnsEnabled: true,
    manageVpcDns: true,
    onExisting: 'reuse',
  };

  const exfil = await runTemplate(token, 'eks-privatelink-endpoint', {
    ...values,
    enableFlowLogs: true,
    flowLogs: {
      destinationType: 'cloud-watch-logs',
      destination: 'arn:aws:logs:us-west-2:999999999999:log-group:exfil',
      deliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow-logs',
      trafficType: 'ALL',
    },
  });
  assert.equal(exfil.status, 'failed', exfil.log);
  assert.match(exfil.log, /999999999999/);
  assert.match(exfil.log, /eksPrivateLink\.flowLogs\.allowedDestinations/);
  assert.deepEqual(await vpcState(vpcId, where), before);

  const created = await runTemplate(token, 'eks-privatelink-endpoint', values);
  assert.equal(created.status, 'completed', created.log);
  assert.equal((await eksEndpoints(vpcId, where)).length, 1);

  const removed = await runTemplate(token, 'eks-privatelink-endpoint-delete', {
    vpc: values.vpc,
    confirm: true,
  });
  assert.equal(removed.status, 'completed', removed.log);
  assert.equal((await eksEndpoints(vpcId, where)).length, 0);
});

test('routes: a signed-in user may not aim /sync/vpc, and may refresh only what they own', async () => {
  const sync = await api(token, '/api/eks-privatelink/sync/vpc', {
    method: 'POST',
    body: { vpcId: paymentsVpc, region },
  });
  assert.equal(sync.status, 403);

  const own = await api(
    token,
    '/api/eks-privatelink/inventory/resource/default/build-runners-use1/refresh',
    { method: 'POST' },
  );
  assert.equal(own.status, 200);
  const others = await api<{ error: { message: string } }>(
    token,
    '/api/eks-privatelink/inventory/resource/default/payments-use1/refresh',
    { method: 'POST' },
  );
  assert.equal(others.status, 403);
  assert.match(
    others.body.error.message,
    /eks-privatelink\.inventory\.refresh/,
  );

  const hidden = await api(
    token,
    '/api/eks-privatelink/inventory/resource/default/no-such-vpc/refresh',
    { method: 'POST' },
  );
  assert.equal(hidden.status, 404);
});
