import {
  CreateVpcEndpointCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { ConfigReader } from '@backstage/config';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type {
  AwsCredentialProvider,
  AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AwsCredentialsError,
  DEFAULT_EC2_REQUEST_TIMEOUT_MS,
  Ec2ClientFactory,
  type Ec2ClientFactoryOptions,
} from './Ec2ClientFactory';

function fakeManager(
  getCredentialProvider: AwsCredentialsManager['getCredentialProvider'],
): AwsCredentialsManager {
  return { getCredentialProvider };
}

const staticProvider: AwsCredentialProvider = {
  sdkCredentialProvider: async () => ({
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'secret',
  }),
};

describe('Ec2ClientFactory', () => {
  it('uses the aws.accounts credentials of the account asked for', async () => {
    const factory = Ec2ClientFactory.fromConfig(
      new ConfigReader({
        aws: {
          accounts: [
            {
              accountId: '111122223333',
              accessKeyId: 'AKIDACCOUNT',
              secretAccessKey: 'account-secret',
            },
          ],
        },
      }),
      { logger: mockServices.logger.mock() },
    );
    const client = await factory.getClient({
      region: 'eu-west-1',
      accountId: '111122223333',
    });
    expect(await client.config.region()).toBe('eu-west-1');
    await expect(client.config.credentials()).resolves.toMatchObject({
      accessKeyId: 'AKIDACCOUNT',
      secretAccessKey: 'account-secret',
    });
  });

  it('retries adaptively, up to five attempts', async () => {
    const factory = new Ec2ClientFactory(
      fakeManager(async () => staticProvider),
    );
    const client = await factory.getClient({ region: 'us-east-1' });
    expect(await client.config.maxAttempts()).toBe(5);
    const strategy = await client.config.retryStrategy();
    expect((strategy as { mode?: string }).mode).toBe('adaptive');
  });

  it('asks for the main account when no account is given', async () => {
    const get = jest.fn(async () => staticProvider);
    await new Ec2ClientFactory(fakeManager(get)).getClient({
      region: 'us-east-1',
    });
    expect(get).toHaveBeenCalledWith(undefined);
  });

  it('caches one client per account and region', async () => {
    const get = jest.fn(async () => staticProvider);
    const factory = new Ec2ClientFactory(fakeManager(get));
    const a = await factory.getClient({ region: 'us-east-1' });
    const b = await factory.getClient({ region: 'us-east-1' });
    const c = await factory.getClient({ region: 'us-west-2' });
    const d = await factory.getClient({
      region: 'us-east-1',
      accountId: '111122223333',
    });
    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
    expect(get).toHaveBeenCalledTimes(3);
  });

  it('says which aws: config to add for an unknown account, and retries later', async () => {
    const get = jest
      .fn<ReturnType<AwsCredentialsManager['getCredentialProvider']>, []>()
      .mockRejectedValueOnce(
        new Error(
          'There is no AWS integration that matches 444455556666. Please add a configuration for this AWS account.',
        ),
      )
      .mockResolvedValueOnce(staticProvider);
    const factory = new Ec2ClientFactory(fakeManager(get));

    const failure = factory.getClient({
      region: 'us-east-1',
      accountId: '444455556666',
    });
    await expect(failure).rejects.toBeInstanceOf(AwsCredentialsError);
    await expect(failure).rejects.toThrow(
      /add an entry under aws.accounts with accountId: '444455556666' and the roleName/,
    );
    await expect(
      factory.getClient({ region: 'us-east-1', accountId: '444455556666' }),
    ).resolves.toBeDefined();
  });

  it('names the env vars when the credential chain finds nothing', async () => {
    const chainError = Object.assign(
      new Error('Could not load credentials from any providers'),
      { name: 'CredentialsProviderError' },
    );
    const factory = new Ec2ClientFactory(
      fakeManager(async () => ({
        sdkCredentialProvider: async () => {
          throw chainError;
        },
      })),
    );
    const client = await factory.getClient({ region: 'us-east-1' });
    const failure = client.config.credentials();
    await expect(failure).rejects.toBeInstanceOf(AwsCredentialsError);
    await expect(failure).rejects.toThrow(
      /aws.mainAccount .* AWS_ACCESS_KEY_ID .* AWS_PROFILE.* AWS_ENDPOINT_URL/,
    );
  });

  it('passes other errors through unchanged', async () => {
    const boom = new Error('config is broken');
    const factory = new Ec2ClientFactory(
      fakeManager(async () => {
        throw boom;
      }),
    );
    await expect(factory.getClient({ region: 'us-east-1' })).rejects.toBe(boom);
  });
});

describe('Ec2ClientFactory clients under faults', () => {
  const servers: Array<{ close(): unknown }> = [];
  afterEach(() => {
    servers.splice(0).forEach(server => server.close());
  });

  async function listening(server: {
    listen(port: number, host: string, cb: () => void): unknown;
    address(): unknown;
    close(): unknown;
  }): Promise<string> {
    servers.push(server);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function clientAt(endpoint: string, options: Ec2ClientFactoryOptions) {
    return new Ec2ClientFactory(
      fakeManager(async () => staticProvider),
      {
        ...options,
        endpoint,
      },
    ).getClient({ region: 'us-east-1' });
  }

  it('a throttling storm: each call makes at most the configured number of attempts (counted)', async () => {
    let requests = 0;
    const endpoint = await listening(
      createHttpServer((_req, res) => {
        requests++;
        res.writeHead(503, { 'content-type': 'text/xml' });
        res.end(
          '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>storm</RequestID></Response>',
        );
      }),
    );
    const client = await clientAt(endpoint, { maxAttempts: 3 });

    const perCall: number[] = [];
    for (let call = 0; call < 2; call++) {
      const before = requests;
      await expect(client.send(new DescribeVpcsCommand({}))).rejects.toThrow(
        'Request limit exceeded.',
      );
      perCall.push(requests - before);
    }

    expect(perCall).toEqual([3, 3]);
  }, 30_000);

  it('rides out throttling: a throttled CreateVpcEndpoint is sent again with the same ClientToken', async () => {
    const tokens: Array<string | null> = [];
    const endpoint = await listening(
      createHttpServer((req, res) => {
        let body = '';
        req.on('data', chunk => {
          body += chunk;
        });
        req.on('end', () => {
          tokens.push(new URLSearchParams(body).get('ClientToken'));
          if (tokens.length === 1) {
            res.writeHead(503, { 'content-type': 'text/xml' });
            res.end(
              '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>',
            );
            return;
          }
          res.writeHead(200, { 'content-type': 'text/xml' });
          res.end(
            '<CreateVpcEndpointResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r2</requestId><vpcEndpoint><vpcEndpointId>vpce-0123456789abcdef0</vpcEndpointId><state>pending</state></vpcEndpoint></CreateVpcEndpointResponse>',
          );
        });
      }),
    );
    const client = await clientAt(endpoint, {});

    const response = await client.send(
      new CreateVpcEndpointCommand({
        VpcEndpointType: 'Interface',
        VpcId: 'vpc-0a1b2c3d4e5f67890',
        ServiceName: 'com.amazonaws.us-east-1.eks',
        ClientToken: 'eks-privatelink-token',
      }),
    );

    expect(response.VpcEndpoint?.VpcEndpointId).toBe('vpce-0123456789abcdef0');
    expect(tokens).toEqual(['eks-privatelink-token', 'eks-privatelink-token']);
  });

  it('a hung EC2 endpoint: a call fails once the request timeout has passed on each attempt', async () => {
    const sockets: Socket[] = [];
    // Accepts connections and never answers.
    const endpoint = await listening(
      createTcpServer(socket => {
        sockets.push(socket);
      }),
    );
    const client = await clientAt(endpoint, {
      maxAttempts: 2,
      requestTimeoutMs: 300,
    });

    const started = Date.now();
    await expect(client.send(new DescribeVpcsCommand({}))).rejects.toThrow(
      'requestTimeout',
    );
    const elapsed = Date.now() - started;
    sockets.forEach(socket => socket.destroy());

    expect(sockets).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(2 * 300);
    // Two timed-out attempts and one jittered pause between them, not the
    // SDK's default of no timeout at all.
    expect(elapsed).toBeLessThan(2 * 300 + 2000);
  });

  it('a cancelled task: the abort signal stops a call that hangs', async () => {
    const sockets: Socket[] = [];
    const endpoint = await listening(
      createTcpServer(socket => {
        sockets.push(socket);
      }),
    );
    const client = await clientAt(endpoint, {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);

    const started = Date.now();
    await expect(
      client.send(new DescribeVpcsCommand({}), {
        abortSignal: controller.signal,
      }),
    ).rejects.toThrow();
    sockets.forEach(socket => socket.destroy());

    expect(Date.now() - started).toBeLessThan(DEFAULT_EC2_REQUEST_TIMEOUT_MS);
    expect(sockets).toHaveLength(1);
  });
});

describe('Ec2ClientFactory.getRoute53Client', () => {
  it('gives Route 53 the same credentials, retries and endpoint option, signed for the partition', async () => {
    const get = jest.fn(async () => staticProvider);
    const factory = new Ec2ClientFactory(fakeManager(get), {
      maxAttempts: 3,
      route53Endpoint: 'http://127.0.0.1:1',
    });
    const client = await factory.getRoute53Client({
      region: 'eu-central-1',
      accountId: '111122223333',
    });
    expect(get).toHaveBeenCalledWith({ accountId: '111122223333' });
    expect(await client.config.region()).toBe('us-east-1');
    expect(await client.config.maxAttempts()).toBe(3);
    const strategy = await client.config.retryStrategy();
    expect((strategy as { mode?: string }).mode).toBe('adaptive');
    await expect(client.config.credentials()).resolves.toMatchObject({
      accessKeyId: 'AKIDEXAMPLE',
    });
    expect((await client.config.endpoint!()).hostname).toBe('127.0.0.1');

    const china = await factory.getRoute53Client({
      region: 'cn-north-1',
      accountId: '111122223333',
    });
    expect(await china.config.region()).toBe('cn-northwest-1');
  });

  it('names the plugins in the user agent of both clients', async () => {
    const factory = new Ec2ClientFactory(
      fakeManager(async () => staticProvider),
    );
    for (const client of [
      await factory.getClient({ region: 'us-east-1' }),
      await factory.getRoute53Client({ region: 'us-east-1' }),
    ]) {
      expect(client.config.customUserAgent).toEqual([
        ['backstage-eks-privatelink', expect.stringMatching(/^\d+\.\d+\.\d+/)],
      ]);
    }
  });

  it('caches one Route 53 client per account and partition', async () => {
    const get = jest.fn(async () => staticProvider);
    const factory = new Ec2ClientFactory(fakeManager(get));
    const first = await factory.getRoute53Client({ region: 'us-west-2' });
    const second = await factory.getRoute53Client({ region: 'eu-west-1' });
    expect(second).toBe(first);
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('explains missing credentials as for EC2', async () => {
    const factory = new Ec2ClientFactory(
      fakeManager(async () => {
        throw new Error(
          'There is no AWS integration that matches 444455556666',
        );
      }),
    );
    await expect(
      factory.getRoute53Client({
        region: 'us-west-2',
        accountId: '444455556666',
      }),
    ).rejects.toThrow(AwsCredentialsError);
  });
});
