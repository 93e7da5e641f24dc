import {
  endpointPolicyForPreset,
  validateOrganizationId,
  validateAllowedSources,
  validateIdList,
  validateSecurityGroupId,
  validateSubnetId,
  validateTags,
  validateTimeoutSeconds,
  type EndpointPolicyPreset,
  type Refusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  awsErrorMessage,
  RESERVED_TAG_PREFIX,
  type EndpointRequest,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';

/** What the request asks of the endpoint, apart from the VPC. */
export type EndpointSettings = Omit<
  EndpointRequest,
  'vpcId' | 'region' | 'accountId'
>;

/** The endpoint policy as the form asks for it: a preset and what it needs. */
export interface PolicyInput {
  policyPreset?: EndpointPolicyPreset;
  organizationId?: string;
  policyDocument?: string | Record<string, unknown>;
}

/** The preset a request means: `custom` when only a document is given, else full access. */
export function policyPresetOf(input: PolicyInput): EndpointPolicyPreset {
  return (
    input.policyPreset ??
    (input.policyDocument !== undefined ? 'custom' : 'full-access')
  );
}

/**
 * What the policy inputs ask for without needing AWS: the policy document
 * to send for every preset but `this-account` (which needs the VPC's
 * account), refusals by field, and notes on inputs the preset leaves
 * unused (a form keeps the value of a field it no longer shows).
 */
export function resolvePolicyInput(input: PolicyInput): {
  preset: EndpointPolicyPreset;
  policyDocument?: string | Record<string, unknown>;
  refusals: Refusal[];
  notes: string[];
} {
  const preset = policyPresetOf(input);
  const notes: string[] = [];
  const refusals: Refusal[] = [];
  if (preset !== 'custom' && input.policyDocument !== undefined) {
    notes.push(
      `policyDocument is not used: policyPreset ${preset} makes the policy. Set policyPreset to custom to send your own document.`,
    );
  }
  if (preset !== 'this-organization' && input.organizationId !== undefined) {
    if (input.policyPreset === undefined) {
      refusals.push({
        field: 'policyPreset',
        message:
          'organizationId is set but policyPreset is not: set policyPreset to this-organization to admit only principals of that AWS Organization, or remove organizationId.',
      });
    } else {
      notes.push(
        `organizationId is not used: policyPreset is ${preset}, not this-organization.`,
      );
    }
  }
  if (preset === 'this-organization') {
    const problem = validateOrganizationId(input.organizationId);
    if (problem) {
      refusals.push({ field: 'organizationId', message: problem });
    }
  }
  if (preset === 'custom' && input.policyDocument === undefined) {
    refusals.push({
      field: 'policyDocument',
      message:
        'policyPreset custom needs policyDocument: give the endpoint policy as JSON, or pick another preset.',
    });
  }
  if (refusals.length > 0 || preset === 'this-account') {
    return { preset, refusals, notes };
  }
  return {
    preset,
    policyDocument:
      preset === 'custom'
        ? input.policyDocument
        : endpointPolicyForPreset(preset, input) ?? undefined,
    refusals,
    notes,
  };
}

/** The PrivateLink limit on an endpoint policy, white space included. */
const MAX_POLICY_CHARS = 20_480;

function policyProblem(
  policyDocument: EndpointSettings['policyDocument'],
): string | undefined {
  if (policyDocument === undefined) {
    return undefined;
  }
  const text =
    typeof policyDocument === 'string'
      ? policyDocument
      : JSON.stringify(policyDocument);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `policyDocument is not valid JSON (${awsErrorMessage(
      error,
    )}); give an IAM policy document such as {"Statement":[{"Effect":"Allow","Principal":"*","Action":"eks:*","Resource":"*"}]}.`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'policyDocument must be a JSON object with a Statement list, not a string, number or list.';
  }
  if (text.length > MAX_POLICY_CHARS) {
    return `policyDocument is ${text.length} characters; an endpoint policy may have at most ${MAX_POLICY_CHARS} — shorten it.`;
  }
  return undefined;
}

function flowLogsRefusals(flowLogs: EndpointSettings['flowLogs']): Refusal[] {
  if (!flowLogs) {
    return [];
  }
  const refusals: Refusal[] = [];
  if (!flowLogs.destination.startsWith('arn:')) {
    refusals.push({
      field: 'flowLogs.destination',
      message: `flowLogs.destination '${flowLogs.destination}' is not an ARN: give the log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>) or the bucket ARN (arn:aws:s3:::<bucket>).`,
    });
  }
  const role = flowLogs.deliverLogsPermissionArn;
  if (flowLogs.destinationType === 'cloud-watch-logs') {
    if (!role) {
      refusals.push({
        field: 'flowLogs.deliverLogsPermissionArn',
        message:
          'flowLogs.deliverLogsPermissionArn is required for cloud-watch-logs: give the ARN of an IAM role that VPC Flow Logs may assume to write to the log group.',
      });
    } else if (!/^arn:[^:]+:iam::\d{12}:role\/.+/.test(role)) {
      refusals.push({
        field: 'flowLogs.deliverLogsPermissionArn',
        message: `flowLogs.deliverLogsPermissionArn '${role}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`,
      });
    }
  }
  return refusals;
}

/**
 * Every problem of the input that zod's schema cannot express, by field:
 * id formats and tag rules (from -common), the policy's JSON, the flow log
 * ARNs, the timeout, and flow logs without the wait. The input is checked
 * here once; the AWS layer trusts what passes.
 */
export function inputRefusals(
  settings: EndpointSettings,
  timeoutSeconds: number,
  wait: boolean,
): Refusal[] {
  const problems: Array<[string, string | undefined]> = [
    ['timeoutSeconds', validateTimeoutSeconds(timeoutSeconds)],
    [
      'wait',
      settings.flowLogs && !wait
        ? "flowLogs needs wait: true — flow logs attach to the endpoint's network interfaces, which exist only once it is available. Remove wait: false or flowLogs."
        : undefined,
    ],
    [
      'subnetIds',
      settings.subnetIds &&
        validateIdList(settings.subnetIds, 'subnetIds', validateSubnetId),
    ],
    [
      'securityGroupIds',
      settings.securityGroupIds &&
        validateIdList(
          settings.securityGroupIds,
          'securityGroupIds',
          validateSecurityGroupId,
        ),
    ],
    ['policyDocument', policyProblem(settings.policyDocument)],
    ['allowedSources', validateAllowedSources(settings.allowedSources)],
    ['tags', validateTags(settings.tags)],
    ...Object.keys(settings.tags ?? {})
      .filter(key => key.startsWith(RESERVED_TAG_PREFIX))
      .map((key): [string, string] => [
        'tags',
        `tags.${key}: keys starting with '${RESERVED_TAG_PREFIX}' are set by this action to find what it made — rename the key.`,
      ]),
  ];
  return [
    ...problems
      .filter((p): p is [string, string] => p[1] !== undefined)
      .map(([field, message]) => ({ field, message })),
    ...flowLogsRefusals(settings.flowLogs),
  ];
}
