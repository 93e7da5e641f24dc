/**
 * Input checks shared by the scaffolder actions and the form fields. Each
 * returns undefined when the value is fine, else one sentence that names the
 * field, what is wrong and how to fix it.
 */

import type { Entity } from '@backstage/catalog-model';
import { EKS_ANNOTATIONS, readVpcLocator } from './annotations';

const hexId = (prefix: string) =>
  new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`);

const VPC_ID = hexId('vpc');
const SUBNET_ID = hexId('subnet');
const SECURITY_GROUP_ID = hexId('sg');
const VPC_ENDPOINT_ID = hexId('vpce');
// us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1, ...
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const ACCOUNT_ID = /^\d{12}$/;
// The longest region names today have 15 characters (eusc-de-east-1); the
// pattern alone would take a name of any length.
const MAX_REGION_LENGTH = 32;

/** At most this many tags on one EC2 resource. @public */
export const MAX_TAGS = 50;
/** The longest tag key EC2 accepts. @public */
export const MAX_TAG_KEY_LENGTH = 128;
/** The longest tag value EC2 accepts. @public */
export const MAX_TAG_VALUE_LENGTH = 256;
/** The bounds of `timeoutSeconds`. @public */
export const TIMEOUT_SECONDS_RANGE = Object.freeze({ min: 1, max: 3600 });

function checkId(
  value: unknown,
  field: string,
  pattern: RegExp,
  prefix: string,
  kind: string,
  example: string,
): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return `${field} is empty: give a ${kind} id such as ${example}.`;
  }
  if (pattern.test(value)) {
    return undefined;
  }
  let hint = '';
  if (value.trim() !== value) {
    hint = ' Remove the spaces around it.';
  } else if (pattern.test(value.toLocaleLowerCase('en-US'))) {
    hint = ' Write it in lower case.';
  }
  return `${field} '${value}' is not a ${kind} id: expected ${prefix}- followed by 8 or 17 hex digits, such as ${example}.${hint}`;
}

/** Checks a VPC id (`vpc-` + 8 or 17 hex digits). @public */
export function validateVpcId(
  value: unknown,
  field = 'vpcId',
): string | undefined {
  return checkId(value, field, VPC_ID, 'vpc', 'VPC', 'vpc-0a1b2c3d4e5f67890');
}

/** Checks a subnet id (`subnet-` + 8 or 17 hex digits). @public */
export function validateSubnetId(
  value: unknown,
  field = 'subnetIds',
): string | undefined {
  return checkId(
    value,
    field,
    SUBNET_ID,
    'subnet',
    'subnet',
    'subnet-0a1b2c3d4e5f67890',
  );
}

/** Checks a security group id (`sg-` + 8 or 17 hex digits). @public */
export function validateSecurityGroupId(
  value: unknown,
  field = 'securityGroupIds',
): string | undefined {
  return checkId(
    value,
    field,
    SECURITY_GROUP_ID,
    'sg',
    'security group',
    'sg-0a1b2c3d4e5f67890',
  );
}

/** Checks a VPC endpoint id (`vpce-` + 8 or 17 hex digits). @public */
export function validateVpcEndpointId(
  value: unknown,
  field = 'vpcEndpointId',
): string | undefined {
  return checkId(
    value,
    field,
    VPC_ENDPOINT_ID,
    'vpce',
    'VPC endpoint',
    'vpce-0a1b2c3d4e5f67890',
  );
}

/**
 * Checks a list of ids with one of the id checks, and refuses repeats.
 *
 * @public
 */
export function validateIdList(
  values: unknown,
  field: string,
  check: (value: unknown, field: string) => string | undefined,
): string | undefined {
  if (!Array.isArray(values)) {
    return `${field} must be a list of ids.`;
  }
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const problem = check(values[i], `${field}[${i}]`);
    if (problem) {
      return problem;
    }
    if (seen.has(values[i])) {
      return `${field} lists ${values[i]} twice: give each id once.`;
    }
    seen.add(values[i]);
  }
  return undefined;
}

/** Checks an AWS region name such as `us-east-1`. @public */
export function validateRegion(
  value: unknown,
  field = 'region',
): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    return `${field} is empty: give an AWS region such as us-east-1.`;
  }
  if (REGION.test(value)) {
    return undefined;
  }
  return `${field} '${value}' is not an AWS region name: expected lower-case letters, dashes and a number, such as us-east-1 or eu-central-1 (not an Availability Zone such as us-east-1a).`;
}

/** Checks a 12-digit AWS account id. @public */
export function validateAccountId(
  value: unknown,
  field = 'accountId',
): string | undefined {
  if (typeof value === 'string' && ACCOUNT_ID.test(value)) {
    return undefined;
  }
  return `${field} '${String(
    value,
  )}' is not an AWS account id: expected 12 digits, such as 123456789012 (quote it in YAML so leading zeros stay).`;
}

