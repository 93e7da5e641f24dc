/**
 * How one rule is decided and explained: the precedence of the sources and
 * the reason text naming who decided it and how to change it.
 */

import { SOURCE_LABEL } from './ruleSourceLabels';
import type { RuleDecision, RuleInputs, RuleSource } from './ruleTypes';
import { seedHistory } from './seedRules';

/** Whether the seed guide and `eksPrivateLink.rules` speak for the inputs' service. */
export function seedAndConfigApply(inputs: RuleInputs): boolean {
  return (inputs.service ?? 'eks') === 'eks';
}

/** Why a non-`eks` service has no seed or config rule, for its reasons. */
const EKS_ONLY =
  'the seed guide and eksPrivateLink.rules are about the eks service only';

/** Why AWS's word is missing: it could not be asked, or left the field out. */
function unknownWhy(inputs: RuleInputs): string {
  if (inputs.live) {
    return 'DescribeVpcEndpointServices did not say';
  }
  return `could not ask AWS${inputs.liveError ? ` (${inputs.liveError})` : ''}`;
}

export function sourceText(
  source: RuleSource,
  configKey: string,
  inputs: RuleInputs,
): string {
  if (source === 'aws') {
    return `source: ${SOURCE_LABEL.aws}`;
  }
  if (source === 'unknown') {
    return `source: unknown, ${unknownWhy(
      inputs,
    )}; AWS's answer to the create decides${
      seedAndConfigApply(inputs)
        ? `, or set eksPrivateLink.rules.${configKey}`
        : ` (${EKS_ONLY})`
    }`;
  }
  if (!seedAndConfigApply(inputs)) {
    return `source: ${SOURCE_LABEL[source]}, the default of every interface endpoint; ${EKS_ONLY}`;
  }
  return `source: ${SOURCE_LABEL[source]}; override with eksPrivateLink.rules.${configKey}`;
}

/** A rule's decision; `seedSaid` is the seed's restrictive word, kept as history when nobody decided. */
export function decide<T>(
  known: { value: T; source: RuleSource },
  configKey: string,
  describe: (value: T) => string,
  inputs: RuleInputs,
  seedSaid?: string,
): RuleDecision<T> {
  return {
    ...known,
    reason: `${describe(known.value)} (${sourceText(
      known.source,
      configKey,
      inputs,
    )})`,
    ...(known.source === 'unknown' && seedSaid
      ? { history: seedHistory(seedSaid) }
      : {}),
  };
}

/**
 * The first value that is known, by precedence: AWS, then config; else
 * `fallback`, which is the seed's for rules that refuse nothing and the
 * permissive value (source `unknown`) for rules that would.
 */
export function firstKnown<T>(
  fromAws: T | undefined,
  fromConfig: T | undefined,
  fallback: { value: T; source: 'seed' | 'unknown' },
): { value: T; source: RuleSource } {
  if (fromAws !== undefined) {
    return { value: fromAws, source: 'aws' };
  }
  if (fromConfig !== undefined) {
    return { value: fromConfig, source: 'config' };
  }
  return fallback;
}
