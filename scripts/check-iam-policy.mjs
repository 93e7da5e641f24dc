#!/usr/bin/env node
// Checks that the IAM policies in the READMEs allow every AWS call the
// plugins made during the tests. moto records each request it serves
// (MOTO_ENABLE_RECORDING); the plugins' clients send the user agent
// `backstage-eks-privatelink/<version>`, which tells their calls apart from
// the tests' own setup calls (creating VPCs, subnets, hosted zones).
//
// Usage: node scripts/check-iam-policy.mjs <moto recording (JSON lines)>
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const PLUGIN_AGENT = 'backstage-eks-privatelink/';

// Route 53 is a REST API: the operation is in the method and the path.
const ROUTE53_OPERATIONS = [
  ['GET', /^\/2013-04-01\/hostedzonesbyvpc$/, 'ListHostedZonesByVPC'],
  ['GET', /^\/2013-04-01\/hostedzone$/, 'ListHostedZones'],
  ['GET', /^\/2013-04-01\/hostedzone\/[^/]+$/, 'GetHostedZone'],
  [
    'POST',
    /^\/2013-04-01\/hostedzone\/[^/]+\/associatevpc$/,
    'AssociateVPCWithHostedZone',
  ],
];

function header(entry, name) {
  const found = Object.entries(entry.headers ?? {}).find(
    ([key]) => key.toLowerCase() === name,
  );
  return found ? String(found[1]) : '';
}

/** `ec2:CreateVpcEndpoint` for one recorded request, or an error text. */
export function iamActionOf(entry) {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(
    header(entry, 'authorization'),
  );
  if (!scope) {
    return { error: `unsigned request ${entry.method} ${entry.url}` };
  }
  const service = scope[1];
  const url = new URL(entry.url);
  if (service === 'route53') {
    const op = ROUTE53_OPERATIONS.find(
      ([method, path]) => method === entry.method && path.test(url.pathname),
    );
    return op
      ? { action: `route53:${op[2]}` }
      : {
          error: `unknown Route 53 call ${entry.method} ${url.pathname}: add it to ROUTE53_OPERATIONS`,
        };
  }
  const body = entry.body_encoded
    ? Buffer.from(entry.body ?? '', 'base64').toString('utf8')
    : entry.body ?? '';
  const name =
    new URLSearchParams(body).get('Action') ?? url.searchParams.get('Action');
  return name
    ? { action: `${service}:${name}` }
    : { error: `no Action in a ${service} request to ${url.pathname}` };
}

/** Every IAM action named in the JSON blocks of a README, lower case. */
export function policyActions(markdown) {
  const actions = new Set();
  for (const block of markdown.matchAll(/```json\n([\s\S]*?)```/g)) {
    let doc;
    try {
      doc = JSON.parse(block[1]);
    } catch {
      continue;
    }
    const statements = [doc.Statement ?? doc].flat();
    for (const statement of statements) {
      for (const action of [statement?.Action ?? []].flat()) {
        actions.add(String(action).toLowerCase());
      }
    }
  }
  return actions;
}

function main() {
  const recording = process.argv[2];
  if (!recording || !existsSync(recording)) {
    console.error(
      `No moto recording at '${recording}': start moto with MOTO_RECORDING_FILE set.`,
    );
    process.exit(1);
  }
  const readmes = [
    'README.md',
    ...readdirSync('plugins').map(p => join('plugins', p, 'README.md')),
  ].filter(existsSync);
  const allowed = new Map();
  for (const readme of readmes) {
    for (const action of policyActions(readFileSync(readme, 'utf8'))) {
      allowed.set(action, [...(allowed.get(action) ?? []), readme]);
    }
  }

  const seen = new Map();
  const problems = [];
  const lines = readFileSync(recording, 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const entry = JSON.parse(line);
    if (
      !header(entry, 'user-agent').includes(PLUGIN_AGENT) &&
      !header(entry, 'x-amz-user-agent').includes(PLUGIN_AGENT)
    ) {
      continue;
    }
    const { action, error } = iamActionOf(entry);
    if (error) {
      problems.push(error);
      continue;
    }
    seen.set(action, (seen.get(action) ?? 0) + 1);
  }

  if (seen.size === 0) {
    problems.push(
      `The recording (${lines.length} requests) holds no call with the user agent ${PLUGIN_AGENT}: the check would prove nothing.`,
    );
  }
  console.log(
    `AWS calls the plugins made in the tests (${lines.length} requests recorded):`,
  );
  for (const [action, count] of [...seen].sort()) {
    const where = allowed.get(action.toLowerCase());
    console.log(
      `  ${where ? 'ok     ' : 'MISSING'} ${action} x${count}${
        where ? `  (${where.join(', ')})` : ''
      }`,
    );
    if (!where) {
      problems.push(
        `${action} is called but no README's IAM policy allows it: add it to the policy of the plugin that makes it.`,
      );
    }
  }
  if (problems.length > 0) {
    console.error(problems.map(p => `  - ${p}`).join('\n'));
    process.exit(1);
  }
  console.log(
    `Every one of the ${seen.size} actions is in a README's IAM policy.`,
  );
}

main();
