import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  validateAccountId,
  validateRegion,
  validateVpcId,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

// The eks-privatelink backend stores at most this much text per field.
const MAX_TITLE_LENGTH = 255;
const MAX_DESCRIPTION_LENGTH = 4000;

/** The onboarding action's input, as the form may send it. */
export interface OnboardingInput {
  vpcId: string;
  region?: string;
  accountId?: string;
  name?: string;
  title?: string;
  description?: string;
  owner: string;
  system?: string;
}

/** The input checked, trimmed and with full, lower-case entity refs. */
export interface OnboardingRequest {
  vpcId: string;
  region: string;
  accountId?: string;
  /** Absent: derived from the VPC's Name tag. */
  name?: string;
  title?: string;
  description?: string;
  ownerRef: string;
  systemRef?: string;
}

/** The full, lower-case ref, or a message naming the field and the form. */
function normalizeRef(
  value: string,
  field: string,
  defaultKind: string,
  example: string,
): { ref: string } | { problem: string } {
  try {
    return {
      ref: stringifyEntityRef(
        parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
      ).toLocaleLowerCase('en-US'),
    };
  } catch (error) {
    return {
      problem: `${field} '${value}' is not an entity ref (${
        (error as Error).message
      }): use the form ${example}.`,
    };
  }
}

/**
 * Checks the input once, before anything else, and names every problem
 * with its field.
 */
export function parseOnboardingInput(
  input: OnboardingInput,
  defaultRegion: string | undefined,
): OnboardingRequest {
  // A form sends optional text fields it left empty as '', not absent.
  const region = input.region?.trim() || defaultRegion;
  const accountId = input.accountId?.trim() || undefined;
  const title = input.title?.trim() || undefined;
  const description = input.description?.trim() || undefined;
  const systemInput = input.system?.trim() || undefined;
  const name = input.name?.trim() || undefined;
  const owner = input.owner?.trim()
    ? normalizeRef(
        input.owner.trim(),
        'owner',
        'group',
        'group:default/platform-networking',
      )
    : {
        problem:
          'owner is empty: give the owning group or user, such as group:default/platform-networking.',
      };
  const system =
    systemInput === undefined
      ? undefined
      : normalizeRef(
          systemInput,
          'system',
          'system',
          'system:default/eks-platform',
        );

  const problems = [
    validateVpcId(input.vpcId, 'vpcId'),
    region === undefined
      ? 'region is empty and eksPrivateLink.defaultRegion is not set: give the AWS region of the VPC, such as us-east-1.'
      : validateRegion(region, 'region'),
    accountId === undefined
      ? undefined
      : validateAccountId(accountId, 'accountId'),
    name !== undefined && !KubernetesValidatorFunctions.isValidObjectName(name)
      ? `name '${name}' is not a valid entity name: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, such as payments-vpc.`
      : undefined,
    'problem' in owner ? owner.problem : undefined,
    system && 'problem' in system ? system.problem : undefined,
    title !== undefined && title.length > MAX_TITLE_LENGTH
      ? `title is ${title.length} characters; at most ${MAX_TITLE_LENGTH} are kept — shorten it.`
      : undefined,
    description !== undefined && description.length > MAX_DESCRIPTION_LENGTH
      ? `description is ${description.length} characters; at most ${MAX_DESCRIPTION_LENGTH} are kept — shorten it.`
      : undefined,
  ].filter((problem): problem is string => problem !== undefined);
  if (
    problems.length > 0 ||
    region === undefined ||
    !('ref' in owner) ||
    (system && !('ref' in system))
  ) {
    throw new InputError(problems.join(' '));
  }
  return {
    vpcId: input.vpcId,
    region,
    ...(accountId ? { accountId } : {}),
    ...(name ? { name } : {}),
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    ownerRef: owner.ref,
    ...(system && 'ref' in system ? { systemRef: system.ref } : {}),
  };
}
