/**
 * EC2 inputs for the endpoint itself: `CreateVpcEndpoint`, the
 * `ModifyVpcEndpoint` of an update, and the one that reverts it.
 */
import type {
  CreateVpcEndpointCommandInput,
  DnsRecordIpType,
  IpAddressType,
  ModifyVpcEndpointCommandInput,
} from '@aws-sdk/client-ec2';
import {
  normalizePolicyDocument,
  type InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { endpointClientToken } from './clientToken';
import { toEc2Tags } from './managedResources';
import type { CreateEndpointChange, ModifyEndpointChange, Plan } from './types';

/** EC2 takes an absent list, not an empty one, for "no change". */
function orUndefined(ids: string[]): string[] | undefined {
  return ids.length > 0 ? ids : undefined;
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
