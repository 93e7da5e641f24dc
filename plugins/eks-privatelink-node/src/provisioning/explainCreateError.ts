import { InputError } from '@backstage/errors';
import { awsErrorCode, publicAwsMessage } from '../errors';
import type { Plan } from './types';
import { requestServiceLabel } from './requestService';

/**
 * The errors by which AWS's answer to `CreateVpcEndpoint` decides a rule
 * the pre-flight could not (when `DescribeVpcEndpointServices` could not be
 * asked the rules are unknown and let the request through): the region,
 * the Availability Zones, the IP address type and the endpoint policy.
 */
const RULE_ERRORS: Array<{
  matches: (code: string | undefined, said: string) => boolean;
  explain: (plan: Plan) => string;
}> = [
  {
    matches: code => code === 'InvalidServiceName',
    explain: plan =>
      `AWS says ${plan.serviceName} is not offered in ${
        plan.region
      } (InvalidServiceName), so the ${requestServiceLabel(
        plan,
      )} interface endpoint can't be created there. Use a VPC in a region where AWS offers it.`,
  },
  {
    matches: (code, said) =>
      code === 'InvalidParameter' && /availability zone/i.test(said),
    explain: plan =>
      `AWS says ${
        plan.serviceName
      } is not offered in the Availability Zone of one of the subnets ${plan.subnetIds.join(
        ', ',
      )} (${plan.availabilityZones.join(
        ', ',
      )}). Pick subnets in other Availability Zones (grant ec2:DescribeVpcEndpointServices and the action picks supported ones itself).`,
  },
  {
    matches: (code, said) =>
      /^Invalid/.test(code ?? '') && /policy/i.test(said),
    explain: plan =>
      `AWS refused the endpoint policy for ${plan.serviceName} in ${plan.region}. Remove policyDocument (or choose the full-access preset) and restrict access with security groups instead.`,
  },
  {
    matches: (code, said) =>
      /^Invalid/.test(code ?? '') &&
      /ip ?address ?type|ipv6|dualstack/i.test(said),
    explain: plan =>
      `AWS refused ipAddressType ${plan.ipAddressType} for ${plan.serviceName} in ${plan.region}. Use ipAddressType ipv4, or subnets with the IP blocks that type needs.`,
  },
];

/**
 * An {@link InputError} that says what AWS's refusal of a create means and
 * what to do, for the refusals by which AWS decides the EKS endpoint rules
 * (see `decideRules`); undefined for any other error. AWS's own words are
 * kept at the end.
 */
export function explainRuleRefusal(
  error: unknown,
  plan: Plan,
): InputError | undefined {
  const code = awsErrorCode(error);
  const said = publicAwsMessage(error);
  const rule = RULE_ERRORS.find(r => r.matches(code, said));
  return rule && new InputError(`${rule.explain(plan)} AWS said: ${said}`);
}
