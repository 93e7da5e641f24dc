// Headless Chromium (Debian's package) driven by playwright-core.
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, baseUrl } from './lib.ts';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** Opens the portal and signs in as guest, as a new user would. */
export async function signedInPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(baseUrl);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  // The sign-in page remembers the guest choice once it has signed in; a
  // navigation before that would land on the sign-in page again.
  await enter.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'Catalog' }).first().waitFor();
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({
    path: join(artifacts, `${name}.png`),
    fullPage: true,
  });
}
