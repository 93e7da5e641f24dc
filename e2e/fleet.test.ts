// The fleet page and a VPC with both endpoints, as a platform engineer meets
// them in headless Chromium against moto: filter the fleet to VPCs without
// an endpoint and follow "Create endpoint" into the template; give a VPC the
// EKS API and EKS Pod Identity endpoints, change one behind the portal's
// back, and find the drift on its card and in the owner's notifications.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateSecurityGroupCommand,
  ModifyVpcEndpointCommand,
} from '@aws-sdk/client-ec2';
import type { Browser, Page } from 'playwright-core';
import { launch, screenshot, signedInPage } from './browser.ts';
import {
  api,
  baseUrl,
  createVpc,
  ec2,
  eksEndpoints,
  exampleVpcId,
  guestToken,
  portalReady,
  onboardOwnVpc,
  runTemplate,
  waitFor,
} from './lib.ts';

let browser: Browser;
let page: Page;

before(async () => {
  await portalReady();
  browser = await launch();
  page = await signedInPage(browser);
});
afterEach(async t => {
  await screenshot(page, `last-${t.name.replace(/\W+/g, '-').slice(0, 60)}`);
});
after(async () => {
  await browser?.close();
});

type RecordBody = {
  endpoints: Array<{
    vpcEndpointId: string;
    serviceName?: string;
    state: string;
    drift?: Array<{ field: string; message: string }>;
  }>;
};

test('the fleet page: filter to VPCs without an endpoint, then Create endpoint opens the template with the VPC filled in', async () => {
  const token = await guestToken();
  const withEndpoint = await exampleVpcId(token, 'build-runners-use1');
  const without = await exampleVpcId(token, 'shared-services-usw2');
  const otherTeams = await exampleVpcId(token, 'payments-use1');

  const table = page.getByRole('table', {
    name: 'VPC entities and their EKS endpoints',
  });
  const row = (vpcId: string) => table.locator('tr').filter({ hasText: vpcId });

  // The sync tracks the example VPCs within its first run.
  await waitFor(
    'the example VPCs on the fleet page',
    async () => {
      await page.goto(`${baseUrl}/eks-privatelink`);
      await table.waitFor({ timeout: 15_000 }).catch(() => undefined);
      return (await row(without).count()) > 0 &&
        (await row(withEndpoint).count()) > 0
        ? true
        : undefined;
    },
    120_000,
  );
  assert.match(
    await page.getByLabel('Totals').innerText(),
    /\d+ VPCs? · \d+ covered · \d+ partly covered · .+ a month/,
  );

  await page.getByLabel('Coverage').selectOption({ label: 'No endpoint' });
  await page.waitForURL(/coverage=none/);
  await row(withEndpoint).waitFor({ state: 'detached' });
  await row(without).waitFor();
  await row(otherTeams).waitFor();
  await screenshot(page, '14-fleet-no-endpoint');

  // Only a VPC the guest may change offers the link: payments-use1 belongs
  // to payments-team.
  const create = row(without).getByRole('link', { name: /^Create endpoint/ });
  await create.waitFor();
  assert.equal(
    await row(otherTeams)
      .getByRole('link', { name: /^Create endpoint/ })
      .count(),
    0,
  );

  await create.click();
  await page.waitForURL(
    /\/create\/templates\/default\/eks-privatelink-endpoint/,
  );
  // The row had neither endpoint: the form comes with both chosen.
  assert.match(decodeURIComponent(page.url()), /"services":"both"/);
  // The entity picker holds the VPC the row named.
  const chosen = await waitFor('the VPC in the form', async () => {
    const values = await page
      .locator('input')
      .evaluateAll(inputs =>
        inputs.map(input => (input as HTMLInputElement).value),
      );
    return values.find(v => /shared-services-usw2|Shared services/i.test(v));
  });
  assert.ok(chosen);
  await screenshot(page, '15-fleet-create-prefilled');
});

