import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  DefaultAwsCredentialsManager,
  type AwsCredentialProvider,
  type AwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { isCredentialsError, publicAwsMessage } from './errors';
import { version } from '../package.json';

/**
 * Named in every request's user agent, so that recordings of an emulator
 * (scripts/check-iam-policy.mjs) tell the plugins' calls from others.
 */
const USER_AGENT: [string, string] = ['backstage-eks-privatelink', version];

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
  const cause = publicAwsMessage(err);
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

/** Default of {@link Ec2ClientFactoryOptions.maxAttempts}. @public */
export const DEFAULT_EC2_MAX_ATTEMPTS = 5;
/** Default of {@link Ec2ClientFactoryOptions.connectionTimeoutMs}. @public */
export const DEFAULT_EC2_CONNECTION_TIMEOUT_MS = 5000;
/** Default of {@link Ec2ClientFactoryOptions.requestTimeoutMs}. @public */
export const DEFAULT_EC2_REQUEST_TIMEOUT_MS = 30_000;

/** Options of {@link Ec2ClientFactory}. @public */
export interface Ec2ClientFactoryOptions {
  logger?: LoggerService;
  /**
   * Attempts per call, the first included, when AWS throttles or a request
   * fails transiently. Default {@link DEFAULT_EC2_MAX_ATTEMPTS}.
   */
  maxAttempts?: number;
  /** How long to wait for a connection to EC2. Default {@link DEFAULT_EC2_CONNECTION_TIMEOUT_MS}. */
  connectionTimeoutMs?: number;
  /**
   * How long one attempt may take from request to response before it fails
   * (and, attempts left, is retried). Default {@link DEFAULT_EC2_REQUEST_TIMEOUT_MS}.
   */
  requestTimeoutMs?: number;
  /**
   * The EC2 endpoint, e.g. an emulator's. Default: the SDK's own choice,
   * which honours `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_EC2`.
   */
  endpoint?: string;
  /**
   * The Route 53 endpoint. Default: the SDK's own choice, which honours
   * `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_ROUTE_53`.
   */
  route53Endpoint?: string;
}

/**
 * The region a Route 53 client signs for: Route 53 is global within a
 * partition, so the partition of the VPC's region decides.
 */
function route53SigningRegion(region: string): string {
  if (region.startsWith('cn-')) {
    return 'cn-northwest-1';
  }
  if (region.startsWith('us-gov-')) {
    return 'us-gov-west-1';
  }
  return 'us-east-1';
}

/**
 * Hands out EC2 clients per AWS account and region, with credentials from the
 * `aws:` config of `@backstage/integration-aws-node`, and Route 53 clients
 * with the same credentials, retries and timeouts. Clients are cached.
 *
 * Retries are the SDK's own, and the only ones: its adaptive strategy
 * retries throttling and transient failures with jittered exponential
 * backoff, up to `maxAttempts` attempts per call, and slows the whole client
 * down while AWS throttles it. Each attempt is bounded by the connection and
 * request timeouts, so a hung endpoint fails the call instead of holding the
 * task.
 *
 * @public
 */
export class Ec2ClientFactory {
  private readonly clients = new Map<string, Promise<EC2Client>>();
  private readonly route53Clients = new Map<string, Promise<Route53Client>>();

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
    return this.cached(this.clients, opts, () => this.createClient(opts));
  }

  /**
   * A Route 53 client with the credentials of `accountId` (or the main
   * account), for reads about a VPC in `region`, such as the private hosted
   * zones associated with it (`ListHostedZonesByVPC`, whose `VPCRegion` is
   * that region). Route 53 is global: the client signs for the partition's
   * home region.
   *
   * @throws AwsCredentialsError when no credentials are configured for the account.
   */
  async getRoute53Client(opts: {
    region: string;
    accountId?: string;
  }): Promise<Route53Client> {
    const scope = { ...opts, region: route53SigningRegion(opts.region) };
    return this.cached(this.route53Clients, scope, async () => {
      const credentials = await this.credentials(scope.accountId);
      return new Route53Client({
        region: scope.region,
        ...(this.options.route53Endpoint
          ? { endpoint: this.options.route53Endpoint }
          : {}),
        credentials,
        ...this.retriesAndTimeouts(),
      });
    });
  }

  private cached<T>(
    clients: Map<string, Promise<T>>,
    opts: { region: string; accountId?: string },
    create: () => Promise<T>,
  ): Promise<T> {
    const key = `${opts.accountId ?? ''}/${opts.region}`;
    let client = clients.get(key);
    if (!client) {
      client = create();
      clients.set(key, client);
      // A failure (e.g. missing config) should not stick: the operator may
      // fix the environment of a long-running backend.
      client.catch(() => clients.delete(key));
    }
    return client;
  }

  private async credentials(
    accountId: string | undefined,
  ): Promise<SdkCredentialProvider> {
    let provider;
    try {
      provider = await this.credentialsManager.getCredentialProvider(
        accountId ? { accountId } : undefined,
      );
    } catch (err) {
      throw explainCredentialsError(err, accountId);
    }
    return explainingProvider(provider.sdkCredentialProvider, accountId);
  }

  /** The one retry strategy and the timeouts, for every client made here. */
  private retriesAndTimeouts() {
    return {
      customUserAgent: [USER_AGENT],
      retryMode: 'adaptive',
      maxAttempts: this.options.maxAttempts ?? DEFAULT_EC2_MAX_ATTEMPTS,
      requestHandler: {
        connectionTimeout:
          this.options.connectionTimeoutMs ?? DEFAULT_EC2_CONNECTION_TIMEOUT_MS,
        requestTimeout:
          this.options.requestTimeoutMs ?? DEFAULT_EC2_REQUEST_TIMEOUT_MS,
        // Without this the SDK only logs a warning when the request timeout
        // passes and keeps waiting.
        throwOnRequestTimeout: true,
      },
    };
  }

  private async createClient(opts: {
    region: string;
    accountId?: string;
  }): Promise<EC2Client> {
    const { region, accountId } = opts;
    const credentials = await this.credentials(accountId);
    this.options.logger?.debug(
      `Creating EC2 client for ${whichAccount(accountId)} in ${region}`,
    );
    const { endpoint } = this.options;
    return new EC2Client({
      region,
      ...(endpoint ? { endpoint } : {}),
      credentials,
      ...this.retriesAndTimeouts(),
    });
  }
}
