import type {
  AuthorizeSecurityGroupIngressCommandInput,
  CreateFlowLogsCommandInput,
  CreateSecurityGroupCommandInput,
  CreateVpcEndpointCommandInput,
  IpPermission,
  ModifyVpcAttributeCommandInput,
  ModifyVpcEndpointCommandInput,
} from '@aws-sdk/client-ec2';
import { createHash } from 'node:crypto';
import { endpointClientToken } from './clientToken';
import { toEc2Tags } from './managedResources';
import type {
  CreateEndpointChange,
  CreateFlowLogsChange,
  CreateSecurityGroupChange,
  EnableDnsHostnamesChange,
  EnableDnsSupportChange,
  ModifyEndpointChange,
  Plan,
  PlannedChange,
} from './types';

// One input builder per kind of change: the real run sends what they build,
// the dry run sends the same input with DryRun: true, so the two cannot
// drift apart.

/** EC2 takes an absent list, not an empty one, for "no change". */
function orUndefined(ids: string[]): string[] | undefined {
  return ids.length > 0 ? ids : undefined;
}

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
      return ['ec2:ModifyVpcEndpoint'];
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

export function createSecurityGroupInput(
  change: CreateSecurityGroupChange,
): CreateSecurityGroupCommandInput {
  return {
    VpcId: change.vpcId,
    GroupName: change.groupName,
    Description: change.groupDescription,
    TagSpecifications: [
      { ResourceType: 'security-group', Tags: toEc2Tags(change.tags) },
    ],
  };
}

/** The sources a rule admits on TCP 443. */
type IngressSources = Pick<
  CreateSecurityGroupChange,
  'ingressCidrs' | 'ingressIpv6Cidrs'
>;

function ingressPermissions(change: IngressSources): IpPermission[] {
  const Description = 'HTTPS to the EKS API endpoint from the VPC';
  return [
    {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      IpRanges:
        change.ingressCidrs.length > 0
          ? change.ingressCidrs.map(CidrIp => ({ CidrIp, Description }))
          : undefined,
      Ipv6Ranges:
        change.ingressIpv6Cidrs.length > 0
          ? change.ingressIpv6Cidrs.map(CidrIpv6 => ({ CidrIpv6, Description }))
          : undefined,
    },
  ];
}

/**
 * The managed group's TCP 443 rule, in `groupId`: the group just made, the
 * managed group that lacks it, or the default group a dry run probes in its
 * place. Revoking takes the same input.
 */
export function authorizeIngressInput(
  change: IngressSources,
  groupId: string,
): AuthorizeSecurityGroupIngressCommandInput {
  return { GroupId: groupId, IpPermissions: ingressPermissions(change) };
}

/**
 * `CreateVpcEndpoint` of the plan. `createdGroupId` is the group this plan's
 * `createSecurityGroup` made, or the default group a dry run probes in its
 * place; a token the plan could not know is derived over the final groups.
 */
export function createEndpointInput(
  plan: Plan,
  change: CreateEndpointChange,
  createdGroupId: string | null,
): CreateVpcEndpointCommandInput & { ClientToken: string } {
  const parameters = {
    ...change.parameters,
    securityGroupIds:
      change.withCreatedSecurityGroup && createdGroupId
        ? [...change.parameters.securityGroupIds, createdGroupId]
        : change.parameters.securityGroupIds,
  };
  // Lists go out sorted: the token is computed over sorted lists, and AWS
  // compares a repeated request's parameters as sent.
  const groups = [...parameters.securityGroupIds].sort();
  return {
    VpcEndpointType: 'Interface',
    VpcId: parameters.vpcId,
    ServiceName: parameters.serviceName,
    SubnetIds: [...parameters.subnetIds].sort(),
    // No group: AWS attaches the VPC's default group.
    SecurityGroupIds: orUndefined(groups),
    PrivateDnsEnabled: parameters.privateDnsEnabled,
    IpAddressType: parameters.ipAddressType,
    PolicyDocument: parameters.policyDocument ?? undefined,
    TagSpecifications: [
      { ResourceType: 'vpc-endpoint', Tags: toEc2Tags(parameters.tags) },
    ],
    ClientToken:
      change.clientToken ??
      endpointClientToken({
        accountId: plan.accountId,
        region: plan.region,
        parameters,
        history: change.history,
      }),
  };
}

/** `ModifyVpcEndpoint` of the plan; `createdGroupId` as in {@link createEndpointInput}. */
export function modifyEndpointInput(
  change: ModifyEndpointChange,
  createdGroupId: string | null,
): ModifyVpcEndpointCommandInput {
  return {
    VpcEndpointId: change.vpcEndpointId,
    AddSubnetIds: orUndefined(change.addSubnetIds),
    RemoveSubnetIds: orUndefined(change.removeSubnetIds),
    AddSecurityGroupIds: orUndefined([
      ...change.addSecurityGroupIds,
      ...(change.addCreatedSecurityGroup && createdGroupId
        ? [createdGroupId]
        : []),
    ]),
    RemoveSecurityGroupIds: orUndefined(change.removeSecurityGroupIds),
  };
}

function flowLogsToken(
  endpointId: string,
  change: CreateFlowLogsChange,
  eniIds: string[],
): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        endpointId,
        eniIds,
        ...change.flowLogs,
        trafficType: change.flowLogs.trafficType ?? 'ALL',
      }),
    )
    .digest('hex');
  return `eks-privatelink-fl-${hash.slice(0, 45)}`;
}

/**
 * What flow logs are published for: the endpoint's network interfaces, or,
 * in a dry run before they exist, the VPC.
 */
export type FlowLogsResource =
  | { endpointId: string; networkInterfaceIds: string[] }
  | { vpcId: string };

/** `CreateFlowLogs`, with a token derived from the endpoint and its interfaces. */
export function createFlowLogsInput(
  change: CreateFlowLogsChange,
  resource: FlowLogsResource,
): CreateFlowLogsCommandInput {
  const { flowLogs } = change;
  const destination = {
    TrafficType: flowLogs.trafficType ?? 'ALL',
    LogDestinationType: flowLogs.destinationType,
    LogDestination: flowLogs.destination,
    DeliverLogsPermissionArn: flowLogs.deliverLogsPermissionArn,
  };
  if ('vpcId' in resource) {
    return {
      ...destination,
      ResourceType: 'VPC',
      ResourceIds: [resource.vpcId],
    };
  }
  const eniIds = [...resource.networkInterfaceIds].sort();
  return {
    ...destination,
    ResourceType: 'NetworkInterface',
    ResourceIds: eniIds,
    ClientToken: flowLogsToken(resource.endpointId, change, eniIds),
  };
}
