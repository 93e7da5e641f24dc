import type { RuleSource } from './ruleTypes';

/** How each rule source is named in a reason or a refusal (internal). */
export const SOURCE_LABEL: Record<RuleSource, string> = {
  seed: 'seed guide default',
  config: 'app-config',
  aws: 'DescribeVpcEndpointServices',
  unknown: 'unknown, AWS could not be asked',
};
