import type {
  AuthorizeSecurityGroupIngressCommandInput,
  CreateFlowLogsCommandInput,
  CreateSecurityGroupCommandInput,
  CreateTagsCommandInput,
  CreateVpcEndpointCommandInput,
  DeleteTagsCommandInput,
  DnsRecordIpType,
  IpAddressType,
  IpPermission,
  ModifyVpcAttributeCommandInput,
  ModifyVpcEndpointCommandInput,
} from '@aws-sdk/client-ec2';
import {
  normalizePolicyDocument,
  type InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { createHash } from 'node:crypto';
import { endpointClientToken } from './clientToken';
import { toEc2Tags } from './managedResources';
import { modifiesEndpoint } from './plan/endpointUpdate';
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

/** One call of an update: its checkpoint key, and what IAM must allow. */
export interface UpdateCall {
  kind: 'modify' | 'createTags' | 'deleteTags';
  key: string;
  operation: string;
  actions: string[];
}

/**
 * The calls of a `modifyEndpoint` change, in the order they run:
 * `ModifyVpcEndpoint` for what it can change, then `CreateTags` and
 * `DeleteTags`. Each has its own checkpoint key, so a task retried after a
 * crash makes only the calls that did not finish.
 */
export function updateCalls(change: ModifyEndpointChange): UpdateCall[] {
  const calls: UpdateCall[] = [];
  if (modifiesEndpoint(change)) {
    calls.push({
      kind: 'modify',
      key: change.key,
      operation: 'ModifyVpcEndpoint',
      actions: [
        'ec2:ModifyVpcEndpoint',
        ...(change.privateDnsEnabled
          ? ['route53:AssociateVPCWithHostedZone']
          : []),
      ],
    });
  }
  if (Object.keys(change.addTags).length > 0) {
    calls.push({
      kind: 'createTags',
      key: `${change.key}.createTags`,
      operation: 'CreateTags',
      actions: ['ec2:CreateTags'],
    });
  }
  if (change.removeTagKeys.length > 0) {
    calls.push({
      kind: 'deleteTags',
      key: `${change.key}.deleteTags`,
      operation: 'DeleteTags',
      actions: ['ec2:DeleteTags'],
    });
  }
  return calls;
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
export type IngressSources = Pick<
  CreateSecurityGroupChange,
  | 'ingressCidrs'
  | 'ingressIpv6Cidrs'
  | 'ingressPrefixListIds'
  | 'ingressSecurityGroupIds'
>;

function ingressPermissions(change: IngressSources): IpPermission[] {
  const Description = 'HTTPS to the EKS API endpoint';
  const listed = <T>(items: T[]) => (items.length > 0 ? items : undefined);
  return [
    {
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
      IpRanges: listed(
        change.ingressCidrs.map(CidrIp => ({ CidrIp, Description })),
      ),
      Ipv6Ranges: listed(
        change.ingressIpv6Cidrs.map(CidrIpv6 => ({ CidrIpv6, Description })),
      ),
      PrefixListIds: listed(
        change.ingressPrefixListIds.map(PrefixListId => ({
          PrefixListId,
          Description,
        })),
      ),
      UserIdGroupPairs: listed(
        change.ingressSecurityGroupIds.map(GroupId => ({
          GroupId,
          Description,
        })),
      ),
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

/**
 * `ModifyVpcEndpoint` of the plan; `createdGroupId` as in
 * {@link createEndpointInput}. The DNS records follow the IP address type:
 * an `ipv4` endpoint gets A records, `dualstack` both, `ipv6` AAAA only.
 */
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
    PrivateDnsEnabled: change.privateDnsEnabled ?? undefined,
    ...(change.ipAddressType
      ? {
          IpAddressType: change.ipAddressType,
          DnsOptions: { DnsRecordIpType: change.ipAddressType },
        }
      : {}),
    PolicyDocument: change.policyDocument ?? undefined,
    ResetPolicy: change.resetPolicy || undefined,
  };
}

/**
 * The `ModifyVpcEndpoint` that puts back what {@link modifyEndpointInput}
 * changes on `before`: for a dry run against an emulator that ignores
 * `DryRun` and really makes the change.
 */
export function revertModifyEndpointInput(
  change: ModifyEndpointChange,
  before: InventoryEndpoint,
  createdGroupId: string | null,
): ModifyVpcEndpointCommandInput {
  const made = modifyEndpointInput(change, createdGroupId);
  const policyBefore = normalizePolicyDocument(before.policyDocument);
  const policyChanged = change.policyDocument !== null || change.resetPolicy;
  const ipType = change.ipAddressType ? before.ipAddressType : undefined;
  return {
    VpcEndpointId: change.vpcEndpointId,
    AddSubnetIds: made.RemoveSubnetIds,
    RemoveSubnetIds: made.AddSubnetIds,
    AddSecurityGroupIds: made.RemoveSecurityGroupIds,
    RemoveSecurityGroupIds: made.AddSecurityGroupIds,
    PrivateDnsEnabled:
      change.privateDnsEnabled === null ? undefined : before.privateDnsEnabled,
    ...(ipType
      ? {
          IpAddressType: ipType as IpAddressType,
          DnsOptions: { DnsRecordIpType: ipType as DnsRecordIpType },
        }
      : {}),
    PolicyDocument:
      policyChanged && policyBefore !== null
        ? before.policyDocument ?? undefined
        : undefined,
    ResetPolicy: policyChanged && policyBefore === null ? true : undefined,
  };
}

/** `CreateTags` of an update: the tags to add or give a new value. */
export function createTagsInput(
  change: ModifyEndpointChange,
): CreateTagsCommandInput {
  return {
    Resources: [change.vpcEndpointId],
    Tags: toEc2Tags(change.addTags),
  };
}

/** `DeleteTags` of an update: the keys the request no longer has. */
export function deleteTagsInput(
  change: ModifyEndpointChange,
): DeleteTagsCommandInput {
  return {
    Resources: [change.vpcEndpointId],
    Tags: change.removeTagKeys.map(Key => ({ Key })),
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
