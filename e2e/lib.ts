// Helpers shared by the end-to-end tests. They talk to the running local
// portal (E2E_BASE_URL) and to the EC2 emulator (AWS_ENDPOINT_URL).
import {
  EC2Client,
  CreateVpcCommand,
  CreateSubnetCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
} from '@aws-sdk/client-ec2';

export const baseUrl = process.env.E2E_BASE_URL ?? 'http://localhost:7007';
export const artifacts = process.env.E2E_ARTIFACTS ?? 'e2e-artifacts';
export const region = 'us-east-1';
export const ec2 = new EC2Client({ region });

export async function createVpc(
  name: string,
  cidrPrefix: string,
  zones: string[] = ['a', 'b'],
): Promise<{ vpcId: string; subnetIds: string[] }> {
  const { Vpc } = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: `${cidrPrefix}.0.0/16`,
      TagSpecifications: [
        { ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: name }] },
      ],
    }),
  );
  const subnetIds: string[] = [];
  for (const [i, zone] of zones.entries()) {
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({
        VpcId: Vpc!.VpcId,
        CidrBlock: `${cidrPrefix}.${i}.0/24`,
        AvailabilityZone: `${region}${zone}`,
      }),
    );
    subnetIds.push(Subnet!.SubnetId!);
  }
  return { vpcId: Vpc!.VpcId!, subnetIds };
}

const clients = new Map<string, EC2Client>([[region, ec2]]);
/** An EC2 client of moto for a region. */
export function ec2In(where: string): EC2Client {
  if (!clients.has(where)) clients.set(where, new EC2Client({ region: where }));
  return clients.get(where)!;
}

/** The EKS endpoints of a VPC that are not deleted, as moto has them. */
export async function eksEndpoints(vpcId: string, where = region) {
  const { VpcEndpoints = [] } = await ec2In(where).send(
    new DescribeVpcEndpointsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'service-name', Values: [`com.amazonaws.${where}.eks`] },
      ],
    }),
  );
  return VpcEndpoints.filter(e => e.State?.toLowerCase() !== 'deleted');
}

export async function dnsAttribute(
  vpcId: string,
  attribute: 'enableDnsSupport' | 'enableDnsHostnames',
  where = region,
) {
  const out = await ec2In(where).send(
    new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute }),
  );
  return attribute === 'enableDnsSupport'
    ? out.EnableDnsSupport?.Value
    : out.EnableDnsHostnames?.Value;
}

async function signInAsGuest() {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  return (await res.json()) as {
    backstageIdentity: {
      token: string;
      identity: { ownershipEntityRefs: string[] };
    };
  };
}

/** Signs in as the guest user, as the sign-in page's "Enter" button does. */
export async function guestToken(): Promise<string> {
  return (await signInAsGuest()).backstageIdentity.token;
}

/**
 * Waits until the guest signs in as the catalog's user, a member of
 * platform-networking, and the seeded VPCs are in the catalog: before that,
 * a sign-in carries no groups and owns nothing.
 */
export async function portalReady(): Promise<void> {
  await waitFor(
    'the guest to sign in with its groups',
    async () => {
      const { backstageIdentity } = await signInAsGuest();
      return backstageIdentity.identity.ownershipEntityRefs.includes(
        'group:default/platform-networking',
      )
        ? true
        : undefined;
    },
    120_000,
  );
  const token = await guestToken();
  for (const name of ['build-runners-use1', 'payments-use1']) {
    await waitFor(`${name} in the catalog`, async () =>
      (
        await api(
          token,
          `/api/catalog/entities/by-name/resource/default/${name}`,
        )
      ).status === 200
        ? true
        : undefined,
    );
  }
}

/** The VPC id an example entity names (moto chose it when seeding). */
export async function exampleVpcId(token: string, name: string) {
  const { body } = await api<{
    metadata: { annotations: Record<string, string> };
  }>(token, `/api/catalog/entities/by-name/resource/default/${name}`);
  const annotations = body.metadata.annotations;
  return (
    annotations['aws.amazon.com/vpc-id'] ??
    annotations['aws.amazon.com/arn'].split('/').pop()!
  );
}

/**
 * A dry run of a registered template through the scaffolder REST API, as
 * the template editor sends it.
 */
export async function dryRun(
  token: string,
  template: string,
  values: Record<string, unknown>,
) {
  const entity = await api<Record<string, unknown>>(
    token,
    `/api/catalog/entities/by-name/template/default/${template}`,
  );
  return api<{ error?: { name: string; message: string } }>(
    token,
    '/api/scaffolder/v2/dry-run',
    {
      method: 'POST',
      body: { template: entity.body, values, directoryContents: [] },
    },
  );
}

export async function api<T>(
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

type TaskEvent = {
  type: string;
  body: { message?: string; output?: Record<string, unknown> };
};

/**
 * Runs a template through the scaffolder REST API, as the template form's
 * "Create" button does, and waits for the task to end.
 */
export async function runTemplate(
  token: string,
  template: string,
  values: Record<string, unknown>,
): Promise<{
  status: string;
  output: Record<string, unknown>;
  log: string;
}> {
  const created = await api<{ id: string }>(token, '/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: { templateRef: `template:default/${template}`, values },
  });
  if (created.status !== 201) {
    throw new Error(
      `POST /v2/tasks answered ${created.status}: ${JSON.stringify(
        created.body,
      )}`,
    );
  }
  const id = created.body.id;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const task = await api<{ status: string }>(
      token,
      `/api/scaffolder/v2/tasks/${id}`,
    );
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await api<TaskEvent[]>(
        token,
        `/api/scaffolder/v2/tasks/${id}/events`,
      );
      const log = events.body
        .filter(e => e.type === 'log')
        .map(e => e.body.message)
        .join('\n');
      const completion = events.body.find(e => e.type === 'completion');
      return {
        status: task.body.status,
        output: completion?.body.output ?? {},
        log,
      };
    }
    if (Date.now() > deadline) throw new Error(`task ${id} did not finish`);
    await new Promise(r => setTimeout(r, 500));
  }
}

/**
 * Onboards a VPC for the guest's team (platform-networking) with its EKS
 * endpoint through the onboarding template, and waits until the catalog
 * shows its entity. Returns the entity ref.
 */
export async function onboardOwnVpc(
  token: string,
  vpcId: string,
  name: string,
  choices: { privateDnsEnabled: boolean } = { privateDnsEnabled: true },
): Promise<string> {
  const onboard = await runTemplate(token, 'onboard-vpc', {
    vpcId,
    region,
    name,
    owner: 'group:default/platform-networking',
    privateDnsEnabled: choices.privateDnsEnabled,
    manageVpcDns: true,
  });
  if (onboard.status !== 'completed') {
    throw new Error(
      `onboarding ${vpcId} ended ${onboard.status}: ${onboard.log}`,
    );
  }
  await waitFor('the onboarded VPC in the catalog', async () =>
    (
      await api(token, `/api/catalog/entities/by-name/resource/default/${name}`)
    ).status === 200
      ? true
      : undefined,
  );
  return `resource:default/${name}`;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}
