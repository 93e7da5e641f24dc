import {
  DescribeVpcsCommand,
  paginateDescribeSecurityGroups,
  type EC2Client,
  type SecurityGroup,
  type Vpc,
} from '@aws-sdk/client-ec2';
import type { EndpointDrift } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  awsErrorMessage,
  managedGroupBehind,
  managedGroupVpcBlocks,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type { ObservedEndpoint } from '../database/types';
import { isLiveManaged } from './appliedDrift';

// EC2 caps the values of one filter; 100 VPC ids a call stays well within.
const VPC_IDS_PER_CALL = 100;

async function managedGroups(
  client: EC2Client,
  signal?: AbortSignal,
): Promise<Map<string, SecurityGroup>> {
  const groups = new Map<string, SecurityGroup>();
  const pages = paginateDescribeSecurityGroups(
    { client, pageSize: 1000 },
    {
      Filters: [{ Name: `tag:${MANAGED_BY_TAG}`, Values: [MANAGED_BY_VALUE] }],
    },
  );
  for await (const page of pages) {
    signal?.throwIfAborted();
    for (const group of page.SecurityGroups ?? []) {
      if (group.GroupId) {
        groups.set(group.GroupId, group);
      }
    }
  }
  return groups;
}

async function vpcsById(
  client: EC2Client,
  vpcIds: string[],
  signal?: AbortSignal,
): Promise<Map<string, Vpc>> {
  const vpcs = new Map<string, Vpc>();
  for (let i = 0; i < vpcIds.length; i += VPC_IDS_PER_CALL) {
    const answer = await client.send(
      new DescribeVpcsCommand({
        Filters: [
          { Name: 'vpc-id', Values: vpcIds.slice(i, i + VPC_IDS_PER_CALL) },
        ],
      }),
      { abortSignal: signal },
    );
    for (const vpc of answer.Vpcs ?? []) {
      if (vpc.VpcId) {
        vpcs.set(vpc.VpcId, vpc);
      }
    }
  }
  return vpcs;
}

function behindDrift(
  groupId: string,
  vpcBlocks: string[],
  sources: string[],
): EndpointDrift {
  const behind = [...vpcBlocks, ...sources];
  const causes = [
    ...(vpcBlocks.length > 0
      ? [
          `${vpcBlocks.join(
            ', ',
          )}: a CIDR block was probably added to the VPC after the group was made`,
        ]
      : []),
    ...(sources.length > 0
      ? [
          `${sources.join(
            ', ',
          )}: chosen in allowedSources, and its rule was removed outside the portal`,
        ]
      : []),
  ];
  return {
    field: 'securityGroupRules',
    expected: `TCP 443 from ${behind.join(', ')}`,
    actual: `${groupId} does not admit ${behind.join(', ')}`,
    message: `The managed security group ${groupId} does not admit ${behind.join(
      ', ',
    )} on TCP 443, so callers there time out (${causes.join(
      '; ',
    )}). Run the endpoint template with onExisting: update to add the rule${
      sources.length > 0
        ? ', or run it without those allowedSources if they should no longer reach the endpoint'
        : ''
    }.`,
  };
}

/**
 * Marks managed endpoints whose managed security group is behind the VPC:
 * it lacks a TCP 443 rule for one of the VPC's CIDR blocks. Costs nothing
 * when the scope has no live managed endpoint; otherwise one paginated
 * `DescribeSecurityGroups` by the managed-by tag and one `DescribeVpcs` per
 * 100 VPCs with such an endpoint. Best effort: when those reads fail
 * (say, the role lacks `ec2:DescribeSecurityGroups`), `warn` is told and the
 * endpoints are kept without a drift answer.
 *
 * `allowedSourcesOf` gives the `allowedSources` the portal last applied to
 * an endpoint (CIDR blocks, `pl-` and `sg-` ids); the group must admit
 * those as well.
 */
export async function withManagedGroupDrift(
  client: EC2Client,
  observed: ObservedEndpoint[],
  warn: (message: string) => void,
  signal?: AbortSignal,
  allowedSourcesOf: (vpcEndpointId: string) => readonly string[] = () => [],
): Promise<ObservedEndpoint[]> {
  const managed = observed.filter(isLiveManaged);
  if (managed.length === 0) {
    return observed;
  }
  let groups: Map<string, SecurityGroup>;
  let vpcs: Map<string, Vpc>;
  try {
    [groups, vpcs] = await Promise.all([
      managedGroups(client, signal),
      vpcsById(client, [...new Set(managed.map(o => o.vpcId))], signal),
    ]);
  } catch (error) {
    signal?.throwIfAborted();
    warn(
      `Could not read the managed security groups or the VPCs of ${
        managed.length
      } managed EKS endpoint(s), so the inventory cannot tell whether their groups admit every CIDR block of the VPC; grant ec2:DescribeSecurityGroups and ec2:DescribeVpcs. ${awsErrorMessage(
        error,
      )}`,
    );
    return observed;
  }
  return observed.map(o => {
    const vpc = vpcs.get(o.vpcId);
    if (!isLiveManaged(o) || !vpc) {
      return o;
    }
    const drift: EndpointDrift[] = [];
    for (const groupId of o.endpoint.securityGroupIds) {
      const group = groups.get(groupId);
      if (!group) {
        continue;
      }
      const permissions = group.IpPermissions ?? [];
      const vpcBehind = managedGroupBehind(
        permissions,
        managedGroupVpcBlocks(vpc, o.endpoint.ipAddressType),
      );
      const sourcesBehind = managedGroupBehind(
        permissions,
        [],
        allowedSourcesOf(o.endpoint.vpcEndpointId),
      ).filter(source => !vpcBehind.includes(source));
      if (vpcBehind.length > 0 || sourcesBehind.length > 0) {
        drift.push(behindDrift(groupId, vpcBehind, sourcesBehind));
      }
    }
    return { ...o, endpoint: { ...o.endpoint, drift } };
  });
}
