// The portal in headless Chromium, as a new user meets it: sign in as guest,
// find the example VPCs in the catalog, onboard a VPC that exists only in
// AWS (moto) through the template form, read its card, refresh, delete.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { launch, screenshot, signedInPage } from './browser.ts';
import {
  baseUrl,
  createVpc,
  exampleVpcId,
  guestToken,
  portalReady,
  runTemplate,
} from './lib.ts';

let browser: Browser;
let page: Page;

before(async () => {
  await portalReady();
  browser = await launch();
  page = await signedInPage(browser);
});
// The page as each test left it, pass or fail, for whoever reads the log.
afterEach(async t => {
  await screenshot(page, `last-${t.name.replace(/\W+/g, '-').slice(0, 60)}`);
});
after(async () => {
  await browser?.close();
});

function card(p: Page) {
  return p
    .locator('.MuiCard-root')
    .filter({ hasText: 'EKS PrivateLink' })
    .first();
}

/**
 * Goes to the form's next step and waits for `shown`, a field of that step.
 * A click that lands while the step still checks its fields (the subnet
 * field asks the backend) may be dropped, so it is repeated until the step
 * opens.
 */
async function nextStep(p: Page, shown: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await p.getByRole('button', { name: 'Next' }).click();
    try {
      await shown.waitFor({ timeout: 15_000 });
      return;
    } catch (err) {
      if (attempt === 4) throw err;
    }
  }
}

/** The value beside a term of the card, e.g. `enableDnsSupport`. */
async function cardValue(p: Page, term: string): Promise<string> {
  return (
    await card(p).locator(`dt:text-is("${term}") + dd`).first().innerText()
  ).trim();
}

test('the catalog lists the example VPCs and a VPC page shows the card', async () => {
  await page.goto(
    `${baseUrl}/?filters%5Bkind%5D=resource&filters%5Buser%5D=all`,
  );
  await page.getByText('Build runners (us-east-1)').waitFor();
  await page.getByText('Shared services (us-west-2)').waitFor();
  await screenshot(page, '01-catalog-vpcs');

  const sharedVpc = await exampleVpcId(
    await guestToken(),
    'shared-services-usw2',
  );
  await page.goto(`${baseUrl}/catalog/default/resource/shared-services-usw2`);
  await card(page).getByText(sharedVpc).first().waitFor();
  await screenshot(page, '02-card-vpc-from-arn');

  // Not a VPC: no card.
  await page.goto(`${baseUrl}/catalog/default/resource/terraform-state`);
  await page.getByText('Terraform state bucket').first().waitFor();
  assert.equal(await card(page).count(), 0);
});

test('onboard a new VPC through the form, then see, refresh and delete its endpoint', async () => {
  const { vpcId } = await createVpc('e2e-browser', '10.62', ['a', 'b', 'c']);
  const name = `e2e-browser-${vpcId.slice(-6)}`;

  await page.goto(`${baseUrl}/create/templates/default/onboard-vpc`);
  await page.getByLabel('VPC id').fill(vpcId);
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Entity name (optional)').fill(name);
  await page.getByLabel('Title (optional)').fill('E2E browser VPC');
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('platform');
  await page
    .getByRole('option', { name: /platform-networking|Platform networking/ })
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByLabel('Private DNS').waitFor();
  await page.getByRole('button', { name: 'Review' }).click();
  await screenshot(page, '03-onboard-review');
  await page.getByRole('button', { name: 'Create' }).click();

  await page
    .getByRole('link', { name: 'Open VPC' })
    .waitFor({ timeout: 180_000 });
  await screenshot(page, '04-onboard-finished');
  await page.getByRole('link', { name: 'Open VPC' }).click();

  const vpcCard = card(page);
  await vpcCard
    .getByText(/^available since/)
    .first()
    .waitFor();
  await vpcCard.getByText('Estimated monthly cost').waitFor();
  // Three AZs at the default 0.01 USD an AZ-hour for 730 hours.
  await vpcCard
    .getByText(/21\.90/)
    .first()
    .waitFor();
  await vpcCard.getByText('Considerations').waitFor();
  await vpcCard
    .getByText(/Kubernetes API/)
    .first()
    .waitFor();
  await vpcCard.getByText('eks.us-east-1.amazonaws.com').first().waitFor();
  assert.equal(await cardValue(page, 'enableDnsSupport'), 'on');
  assert.equal(await cardValue(page, 'enableDnsHostnames'), 'on');
  await screenshot(page, '05-card-available');

  const refreshed = page.waitForResponse(
    r =>
      r.url().includes('/api/eks-privatelink/inventory/') &&
      r.url().endsWith('/refresh'),
  );
  await vpcCard.getByRole('button', { name: 'Refresh' }).click();
  assert.equal((await refreshed).status(), 200);
  await vpcCard.getByText('Refreshed from AWS.').waitFor();
  await vpcCard
    .getByText(/^available since/)
    .first()
    .waitFor();
  await screenshot(page, '06-card-refreshed');

  const token = await guestToken();
  const removed = await runTemplate(token, 'eks-privatelink-endpoint-delete', {
    vpc: `resource:default/${name}`,
    confirm: true,
  });
  assert.equal(removed.status, 'completed', removed.log);

  await page.reload();
  await card(page)
    .getByText(/deleted on/)
    .first()
    .waitFor();
  await card(page).getByRole('button', { name: 'Create endpoint' }).waitFor();
  await screenshot(page, '07-card-deleted');
});

