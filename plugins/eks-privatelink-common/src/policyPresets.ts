/**
 * Endpoint policies as the template form offers them: a few presets that
 * cover what platform teams ask for, and custom JSON for the rest. The
 * presets are written here once so the action that sends a policy and the
 * card that shows one name it the same way.
 */

/** A choice of the form's endpoint policy field. @public */
export type EndpointPolicyPreset =
  | 'full-access'
  | 'this-account'
  | 'this-organization'
  | 'custom';

/** What {@link endpointPolicyForPreset} fills a preset with. @public */
export interface EndpointPolicyValues {
  /** The VPC's AWS account, for `this-account`. */
  accountId?: string;
  /** The AWS Organization id (`o-…`), for `this-organization`. */
  organizationId?: string;
  /** The document of `custom`, as JSON text or an object. */
  policyDocument?: string | Record<string, unknown>;
}

/** How {@link describeEndpointPolicy} names a policy. @public */
export interface EndpointPolicySummary {
  preset: EndpointPolicyPreset;
  summary: string;
  accountId?: string;
  organizationId?: string;
}

const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ACCOUNT_ID = /^\d{12}$/;

function allowAll(condition?: Record<string, unknown>) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  };
}

/**
 * Checks an AWS Organization id. Returns a message naming the field and the
 * fix, or undefined when it is well formed.
 *
 * @public
 */
export function validateOrganizationId(
  id: string | undefined,
): string | undefined {
  if (id === undefined || id === '') {
    return "organizationId is required for the policy preset 'this-organization': give your AWS Organization id (o- and 10 to 32 lower-case letters or digits, shown in AWS Organizations' console).";
  }
  if (!ORGANIZATION_ID.test(id)) {
    return `organizationId '${id}' is not an AWS Organization id: it is o- followed by 10 to 32 lower-case letters or digits, e.g. o-a1b2c3d4e5.`;
  }
  return undefined;
}

/**
 * The policy document to send for a preset: JSON text, or null for full
 * access (no policy, or `ResetPolicy` on an existing endpoint). Throws when a
 * value the preset needs is missing or malformed; validate first to get a
 * message per field.
 *
 * @public
 */
export function endpointPolicyForPreset(
  preset: EndpointPolicyPreset,
  values: EndpointPolicyValues = {},
): string | null {
  switch (preset) {
    case 'full-access':
      return null;
    case 'this-account':
      if (!values.accountId || !ACCOUNT_ID.test(values.accountId)) {
        throw new Error(
          "The policy preset 'this-account' needs the VPC's 12-digit AWS account id: set accountId or the VPC entity's account annotation.",
        );
      }
      return JSON.stringify(
        allowAll({
          StringEquals: { 'aws:PrincipalAccount': values.accountId },
        }),
      );
    case 'this-organization': {
      const problem = validateOrganizationId(values.organizationId);
      if (problem) {
        throw new Error(problem);
      }
      return JSON.stringify(
        allowAll({
          StringEquals: { 'aws:PrincipalOrgID': values.organizationId },
        }),
      );
    }
    case 'custom':
      if (values.policyDocument === undefined) {
        throw new Error(
          "The policy preset 'custom' needs policyDocument: give an IAM policy document as JSON.",
        );
      }
      return typeof values.policyDocument === 'string'
        ? values.policyDocument
        : JSON.stringify(values.policyDocument);
    default:
      throw new Error(`Unknown endpoint policy preset '${preset}'.`);
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map(key => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function statements(doc: unknown): Array<Record<string, unknown>> {
  if (!doc || typeof doc !== 'object') {
    return [];
  }
  const list = (doc as { Statement?: unknown }).Statement;
  const all = Array.isArray(list) ? list : [list];
  return all.filter(
    (s): s is Record<string, unknown> => !!s && typeof s === 'object',
  );
}

/** A single `Allow * to *` statement, with the given condition or none. */
function singleAllowAll(doc: unknown): { condition?: unknown } | undefined {
  const list = statements(doc);
  if (list.length !== 1) {
    return undefined;
  }
  const [s] = list;
  const star = (v: unknown) =>
    v === '*' || (Array.isArray(v) && v.length === 1 && v[0] === '*');
  const principalStar =
    star(s.Principal) ||
    (typeof s.Principal === 'object' &&
      s.Principal !== null &&
      star((s.Principal as Record<string, unknown>).AWS));
  if (
    s.Effect !== 'Allow' ||
    !principalStar ||
    !star(s.Action) ||
    !star(s.Resource)
  ) {
    return undefined;
  }
  return { condition: s.Condition };
}

function parse(doc: string): unknown {
  try {
    return JSON.parse(doc);
  } catch {
    return undefined;
  }
}

/**
 * A policy document in a canonical form to compare two of them: JSON with
 * sorted keys and without `Version`, or null when there is none or it is
 * AWS's default full-access policy. Text that is not JSON is returned as is.
 *
 * @public
 */
export function normalizePolicyDocument(
  doc: string | null | undefined,
): string | null {
  if (doc === null || doc === undefined || doc.trim() === '') {
    return null;
  }
  const parsed = parse(doc);
  if (parsed === undefined) {
    return doc;
  }
  const allowAllFound = singleAllowAll(parsed);
  if (allowAllFound && allowAllFound.condition === undefined) {
    return null;
  }
  const { Version: _version, ...rest } = parsed as Record<string, unknown>;
  return JSON.stringify(sortKeys(rest));
}

function conditionValue(condition: unknown, key: string): string | undefined {
  if (!condition || typeof condition !== 'object') {
    return undefined;
  }
  const entries = Object.entries(condition as Record<string, unknown>);
  if (entries.length !== 1 || entries[0][0] !== 'StringEquals') {
    return undefined;
  }
  const inner = entries[0][1] as Record<string, unknown>;
  if (!inner || typeof inner !== 'object' || Object.keys(inner).length !== 1) {
    return undefined;
  }
  const value = inner[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Names a policy document the way the form offers it: full access (none,
 * or AWS's default), one of the presets, or custom.
 *
 * @public
 */
export function describeEndpointPolicy(
  policyDocument: string | null | undefined,
): EndpointPolicySummary {
  if (normalizePolicyDocument(policyDocument) === null) {
    return {
      preset: 'full-access',
      summary:
        'Full access: any principal may call the EKS API through the endpoint (IAM still decides).',
    };
  }
  const found = singleAllowAll(parse(policyDocument ?? ''));
  const accountId =
    found && conditionValue(found.condition, 'aws:PrincipalAccount');
  if (accountId) {
    return {
      preset: 'this-account',
      summary: `Only principals of AWS account ${accountId}.`,
      accountId,
    };
  }
  const organizationId =
    found && conditionValue(found.condition, 'aws:PrincipalOrgID');
  if (organizationId) {
    return {
      preset: 'this-organization',
      summary: `Only principals of AWS Organization ${organizationId}.`,
      organizationId,
    };
  }
  return { preset: 'custom', summary: 'A custom endpoint policy.' };
}
