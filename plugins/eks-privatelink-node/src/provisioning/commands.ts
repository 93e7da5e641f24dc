/**
 * The EC2 inputs of a plan's changes, one builder per kind of change: the
 * real run sends what they build, the dry run sends the same input with
 * DryRun: true, so the two cannot drift apart. Also the IAM actions each
 * change needs. The builders live in files by resource; this module
 * re-exports them.
 */
import type { ModifyVpcAttributeCommandInput } from '@aws-sdk/client-ec2';
import type {
  EnableDnsHostnamesChange,
  EnableDnsSupportChange,
  Plan,
  PlannedChange,
} from './types';
import { updateCalls } from './updateCommands';

export {
  createEndpointInput,
  modifyEndpointInput,
  revertModifyEndpointInput,
} from './endpointInputs';
export { createFlowLogsInput, type FlowLogsResource } from './flowLogsInput';
export {
  authorizeIngressInput,
  createSecurityGroupInput,
  type IngressSources,
} from './securityGroupInputs';
export {
  createTagsInput,
  deleteTagsInput,
  updateCalls,
  type UpdateCall,
} from './updateCommands';

/** The IAM actions a change needs, for refusals and notes. */
export function iamActionsOf(change: PlannedChange, plan: Plan): string[] {
  switch (change.kind) {
    case 'enableDnsSupport':
    case 'enableDnsHostnames':
      return ['ec2:ModifyVpcAttribute'];
    case 'createSecurityGroup':
      return [
        'ec2:CreateSecurityGroup',
        'ec2:CreateTags',
        'ec2:AuthorizeSecurityGroupIngress',
      ];
    case 'createEndpoint':
      return [
        'ec2:CreateVpcEndpoint',
        'ec2:CreateTags',
        ...(plan.privateDnsEnabled
          ? ['route53:AssociateVPCWithHostedZone']
          : []),
      ];
    case 'authorizeIngress':
      return ['ec2:AuthorizeSecurityGroupIngress'];
    case 'modifyEndpoint':
      return updateCalls(change).flatMap(call => call.actions);
    case 'createFlowLogs':
      return [
        'ec2:CreateFlowLogs',
        ...(change.flowLogs.deliverLogsPermissionArn ? ['iam:PassRole'] : []),
      ];
    default:
      return [];
  }
}

/** `ModifyVpcAttribute` takes one attribute per request. */
export function enableVpcDnsInput(
  change: EnableDnsSupportChange | EnableDnsHostnamesChange,
): ModifyVpcAttributeCommandInput {
  return change.kind === 'enableDnsSupport'
    ? { VpcId: change.vpcId, EnableDnsSupport: { Value: true } }
    : { VpcId: change.vpcId, EnableDnsHostnames: { Value: true } };
}
