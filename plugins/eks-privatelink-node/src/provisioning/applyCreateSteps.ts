/**
 * The creation steps of a real apply: the managed security group and its
 * TCP 443 rules, the endpoint itself (with AWS's create errors explained),
 * and its flow logs.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateFlowLogsCommand,
  CreateSecurityGroupCommand,
  CreateVpcEndpointCommand,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { InputError } from '@backstage/errors';
import { findSecurityGroupByName } from '../ec2Reads';
import {
  awsErrorCode,
  isUnauthorized,
  publicAwsMessage,
  redactAwsText,
} from '../errors';
import type { RealRun } from './applyRun';
import {
  authorizeIngressInput,
  createEndpointInput,
  createFlowLogsInput,
  createSecurityGroupInput,
  type IngressSources,
} from './commands';
import { explainRuleRefusal } from './explainCreateError';
import { endpointState } from './endpointState';
import { isManagedSecurityGroup } from './managedResources';
import { privateDnsNameOf, requestServiceLabel } from './requestService';
import type {
  CreateEndpointChange,
  CreateFlowLogsChange,
  CreateSecurityGroupChange,
  Plan,
} from './types';

export async function createManagedGroup(
  run: RealRun,
  change: CreateSecurityGroupChange,
): Promise<string> {
  const { client, options } = run;
  let groupId: string | undefined;
  try {
    groupId = (
      await client.send(
        new CreateSecurityGroupCommand(createSecurityGroupInput(change)),
        { abortSignal: options.signal },
      )
    ).GroupId;
  } catch (error) {
    // The name is unique per VPC: a duplicate is the group an interrupted
    // attempt made before its checkpoint was stored.
    if (awsErrorCode(error) !== 'InvalidGroup.Duplicate') {
      throw error;
    }
    const found = await findSecurityGroupByName(
      client,
      change.vpcId,
      change.groupName,
      options,
    );
    // Someone else may have taken the name since the plan looked.
    if (found && !isManagedSecurityGroup(found, change.vpcId)) {
      throw new InputError(
        `A security group named ${change.groupName} (${found.GroupId}) appeared in ${change.vpcId} without the portal's tags, so it is not adopted. Rename or delete it and run again, or give securityGroupIds with createSecurityGroup: false.`,
      );
    }
    groupId = found?.GroupId;
  }
  if (!groupId) {
    throw new Error(
      `CreateSecurityGroup returned no group id for ${change.groupName} in ${change.vpcId}`,
    );
  }
  await authorizeIngress(run, change, groupId);
  return groupId;
}

/**
 * Adds the TCP 443 rules to the managed group. A rule that exists already
 * (an earlier attempt added it) answers `InvalidPermission.Duplicate`, which
 * is what was wanted.
 */
export async function authorizeIngress(
  run: RealRun,
  sources: IngressSources,
  groupId: string,
): Promise<void> {
  try {
    await run.client.send(
      new AuthorizeSecurityGroupIngressCommand(
        authorizeIngressInput(sources, groupId),
      ),
      { abortSignal: run.options.signal },
    );
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidPermission.Duplicate') {
      throw error;
    }
  }
}

