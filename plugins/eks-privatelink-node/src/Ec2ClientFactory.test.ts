import { ConfigReader } from '@backstage/config';
import type {
  AwsCredentialProvider,
  AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { mockServices } from '@backstage/backend-test-utils';
import { AwsCredentialsError, Ec2ClientFactory } from './Ec2ClientFactory';

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
