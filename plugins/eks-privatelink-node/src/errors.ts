/**
 * Helpers to read AWS SDK v3 errors. The SDK puts the EC2 error code in
 * `name` (and sometimes `Code`); throttling may also show only as HTTP 429/503.
 */

interface AwsLikeError {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function asAwsLike(err: unknown): AwsLikeError | undefined {
  return typeof err === 'object' && err !== null
    ? (err as AwsLikeError)
    : undefined;
}

/**
 * The AWS error code of an SDK error (`InvalidVpcID.NotFound`, ...), or
 * undefined for something that is not an AWS error.
 *
 * @public
 */
export function awsErrorCode(err: unknown): string | undefined {
  const e = asAwsLike(err);
  if (!e) {
    return undefined;
  }
  for (const candidate of [e.Code, e.code, e.name]) {
    if (
      typeof candidate === 'string' &&
      candidate !== '' &&
      candidate !== 'Error'
    ) {
      return candidate;
    }
  }
  return undefined;
}

/**
 * `Code: message` for logs and user-facing errors.
 *
 * @public
 */
export function awsErrorMessage(err: unknown): string {
  const code = awsErrorCode(err);
  const message =
    typeof asAwsLike(err)?.message === 'string'
      ? (asAwsLike(err)!.message as string)
      : String(err);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

// `UnauthorizedOperation` and STS errors carry the caller's role ARN and an
// encoded authorization message that only `sts:DecodeAuthorizationMessage`
// reads: neither helps the person who ran the task, both describe the
// backend's own identity.
const ENCODED_AUTHORIZATION =
  /\s*Encoded authorization failure message:\s*\S+/gi;
const PRINCIPAL_ARN = /arn:aws[a-z-]*:(?:iam|sts)::\d{12}:[^\s,;)]+/g;

/**
 * AWS text fit for task logs, outputs and pages: without role or user ARNs
 * (shown as `<the backend's AWS identity>`) and without the encoded
 * authorization message. Log the full text in the backend log only.
 *
 * @public
 */
export function redactAwsText(text: string): string {
  return text
    .replace(ENCODED_AUTHORIZATION, '')
    .replace(PRINCIPAL_ARN, "<the backend's AWS identity>");
}

/**
 * {@link awsErrorMessage}, {@link redactAwsText | redacted}: for what people
 * read.
 *
 * @public
 */
export function publicAwsMessage(err: unknown): string {
  return redactAwsText(awsErrorMessage(err));
}

const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);

/**
 * Whether AWS asked the caller to slow down.
 */
export function isThrottling(err: unknown): boolean {
  const code = awsErrorCode(err);
  return (
    (code !== undefined && THROTTLING_CODES.has(code)) ||
    asAwsLike(err)?.$metadata?.httpStatusCode === 429
  );
}

/**
 * Whether the error says a resource does not exist
 * (`InvalidVpcID.NotFound`, `InvalidVpcEndpointId.NotFound`, ...).
 *
 * @public
 */
export function isNotFound(err: unknown): boolean {
  const code = awsErrorCode(err);
  return code !== undefined && /\.?NotFound$/.test(code);
}

/**
 * Whether a `DryRun: true` call answered that the real call would succeed.
 */
export function isDryRunOperation(err: unknown): boolean {
  return awsErrorCode(err) === 'DryRunOperation';
}

/**
 * Whether IAM (or a shared-VPC restriction) denied the call.
 *
 * @public
 */
export function isUnauthorized(err: unknown): boolean {
  const code = awsErrorCode(err);
  return (
    code === 'UnauthorizedOperation' ||
    code === 'AccessDenied' ||
    code === 'AccessDeniedException' ||
    code === 'AuthFailure'
  );
}

/**
 * Whether the credentials could not be found or loaded.
 *
 * @public
 */
export function isCredentialsError(err: unknown): boolean {
  const code = awsErrorCode(err);
  return (
    code === 'CredentialsProviderError' ||
    code === 'ProviderError' ||
    code === 'TokenProviderError' ||
    (typeof asAwsLike(err)?.message === 'string' &&
      /could not load credentials/i.test(asAwsLike(err)!.message as string))
  );
}

/**
 * The ids of one kind (`subnet`, `sg`) an AWS error names, e.g. the unknown
 * ones of a `…NotFound`; `fallback` when it names none.
 */
export function idsInErrorMessage(
  err: unknown,
  prefix: string,
  fallback: string[],
): string[] {
  const found = awsErrorMessage(err).match(
    new RegExp(`${prefix}-[0-9a-f]+`, 'g'),
  );
  return found && found.length > 0 ? [...new Set(found)] : fallback;
}