/**
 * Checks resource tags against EC2's limits: at most 50, keys of 1 to 128
 * characters not starting with the reserved `aws:` prefix, values of at most
 * 256 characters.
 *
 * @public
 */
export function validateTags(
  tags: unknown,
  field = 'tags',
): string | undefined {
  if (tags === undefined || tags === null) {
    return undefined;
  }
  if (typeof tags !== 'object' || Array.isArray(tags)) {
    return `${field} must be a map of tag keys to string values, such as { team: platform }.`;
  }
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > MAX_TAGS) {
    return `${field} has ${
      entries.length
    } tags; EC2 allows at most ${MAX_TAGS} — remove ${
      entries.length - MAX_TAGS
    }.`;
  }
  for (const [key, value] of entries) {
    if (key.trim() === '') {
      return `${field} has an empty key: every tag needs a key.`;
    }
    if (key.toLocaleLowerCase('en-US').startsWith('aws:')) {
      return `${field}.${key}: keys starting with 'aws:' are reserved for AWS — rename the key.`;
    }
    if (key.length > MAX_TAG_KEY_LENGTH) {
      return `${field}: key '${key.slice(0, 20)}…' is ${
        key.length
      } characters; EC2 allows at most ${MAX_TAG_KEY_LENGTH} — shorten it.`;
    }
    if (typeof value !== 'string') {
      return `${field}.${key} must be a string; quote it in YAML (e.g. '${String(
        value,
      )}').`;
    }
    if (value.length > MAX_TAG_VALUE_LENGTH) {
      return `${field}.${key} is ${value.length} characters; EC2 allows at most ${MAX_TAG_VALUE_LENGTH} — shorten it.`;
    }
  }
  return undefined;
}

/** Checks `timeoutSeconds`: a whole number from 1 to 3600. @public */
export function validateTimeoutSeconds(
  value: unknown,
  field = 'timeoutSeconds',
): string | undefined {
  const { min, max } = TIMEOUT_SECONDS_RANGE;
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= min &&
    value <= max
  ) {
    return undefined;
  }
  return `${field} '${String(
    value,
  )}' is out of range: give whole seconds from ${min} to ${max} (600 waits ten minutes).`;
}

/** {@link validateRegion}, and no longer than a region name can be. */
function validateRegionName(value: string, field: string): string | undefined {
  if (value.length > MAX_REGION_LENGTH) {
    return `${field} '${value}' is not an AWS region name: region names have at most ${MAX_REGION_LENGTH} characters, such as us-east-1 or eu-central-1.`;
  }
  return validateRegion(value, field);
}

/**
 * Checks where an entity's annotations say its VPC lives (as
 * `readVpcLocator` reads them): the VPC id, and the region and account where
 * the annotations give them. The sentence names the annotation that the
 * value was read from, so the entity's owner knows what to fix.
 *
 * @returns undefined when the entity names no VPC or a well-formed one.
 * @public
 */
export function validateVpcAnnotations(entity: Entity): string | undefined {
  const locator = readVpcLocator(entity);
  if (!locator) {
    return undefined;
  }
  const annotations = entity.metadata.annotations ?? {};
  const source = (...keys: string[]) =>
    `annotation ${
      keys.find(key => annotations[key]?.trim()) ?? EKS_ANNOTATIONS.arn
    }`;
  return (
    validateVpcId(
      locator.vpcId,
      source(EKS_ANNOTATIONS.vpcId, EKS_ANNOTATIONS.legacyVpcId),
    ) ??
    (locator.region === undefined
      ? undefined
      : validateRegionName(locator.region, source(EKS_ANNOTATIONS.region))) ??
    (locator.accountId === undefined
      ? undefined
      : validateAccountId(locator.accountId, source(EKS_ANNOTATIONS.accountId)))
  );
}
