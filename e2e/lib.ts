// Helpers shared by the end-to-end tests. They talk to the running local
// portal (E2E_BASE_URL) and to the EC2 emulator (AWS_ENDPOINT_URL).
import {
  EC2Client,
  CreateVpcCommand,
  CreateSubnetCommand,
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

/** Signs in as the guest user, as the sign-in page's "Enter" button does. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  const body = (await res.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
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
