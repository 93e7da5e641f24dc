// Provisioning through the real scaffolder REST API of the local backend,
// against moto: onboard a new VPC (which also creates its EKS endpoint), run
// the endpoint template again, read the inventory, then delete.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api,
  createVpc,
  dnsAttribute,
  eksEndpoints,
  guestToken,
  portalReady,
  region,
  runTemplate,
  waitFor,
} from './lib.ts';

const serviceName = `com.amazonaws.${region}.eks`;

before(portalReady);

test('onboard, create again, inventory, delete and offboard through the scaffolder API', async () => {
  const token = await guestToken();
  const { vpcId, subnetIds } = await createVpc('e2e-api', '10.61');
  const entityRef = 'resource:default/e2e-api-vpc';

  // New VPCs have enableDnsHostnames off: the action must turn it on.
  assert.equal(await dnsAttribute(vpcId, 'enableDnsHostnames'), false);

  const onboard = await runTemplate(token, 'onboard-vpc', {
    vpcId,
    region,
    name: 'e2e-api-vpc',
    title: 'E2E API VPC',
    owner: 'group:default/platform-networking',
    privateDnsEnabled: true,
    manageVpcDns: true,
  });
  assert.equal(onboard.status, 'completed', onboard.log);

  const [endpoint] = await eksEndpoints(vpcId);
  assert.ok(endpoint, 'an EKS endpoint exists in the VPC');
  assert.equal(endpoint.VpcEndpointType, 'Interface');
  assert.equal(endpoint.ServiceName, serviceName);
  assert.deepEqual(
    [...(endpoint.SubnetIds ?? [])].sort(),
    [...subnetIds].sort(),
  );
  assert.equal(endpoint.Groups?.length, 1, 'one security group, made for it');
  assert.equal(endpoint.PrivateDnsEnabled, true);
  assert.equal(await dnsAttribute(vpcId, 'enableDnsSupport'), true);
  assert.equal(await dnsAttribute(vpcId, 'enableDnsHostnames'), true);

  // The onboarded VPC is now a catalog entity, so the endpoint template can
  // pick it; a second run must adopt the endpoint, not create another.
  await waitFor('the onboarded VPC in the catalog', async () => {
    const res = await api(
      token,
      `/api/catalog/entities/by-name/resource/default/e2e-api-vpc`,
    );
    return res.status === 200 ? true : undefined;
  });
  const again = await runTemplate(token, 'eks-privatelink-endpoint', {
    vpc: entityRef,
    createSecurityGroup: true,
    privateDnsEnabled: true,
    manageVpcDns: true,
    onExisting: 'reuse',
  });
  assert.equal(again.status, 'completed', again.log);
  assert.equal(again.output.created, false);
  assert.equal(again.output.vpcEndpointId, endpoint.VpcEndpointId);
  assert.equal((await eksEndpoints(vpcId)).length, 1);

  const inventory = await api<{
    endpoints: { vpcEndpointId: string; state: string }[];
    vpc: { dnsSupport: boolean; dnsHostnames: boolean };
  }>(token, `/api/eks-privatelink/inventory/resource/default/e2e-api-vpc`);
  assert.equal(inventory.status, 200);
  const live = inventory.body.endpoints.find(
    e => e.vpcEndpointId === endpoint.VpcEndpointId,
  );
  assert.equal(live?.state, 'available');
  assert.equal(inventory.body.vpc.dnsSupport, true);
  assert.equal(inventory.body.vpc.dnsHostnames, true);

  // The portal still manages the endpoint: the VPC can't leave the catalog.
  const early = await runTemplate(token, 'offboard-vpc', {
    vpc: entityRef,
    confirm: true,
  });
  assert.equal(early.status, 'failed', early.log);
  assert.match(early.log, /still manages/);

  const removed = await runTemplate(token, 'eks-privatelink-endpoint-delete', {
    vpc: entityRef,
    confirm: true,
  });
  assert.equal(removed.status, 'completed', removed.log);
  assert.equal((await eksEndpoints(vpcId)).length, 0);

  const offboarded = await runTemplate(token, 'offboard-vpc', {
    vpc: entityRef,
    confirm: true,
  });
  assert.equal(offboarded.status, 'completed', offboarded.log);
  const gone = await api(
    token,
    `/api/catalog/entities/by-name/resource/default/e2e-api-vpc`,
  );
  assert.equal(gone.status, 404);
});

test('every inventory route but /health wants a signed-in caller', async () => {
  const health = await fetch(
    `${process.env.E2E_BASE_URL}/api/eks-privatelink/health`,
  );
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });
  const anonymous = await fetch(
    `${process.env.E2E_BASE_URL}/api/eks-privatelink/inventory/resource/default/build-runners-use1`,
  );
  assert.equal(anonymous.status, 401);
});
