import {
  normalizePolicyDocument,
  type EndpointIpAddressType,
  type InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { checkpointKey } from '../checkpoint';
import { requestService } from '../requestService';
import { managedEndpointTags, RESERVED_TAG_PREFIX } from '../managedResources';
import type {
  EndpointRequest,
  ModifyEndpointChange,
  Plan,
  PlannedChange,
} from '../types';
import type { SecurityGroupPlan } from './securityGroups';
import { describeUpdate } from './updateDiff';

/** Tags an update never adds, changes or removes: the portal's own and AWS's. */
function untouchableTag(key: string): boolean {
  return key.startsWith(RESERVED_TAG_PREFIX) || key.startsWith('aws:');
}

/** The policy as EC2 takes it: JSON text, or null for full access. */
function policyText(policy: EndpointRequest['policyDocument']): string | null {
  if (policy === undefined || policy === null) {
    return null;
  }
  return typeof policy === 'string' ? policy : JSON.stringify(policy);
}

/**
 * The groups an update leaves the endpoint with. They change only when
 * asked: given groups replace the endpoint's, `createSecurityGroup: true`
 * adds the managed group to them.
 */
export function targetGroups(
  existing: InventoryEndpoint,
  request: EndpointRequest,
  groups: SecurityGroupPlan,
): string[] {
  if (groups.givenGroupIds.length > 0) {
    return groups.groupIds;
  }
  if (request.createSecurityGroup === true) {
    return [...new Set([...existing.securityGroupIds, ...groups.groupIds])];
  }
  return existing.securityGroupIds;
}

type ChangeFields = Omit<
  ModifyEndpointChange,
  'kind' | 'key' | 'description' | 'vpcEndpointId'
>;

/** Subnets and groups: given lists replace the endpoint's; omitted ones stay. */
function placementFields(
  existing: InventoryEndpoint,
  request: EndpointRequest,
  groups: SecurityGroupPlan,
): Pick<
  ChangeFields,
  | 'addSubnetIds'
  | 'removeSubnetIds'
  | 'addSecurityGroupIds'
  | 'removeSecurityGroupIds'
  | 'addCreatedSecurityGroup'
> {
  const asked = request.subnetIds ?? [];
  const target = targetGroups(existing, request, groups);
  return {
    addSubnetIds: asked.filter(id => !existing.subnetIds.includes(id)),
    removeSubnetIds:
      asked.length > 0
        ? existing.subnetIds.filter(id => !asked.includes(id))
        : [],
    addSecurityGroupIds: target.filter(
      id => !existing.securityGroupIds.includes(id),
    ),
    removeSecurityGroupIds:
      groups.givenGroupIds.length > 0
        ? existing.securityGroupIds.filter(id => !target.includes(id))
        : [],
    addCreatedSecurityGroup: groups.createGroup !== null,
  };
}

/**
 * The policy follows the request: a document (or a preset's) is set when it
 * differs from the endpoint's; none means full access, so a policy the
 * endpoint has is reset. Compared in canonical form, so key order, white
 * space and AWS's own default document make no difference.
 */
function policyFields(
  existing: InventoryEndpoint,
  request: EndpointRequest,
): Pick<ChangeFields, 'policyDocument' | 'resetPolicy'> {
  const wanted = policyText(request.policyDocument);
  const same =
    normalizePolicyDocument(wanted) ===
    normalizePolicyDocument(existing.policyDocument);
  if (same) {
    return { policyDocument: null, resetPolicy: false };
  }
  return normalizePolicyDocument(wanted) === null
    ? { policyDocument: null, resetPolicy: true }
    : { policyDocument: wanted, resetPolicy: false };
}

/**
 * The tags follow the request: the endpoint gets the tags a create would
 * give it, and loses the ones the request no longer has. Keys of the portal
 * (`eks-privatelink:`) and of AWS (`aws:`) are never touched.
 */
function tagFields(
  existing: InventoryEndpoint,
  request: EndpointRequest,
): Pick<ChangeFields, 'addTags' | 'removeTagKeys'> {
  const have = existing.tags ?? {};
  const wanted = managedEndpointTags(
    request.vpcId,
    request.tags ?? {},
    requestService(request),
  );
  const addTags: Record<string, string> = {};
  for (const key of Object.keys(wanted).sort()) {
    if (!untouchableTag(key) && have[key] !== wanted[key]) {
      addTags[key] = wanted[key];
    }
  }
  const removeTagKeys = Object.keys(have)
    .filter(key => !untouchableTag(key) && !(key in wanted))
    .sort();
  return { addTags, removeTagKeys };
}

/** Everything an update changes; all empty or null when nothing differs. */
function changeFields(
  existing: InventoryEndpoint,
  request: EndpointRequest,
  groups: SecurityGroupPlan,
): ChangeFields {
  const dns = request.privateDnsEnabled;
  const ipType = request.ipAddressType;
  return {
    ...placementFields(existing, request, groups),
    privateDnsEnabled:
      dns !== undefined && dns !== existing.privateDnsEnabled ? dns : null,
    ipAddressType:
      ipType !== undefined && ipType !== existing.ipAddressType ? ipType : null,
    ...policyFields(existing, request),
    ...tagFields(existing, request),
  };
}

/** Whether the change changes tags (`CreateTags`, `DeleteTags`). */
export function changesTags(change: ModifyEndpointChange): boolean {
  return (
    Object.keys(change.addTags).length > 0 || change.removeTagKeys.length > 0
  );
}

/** Whether the change needs `ModifyVpcEndpoint` (tags alone do not). */
export function modifiesEndpoint(change: ModifyEndpointChange): boolean {
  return (
    change.addSubnetIds.length > 0 ||
    change.removeSubnetIds.length > 0 ||
    change.addSecurityGroupIds.length > 0 ||
    change.removeSecurityGroupIds.length > 0 ||
    change.addCreatedSecurityGroup ||
    change.privateDnsEnabled !== null ||
    change.ipAddressType !== null ||
    change.policyDocument !== null ||
    change.resetPolicy
  );
}

/** What an endpoint's subnets need for each IP address type. */
const SUBNETS_FOR_IP_TYPE: Record<EndpointIpAddressType, string> = {
  ipv4: 'its subnets need IPv4 CIDR blocks',
  dualstack: 'its subnets need both IPv4 and IPv6 CIDR blocks',
  ipv6: 'its subnets must be IPv6-only',
};

/**
 * The `modifyEndpoint` change that makes an adopted endpoint what the
 * request asks, or null when it already is. Subnets, groups, private DNS
 * and the IP address type change only when the request names them; the
 * policy and the tags follow the request (none given: full access, no
 * extra tags), and a note says so whenever that takes something away.
 */
export function planEndpointUpdate(
  request: EndpointRequest,
  existing: InventoryEndpoint,
  groups: SecurityGroupPlan,
  notes: string[],
): ModifyEndpointChange | null {
  const change: ModifyEndpointChange = {
    kind: 'modifyEndpoint',
    key: checkpointKey(
      request.vpcId,
      'modifyEndpoint',
      requestService(request),
    ),
    description: '',
    vpcEndpointId: existing.vpcEndpointId,
    ...changeFields(existing, request, groups),
  };
  if (!modifiesEndpoint(change) && !changesTags(change)) {
    return null;
  }
  change.description = describeUpdate(change, groups.createGroup?.groupName);
  const id = existing.vpcEndpointId;
  if (change.resetPolicy) {
    notes.push(
      `The endpoint policy follows the request, which names none (policyPreset full-access, or neither policyPreset nor policyDocument): ${id}'s policy is reset to full access. Give the policy again to keep it.`,
    );
  }
  if (change.removeTagKeys.length > 0) {
    const many = change.removeTagKeys.length > 1;
    notes.push(
      `Tags follow the request: ${change.removeTagKeys
        .map(key => `tags.${key}`)
        .join(', ')} ${
        many ? 'are' : 'is'
      } removed from ${id} because the request's tags do not name ${
        many ? 'them' : 'it'
      }; to keep a tag, give it in tags. Keys starting with ${RESERVED_TAG_PREFIX} or aws: are never touched.`,
    );
  }
  if (change.ipAddressType !== null) {
    notes.push(
      `${id} switches to ${change.ipAddressType}, its DNS records too; ${
        SUBNETS_FOR_IP_TYPE[change.ipAddressType]
      }, or AWS refuses the change.`,
    );
  }
  return change;
}

/**
 * The adopted endpoint as the DNS part of the plan should see it: none when
 * an update switches private DNS, so that the switch is checked and
 * prepared (the VPC's DNS attributes) as for a new endpoint.
 */
export function endpointForDnsPlan(
  request: EndpointRequest,
  action: Plan['action'],
  existing: InventoryEndpoint | null,
): InventoryEndpoint | null {
  const switches =
    action === 'update' &&
    existing !== null &&
    request.privateDnsEnabled !== undefined &&
    request.privateDnsEnabled !== existing.privateDnsEnabled;
  return switches ? null : existing;
}

/** The IP address type the endpoint has once the plan ran. */
export function ipAddressTypeAfter(
  existing: InventoryEndpoint,
  change: PlannedChange | null,
): EndpointIpAddressType {
  return ((change?.kind === 'modifyEndpoint' && change.ipAddressType) ||
    existing.ipAddressType) as EndpointIpAddressType;
}
