import {
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { ConfigReader } from '@backstage/config';
import { Ec2ClientFactory } from '../Ec2ClientFactory';

/** Per test and hook: moto answers in milliseconds, but a busy CI machine may not. */
const MOTO_TIMEOUT_MS = 60_000;

/**
 * `describe` when `MOTO_ENDPOINT` names a running moto (an EC2 emulator),
 * else `describe.skip`: the test script starts one, a plain `yarn test` does
 * not. Name such test files `*.moto.test.ts`.
 *
 * @public
 */
export function describeIfMoto(name: string, fn: () => void): void {
  (process.env.MOTO_ENDPOINT ? describe : describe.skip)(name, () => {
    jest.setTimeout(MOTO_TIMEOUT_MS);
    fn();
  });
}

/**
 * An EC2 client for moto at `MOTO_ENDPOINT`, made by
 * `Ec2ClientFactory` from an empty config, as the backends make theirs
 * (adaptive retries, the default credential chain), so that the client under
 * test is the production one. The SDK reads the endpoint from
 * `AWS_ENDPOINT_URL`, which this sets; moto takes any credentials.
 *
 * @public
 */
export async function motoEc2Client(options: {
  region: string;
  accountId?: string;
}): Promise<EC2Client> {
  const endpoint = process.env.MOTO_ENDPOINT;
  if (!endpoint) {
    throw new Error(
      'MOTO_ENDPOINT is not set: start moto and set it (e.g. http://127.0.0.1:5000), or wrap the tests in describeIfMoto.',
    );
  }
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  return Ec2ClientFactory.fromConfig(new ConfigReader({})).getClient(options);
}

/**
 * Creates a VPC with the IPv4 block `cidrBlock` (a /16 such as
 * `10.41.0.0/16`) and one subnet per Availability Zone, the n-th taking the
 * n-th /24 of the block (`10.41.0.0/24`, `10.41.1.0/24`, ...). The calls go
 * through a plain client for `client`'s region and endpoint, without the
 * plugins' user agent: making VPCs is the test's setup, and the IAM policy
 * check (scripts/check-iam-policy.mjs) counts only the plugins' own calls.
 *
 * @public
 */
export async function createVpcWithSubnets(
  client: EC2Client,
  options: { cidrBlock: string; availabilityZones: string[] },
): Promise<{ vpcId: string; subnetIds: string[] }> {
  const prefix = /^(\d+\.\d+)\.0\.0\/16$/.exec(options.cidrBlock)?.[1];
  if (!prefix) {
    throw new Error(
      `createVpcWithSubnets takes a /16 block such as 10.41.0.0/16, not ${options.cidrBlock}`,
    );
  }
  const setup = new EC2Client({
    region: await client.config.region(),
    endpoint: process.env.MOTO_ENDPOINT,
  });
  const created = await setup.send(
    new CreateVpcCommand({ CidrBlock: options.cidrBlock }),
  );
  const vpcId = created.Vpc!.VpcId!;
  const subnetIds: string[] = [];
  for (const [index, az] of options.availabilityZones.entries()) {
    const subnet = await setup.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        AvailabilityZone: az,
        CidrBlock: `${prefix}.${index}.0/24`,
      }),
    );
    subnetIds.push(subnet.Subnet!.SubnetId!);
  }
  return { vpcId, subnetIds };
}
