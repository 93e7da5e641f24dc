import { EC2Client } from '@aws-sdk/client-ec2';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  DefaultAwsCredentialsManager,
  type AwsCredentialProvider,
  type AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { awsErrorMessage, isCredentialsError } from './errors';

/**
 * AWS credentials for an account could not be found or are not configured.
 * The message says which `aws:` config or environment variable to set.
 *
 * @public
 */
export class AwsCredentialsError extends Error {
  readonly accountId?: string;

  constructor(
    message: string,
    options: { accountId?: string; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'AwsCredentialsError';
    this.accountId = options.accountId;
  }
}

type SdkCredentialProvider = AwsCredentialProvider['sdkCredentialProvider'];

const NO_INTEGRATION = /There is no AWS integration that matches/;

function whichAccount(accountId: string | undefined): string {
  return accountId ? `account ${accountId}` : 'the default account';
}

/**
 * Turns the errors of `@backstage/integration-aws-node` and of the SDK's
 * credential chain into one that says what to configure.
 */
function explainCredentialsError(
  err: unknown,
  accountId: string | undefined,
): Error {
  if (err instanceof AwsCredentialsError) {
    return err;
  }
  const cause = awsErrorMessage(err);
  if (err instanceof Error && NO_INTEGRATION.test(err.message)) {
    return new AwsCredentialsError(
      `No AWS credentials are configured for account ${accountId}. In app-config.yaml add an entry under aws.accounts with accountId: '${accountId}' and the roleName to assume (or set aws.accountDefaults.roleName for all accounts), or make aws.mainAccount's credentials belong to ${accountId}. Cause: ${cause}`,
      { accountId, cause: err },
    );
  }
  if (isCredentialsError(err)) {
    return new AwsCredentialsError(
      `Could not load AWS credentials for ${whichAccount(
        accountId,
      )}. Configure aws.mainAccount (accessKeyId/secretAccessKey or profile) or aws.accounts in app-config.yaml, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the backend's environment; for an EC2 emulator such as moto also set AWS_ENDPOINT_URL. Cause: ${cause}`,
      { accountId, cause: err },
    );
  }
  return err instanceof Error ? err : new Error(cause);
}

function explainingProvider(
  provider: SdkCredentialProvider,
  accountId: string | undefined,
): SdkCredentialProvider {
  // The SDK loads credentials lazily, on the first call: wrap the provider so
  // that a missing-credentials failure there is explained too.
  return async (...args) => {
    try {
      return await provider(...args);
    } catch (err) {
      throw explainCredentialsError(err, accountId);
    }
  };
}

/** Options of {@link Ec2ClientFactory}. @public */
export interface Ec2ClientFactoryOptions {
  logger?: LoggerService;
}

/**
 * Hands out EC2 clients per AWS account and region, with credentials from the
 * `aws:` config of `@backstage/integration-aws-node`, adaptive retries and up
 * to five attempts. Clients are cached. The SDK reads `AWS_ENDPOINT_URL` and
 * `AWS_ENDPOINT_URL_EC2` itself, so no endpoint is passed.
 *
 * @public
 */
export class Ec2ClientFactory {
  private readonly clients = new Map<string, Promise<EC2Client>>();

  /** Builds a factory from the root config (its `aws:` block). */
  static fromConfig(
    config: Config,
    options?: Ec2ClientFactoryOptions,
  ): Ec2ClientFactory {
    return new Ec2ClientFactory(
      DefaultAwsCredentialsManager.fromConfig(config),
      options,
    );
  }

  constructor(
    private readonly credentialsManager: AwsCredentialsManager,
    private readonly options: Ec2ClientFactoryOptions = {},
  ) {}

  /**
   * An EC2 client for the region, with the credentials of `accountId` (or the
   * main account when omitted).
   *
   * @throws AwsCredentialsError when no credentials are configured for the account.
   */
  async getClient(opts: {
    region: string;
    accountId?: string;
  }): Promise<EC2Client> {
    const key = `${opts.accountId ?? ''}/${opts.region}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.createClient(opts);
      this.clients.set(key, client);
      // A failure (e.g. missing config) should not stick: the operator may
      // fix the environment of a long-running backend.
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }

  private async createClient(opts: {
    region: string;
    accountId?: string;
  }): Promise<EC2Client> {
    const { region, accountId } = opts;
    let provider;
    try {
      provider = await this.credentialsManager.getCredentialProvider(
        accountId ? { accountId } : undefined,
      );
    } catch (err) {
      throw explainCredentialsError(err, accountId);
    }
    this.options.logger?.debug(
      `Creating EC2 client for ${whichAccount(accountId)} in ${region}`,
    );
    return new EC2Client({
      region,
      credentials: explainingProvider(
        provider.sdkCredentialProvider,
        accountId,
      ),
      retryMode: 'adaptive',
      maxAttempts: 5,
    });
  }
}
