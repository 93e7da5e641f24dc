import {
  describeEndpointPolicy,
  normalizePolicyDocument,
  type InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ModifyEndpointChange, Plan, PlannedChange } from '../types';

/** One row of a plan's diff. */
export type DiffRow = Plan['diff'][number];

/** The longest custom policy a diff row shows before it is cut. */
const MAX_POLICY_WORDS = 200;

function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}

function listText(ids: string[]): string {
  return ids.length > 0 ? ids.join(', ') : '(none)';
}

/** A policy as a person reads it: the preset's words, or the custom JSON. */
function policyWords(policy: string | null | undefined): string {
  const { preset, summary } = describeEndpointPolicy(policy);
  if (preset !== 'custom') {
    return summary;
  }
  const json = normalizePolicyDocument(policy) ?? '';
  return `Custom: ${
    json.length > MAX_POLICY_WORDS
      ? `${json.slice(0, MAX_POLICY_WORDS - 1)}…`
      : json
  }`;
}

/** The groups a change adds; the group this plan creates has a name, not an id yet. */
function addedGroups(
  change: ModifyEndpointChange,
  createdGroupName: string | undefined,
): string[] {
  return [
    ...change.addSecurityGroupIds,
    ...(change.addCreatedSecurityGroup
      ? [`${createdGroupName ?? 'the managed group'} (new)`]
      : []),
  ];
}

/** What one `modifyEndpoint` change does, in a line for the plan's list. */
export function describeUpdate(
  change: ModifyEndpointChange,
  createdGroupName?: string,
): string {
  const groups = addedGroups(change, createdGroupName);
  const tagKeys = Object.keys(change.addTags);
  const parts: Array<[boolean, string]> = [
    [
      change.addSubnetIds.length > 0,
      `add subnets ${change.addSubnetIds.join(', ')}`,
    ],
    [
      change.removeSubnetIds.length > 0,
      `remove subnets ${change.removeSubnetIds.join(', ')}`,
    ],
    [groups.length > 0, `add security groups ${groups.join(', ')}`],
    [
      change.removeSecurityGroupIds.length > 0,
      `remove security groups ${change.removeSecurityGroupIds.join(', ')}`,
    ],
    [
      change.privateDnsEnabled !== null,
      `turn private DNS ${onOff(Boolean(change.privateDnsEnabled))}`,
    ],
    [
      change.ipAddressType !== null,
      `switch the IP address type to ${change.ipAddressType}`,
    ],
    [change.policyDocument !== null, 'set the endpoint policy'],
    [change.resetPolicy, 'reset the endpoint policy to full access'],
    [tagKeys.length > 0, `set tags ${tagKeys.join(', ')}`],
    [
      change.removeTagKeys.length > 0,
      `remove tags ${change.removeTagKeys.join(', ')}`,
    ],
  ];
  return `Update ${change.vpcEndpointId} in place: ${parts
    .filter(([applies]) => applies)
    .map(([, text]) => text)
    .join('; ')}`;
}

/**
 * What a plan's endpoint change does to the endpoint it adopted, one row per
 * field, before → after; empty unless the change is a `modifyEndpoint`.
 * `createdGroupName` names the group the plan creates.
 */
export function updateDiff(
  existing: InventoryEndpoint | null,
  change: PlannedChange | null,
  createdGroupName?: string,
): DiffRow[] {
  if (!existing || change?.kind !== 'modifyEndpoint') {
    return [];
  }
  const rows: DiffRow[] = [];
  if (change.addSubnetIds.length > 0 || change.removeSubnetIds.length > 0) {
    rows.push({
      field: 'subnetIds',
      before: listText(existing.subnetIds),
      after: listText([
        ...existing.subnetIds.filter(
          id => !change.removeSubnetIds.includes(id),
        ),
        ...change.addSubnetIds,
      ]),
    });
  }
  const groups = addedGroups(change, createdGroupName);
  if (groups.length > 0 || change.removeSecurityGroupIds.length > 0) {
    rows.push({
      field: 'securityGroupIds',
      before: listText(existing.securityGroupIds),
      after: listText([
        ...existing.securityGroupIds.filter(
          id => !change.removeSecurityGroupIds.includes(id),
        ),
        ...groups,
      ]),
    });
  }
  if (change.privateDnsEnabled !== null) {
    rows.push({
      field: 'privateDnsEnabled',
      before: onOff(existing.privateDnsEnabled),
      after: onOff(change.privateDnsEnabled),
    });
  }
  if (change.ipAddressType !== null) {
    rows.push({
      field: 'ipAddressType',
      before: existing.ipAddressType,
      after: change.ipAddressType,
    });
  }
  if (change.policyDocument !== null || change.resetPolicy) {
    rows.push({
      field: 'policyDocument',
      before: policyWords(existing.policyDocument),
      after: policyWords(change.policyDocument),
    });
  }
  const tags = existing.tags ?? {};
  for (const [key, value] of Object.entries(change.addTags)) {
    rows.push({
      field: `tags.${key}`,
      before: tags[key] ?? '(none)',
      after: value,
    });
  }
  for (const key of change.removeTagKeys) {
    rows.push({
      field: `tags.${key}`,
      before: tags[key] ?? '',
      after: '(removed)',
    });
  }
  return rows;
}