/** Turns the AWS errors of a create into what to do about them. */
function explainCreateError(
  error: unknown,
  plan: Plan,
  clientToken: string,
): Error {
  const code = awsErrorCode(error);
  const said = publicAwsMessage(error);
  if (code === 'IdempotentParameterMismatch') {
    return new InputError(
      `AWS refused the idempotency token ${clientToken}: it was used before for a CreateVpcEndpoint request with other parameters (IdempotentParameterMismatch). The token is derived from the VPC, subnets, security groups, private DNS, IP address type, policy and tags, so something outside this action changed one of them between two attempts. Look for an ${requestServiceLabel(
        plan,
      )} endpoint in ${
        plan.vpcId
      } (VPC console, or DescribeVpcEndpoints): if there is one, run again with onExisting reuse or update; if there is none, change any input (a tag will do) to get a new token, or run again later once AWS has forgotten the old one. AWS said: ${said}`,
    );
  }
  if (code === 'VpcEndpointLimitExceeded') {
    return new InputError(
      `${plan.vpcId} has reached its quota of interface endpoints (VpcEndpointLimitExceeded). Delete endpoints it no longer needs or ask for a higher "Interface VPC endpoints per VPC" quota in Service Quotas. AWS said: ${said}`,
    );
  }
  if (code === 'ConflictingDomainExists' || /conflicting dns/i.test(said)) {
    return new InputError(
      `Private DNS for ${plan.serviceName} conflicts with a name ${
        plan.vpcId
      } already resolves: another endpoint of ${
        plan.serviceName
      } with private DNS, or a Route 53 private hosted zone for ${privateDnsNameOf(
        plan,
      )}, is associated with the VPC. Remove that one, or set privateDnsEnabled to false. AWS said: ${said}`,
    );
  }
  return (
    explainRuleRefusal(error, plan) ??
    (error instanceof Error ? error : new Error(said))
  );
}

export async function createEndpoint(
  run: RealRun,
  change: CreateEndpointChange,
  securityGroupId: string | null,
): Promise<{ vpcEndpointId: string; state: string }> {
  const { plan } = run;
  const input = createEndpointInput(plan, change, securityGroupId);
  let endpoint: VpcEndpoint | undefined;
  try {
    endpoint = (
      await run.client.send(new CreateVpcEndpointCommand(input), {
        abortSignal: run.options.signal,
      })
    ).VpcEndpoint;
  } catch (error) {
    throw isUnauthorized(error)
      ? error
      : explainCreateError(error, plan, input.ClientToken);
  }
  if (!endpoint?.VpcEndpointId) {
    throw new Error(
      `CreateVpcEndpoint returned no endpoint for ${plan.vpcId}; look for it in the VPC console before running again`,
    );
  }
  const state = endpointState(endpoint);
  if (state === 'deleted' || state === 'deleting') {
    // AWS answers a repeated token with the endpoint it made the first time,
    // even when that endpoint has since been deleted.
    throw new InputError(
      `AWS answered with ${endpoint.VpcEndpointId}, which is ${state}: token ${input.ClientToken} belongs to an endpoint that was created with the same parameters and then deleted. Change any input (a tag will do) to get a new token, or run again later.`,
    );
  }
  return { vpcEndpointId: endpoint.VpcEndpointId, state };
}

export async function createFlowLogs(
  run: RealRun,
  change: CreateFlowLogsChange,
  endpoint: VpcEndpoint,
  endpointId: string,
): Promise<string[]> {
  const eniIds = endpoint.NetworkInterfaceIds ?? [];
  if (eniIds.length === 0) {
    throw new Error(
      `${endpointId} lists no network interfaces, so there is nothing to attach flow logs to; run again once it shows them.`,
    );
  }
  const response = await run.client.send(
    new CreateFlowLogsCommand(
      createFlowLogsInput(change, { endpointId, networkInterfaceIds: eniIds }),
    ),
    { abortSignal: run.options.signal },
  );
  const failures = (response.Unsuccessful ?? []).filter(
    u => u.Error?.Code !== 'FlowLogAlreadyExists',
  );
  if (failures.length > 0) {
    const text = failures
      .map(
        u =>
          `${u.ResourceId}: ${u.Error?.Code}: ${redactAwsText(
            u.Error?.Message ?? '',
          )}`,
      )
      .join('; ');
    const field = failures.some(u =>
      /PermissionIssue/.test(u.Error?.Code ?? ''),
    )
      ? 'flowLogs.deliverLogsPermissionArn'
      : 'flowLogs.destination';
    throw new InputError(
      `${endpointId} exists, but its flow logs could not be created (${text}). Fix ${field} and run again: the endpoint is reused and only the flow logs are retried.`,
    );
  }
  return response.FlowLogIds ?? [];
}