test("another team's VPC: the card offers no change, and a task started anyway is refused", async () => {
  await page.goto(`${baseUrl}/catalog/default/resource/payments-use1`);
  const vpcCard = card(page);
  await vpcCard
    .getByText(/Only the owner of this VPC, group:default\/payments-team/)
    .waitFor();
  assert.equal(
    await vpcCard.getByRole('button', { name: 'Create endpoint' }).count(),
    0,
  );
  assert.equal(
    await vpcCard.getByRole('button', { name: 'Refresh' }).count(),
    0,
  );
  await screenshot(page, '08-card-other-team');

  // The form with this VPC filled in, as the owner's "Create endpoint" opens it.
  await page.goto(
    `${baseUrl}/create/templates/default/eks-privatelink-endpoint?formData=${encodeURIComponent(
      JSON.stringify({ vpc: 'resource:default/payments-use1' }),
    )}`,
  );
  // Which VPC, Placement, Access policy: then DNS and logging.
  await nextStep(page, page.getByText('Subnets').first());
  await nextStep(page, page.getByText('Endpoint policy').first());
  await nextStep(page, page.getByLabel('Private DNS'));
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page
    .getByText(/eks-privatelink\.endpoint\.create was denied/)
    .first()
    .waitFor({ timeout: 120_000 });
  await screenshot(page, '09-task-refused');
});

test('the endpoint form offers the IP address type, the policy presets and the sources', async () => {
  await page.goto(
    `${baseUrl}/create/templates/default/eks-privatelink-endpoint?formData=${encodeURIComponent(
      JSON.stringify({ vpc: 'resource:default/build-runners-use1' }),
    )}`,
  );
  await page.getByRole('button', { name: 'Next' }).click();

  // Placement: only the types the region offers, one of them chosen.
  const ipType = page.getByRole('radiogroup', { name: 'IP address type' });
  await ipType.getByRole('radio').first().waitFor();
  const offered = await ipType.getByRole('radio').count();
  assert.ok(offered >= 1 && offered <= 3, `${offered} IP address types`);
  await ipType.getByRole('radio', { name: /\(ipv4\)/ }).waitFor();
  assert.equal(await ipType.getByRole('radio', { checked: true }).count(), 1);
  // The managed group's extra callers, with what each entry may be.
  await page.getByText('Callers outside the VPC').first().waitFor();
  await page
    .getByText(/a managed prefix list \(pl-…\) or a security group \(sg-…\)/)
    .first()
    .waitFor();
  await screenshot(page, '10-form-placement-ip-type-sources');
  await page.getByRole('button', { name: 'Next' }).click();

  // Access policy: full access by default, and the three other presets.
  // The select itself (while its menu closes, the menu shares the label).
  const policy = page.locator('#root_policyPreset');
  await policy.waitFor();
  assert.match(await policy.innerText(), /Full access/);
  await policy.click();
  for (const preset of [
    'Only principals of this AWS account',
    'Only principals of this AWS Organization',
    'Custom JSON',
  ]) {
    await page.getByRole('option', { name: preset }).waitFor();
  }
  await page
    .getByRole('option', { name: 'Only principals of this AWS Organization' })
    .click();
  await page.getByLabel('AWS Organization id').waitFor();
  await screenshot(page, '11-form-policy-organization');

  await page.getByRole('listbox').waitFor({ state: 'detached' });
  await policy.click();
  await page.getByRole('option', { name: 'Custom JSON' }).click();
  await page.getByLabel('Policy document (JSON)').waitFor();
  assert.equal(await page.getByLabel('AWS Organization id').count(), 0);
  await screenshot(page, '12-form-policy-custom');
});

test('the card shows the endpoint policy and the IP address type', async () => {
  await page.goto(`${baseUrl}/catalog/default/resource/build-runners-use1`);
  const vpcCard = card(page);
  await vpcCard.locator('dt:text-is("Endpoint policy")').first().waitFor();
  assert.match(
    await cardValue(page, 'Endpoint policy'),
    /^(Full access|Only principals of AWS|A custom endpoint policy)/,
  );
  assert.match(
    await cardValue(page, 'IP address type'),
    /\((ipv4|dualstack|ipv6)\)$/,
  );
  await screenshot(page, '13-card-policy-ip-type');
});