test('a VPC with both endpoints: one changed outside the portal shows its drift on the card and notifies the owner', async () => {
  const token = await guestToken();
  const { vpcId } = await createVpc('e2e-fleet', '10.84', ['a', 'b']);
  const name = 'e2e-fleet-vpc';
  const entityRef = `resource:default/${name}`;

  await onboardOwnVpc(token, vpcId, name, { privateDnsEnabled: true });
  const podIdentity = await runTemplate(token, 'eks-privatelink-endpoint', {
    vpc: entityRef,
    services: 'eks-auth',
    privateDnsEnabled: true,
    manageVpcDns: true,
    policyPreset: 'full-access',
  });
  assert.equal(podIdentity.status, 'completed', podIdentity.log);

  const endpoints = await eksEndpoints(vpcId);
  const api_ = endpoints.find(e => e.ServiceName?.endsWith('.eks'));
  assert.ok(api_?.VpcEndpointId, 'the EKS API endpoint exists');

  // Someone adds a security group to the EKS API endpoint by hand.
  const { GroupId: extra } = await ec2.send(
    new CreateSecurityGroupCommand({
      VpcId: vpcId,
      GroupName: 'e2e-fleet-by-hand',
      Description: 'added outside the portal',
    }),
  );
  assert.ok(extra);
  await ec2.send(
    new ModifyVpcEndpointCommand({
      VpcEndpointId: api_.VpcEndpointId,
      AddSecurityGroupIds: [extra],
    }),
  );

  // The owner's Refresh (or the scheduled sync, every 30 s here) sees it.
  const record = await waitFor(
    'the drift in the inventory',
    async () => {
      const { body } = await api<RecordBody>(
        token,
        `/api/eks-privatelink/inventory/resource/default/${name}/refresh`,
        { method: 'POST' },
      );
      const drifted = body.endpoints?.find(e =>
        e.drift?.some(d => d.field === 'securityGroups'),
      );
      return drifted ? body : undefined;
    },
    120_000,
  );
  const services = record.endpoints
    .filter(e => e.state === 'available')
    .map(e => e.serviceName?.split('.').pop())
    .sort();
  assert.deepEqual(services, ['eks', 'eks-auth']);

  await page.goto(`${baseUrl}/catalog/default/resource/${name}`);
  const apiSection = page.locator(
    `section[aria-label="EKS API endpoint ${api_.VpcEndpointId}"]`,
  );
  await apiSection.waitFor();
  await page
    .locator('section[aria-label^="EKS Pod Identity"]')
    .first()
    .waitFor();
  await apiSection.getByText(extra).first().waitFor();
  await apiSection.getByText('Update to match', { exact: true }).waitFor();
  await apiSection.scrollIntoViewIfNeeded();
  await screenshot(page, '16-card-both-services-drift');

  // The owner (platform-networking, of which the guest is a member) is told
  // once.
  const notices = await waitFor(
    'the drift notification',
    async () => {
      const { body } = await api<{
        notifications: Array<{ payload: { title: string; link?: string } }>;
      }>(token, '/api/notifications/notifications?limit=50');
      const mine = body.notifications.filter(n =>
        n.payload.title.includes(vpcId),
      );
      return mine.length > 0 ? mine : undefined;
    },
    90_000,
  );
  assert.equal(notices.length, 1, JSON.stringify(notices));
  assert.match(notices[0].payload.title, /differs from what the portal set up/);
  assert.match(notices[0].payload.link ?? '', new RegExp(`/${name}$`));

  const removed = await runTemplate(token, 'eks-privatelink-endpoint-delete', {
    vpc: entityRef,
    services: 'both',
    confirm: true,
  });
  assert.equal(removed.status, 'completed', removed.log);
  const offboarded = await runTemplate(token, 'offboard-vpc', {
    vpc: entityRef,
    confirm: true,
  });
  assert.equal(offboarded.status, 'completed', offboarded.log);
});
