import type { IpPermission, Vpc } from '@aws-sdk/client-ec2';
import {
  allowedSourceKind,
  type EndpointIpAddressType,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { IngressSources } from '../commands';

/** CIDR blocks as AWS may write them back: compared in lower case. */
const sameText = (value: string) => value.toLocaleLowerCase('en-US');

/**
 * The sources of `allowedSources` by the part of an `IpPermission` they go
 * in, each once. Entries that are no source are left out: the input was
 * validated at the edge.
 */
export function splitSources(sources: readonly string[]): IngressSources {
  const split: IngressSources = {
    ingressCidrs: [],
    ingressIpv6Cidrs: [],
    ingressPrefixListIds: [],
    ingressSecurityGroupIds: [],
  };
  for (const source of new Set(sources)) {
    switch (allowedSourceKind(source)) {
      case 'ipv4Cidr':
        split.ingressCidrs.push(source);
        break;
      case 'ipv6Cidr':
        split.ingressIpv6Cidrs.push(source);
        break;
      case 'prefixList':
        split.ingressPrefixListIds.push(source);
        break;
      case 'securityGroup':
        split.ingressSecurityGroupIds.push(source);
        break;
      default:
    }
  }
  return split;
}

/** The VPC's associated CIDR blocks, which the managed group admits on TCP 443. */
export function vpcCidrs(vpc: Vpc): { ipv4: string[]; ipv6: string[] } {
  const ipv4 = (vpc.CidrBlockAssociationSet ?? [])
    .filter(a => (a.CidrBlockState?.State ?? 'associated') === 'associated')
    .map(a => a.CidrBlock)
    .filter((c): c is string => Boolean(c));
  const ipv6 = (vpc.Ipv6CidrBlockAssociationSet ?? [])
    .filter(a => (a.Ipv6CidrBlockState?.State ?? 'associated') === 'associated')
    .map(a => a.Ipv6CidrBlock)
    .filter((c): c is string => Boolean(c));
  if (ipv4.length === 0 && vpc.CidrBlock) {
    ipv4.push(vpc.CidrBlock);
  }
  return { ipv4: [...new Set(ipv4)], ipv6: [...new Set(ipv6)] };
}

/** The sources the managed group admits on TCP 443: the VPC's blocks, then `allowedSources`. */
export function ingressSources(
  vpc: Vpc,
  ipAddressType: EndpointIpAddressType,
  allowed: IngressSources,
): IngressSources {
  const cidrs = vpcCidrs(vpc);
  const unique = (list: string[]) => [...new Set(list)];
  return {
    ingressCidrs: unique([...cidrs.ipv4, ...allowed.ingressCidrs]),
    ingressIpv6Cidrs: unique([
      ...(ipAddressType === 'ipv4' ? [] : cidrs.ipv6),
      ...allowed.ingressIpv6Cidrs,
    ]),
    ingressPrefixListIds: allowed.ingressPrefixListIds,
    ingressSecurityGroupIds: allowed.ingressSecurityGroupIds,
  };
}

/**
 * The VPC's blocks the managed group admits on TCP 443, as the plan makes
 * it: every associated IPv4 block, and the IPv6 ones for endpoints that are
 * not `ipv4`. Pass them to {@link managedGroupBehind}.
 *
 * @public
 */
export function managedGroupVpcBlocks(
  vpc: Vpc,
  ipAddressType: string,
): string[] {
  const cidrs = vpcCidrs(vpc);
  return [...cidrs.ipv4, ...(ipAddressType === 'ipv4' ? [] : cidrs.ipv6)];
}

/** Every source the rules admit on TCP 443 (all traffic counts), in lower case. */
function admittedOn443(permissions: readonly IpPermission[]): Set<string> {
  const admits443 = permissions.filter(
    p =>
      p.IpProtocol === '-1' ||
      (p.IpProtocol === 'tcp' &&
        (p.FromPort ?? 0) <= 443 &&
        (p.ToPort ?? 65535) >= 443),
  );
  return new Set(
    admits443
      .flatMap(p => [
        ...(p.IpRanges ?? []).map(r => r.CidrIp),
        ...(p.Ipv6Ranges ?? []).map(r => r.CidrIpv6),
        ...(p.PrefixListIds ?? []).map(r => r.PrefixListId),
        ...(p.UserIdGroupPairs ?? []).map(r => r.GroupId),
      ])
      .filter((s): s is string => Boolean(s))
      .map(sameText),
  );
}

/** The wanted sources the rules do not admit yet; each list may be empty. */
export function lackingSources(
  permissions: readonly IpPermission[],
  wanted: IngressSources,
): IngressSources {
  const admitted = admittedOn443(permissions);
  const lacking = (list: string[]) =>
    list.filter(source => !admitted.has(sameText(source)));
  return {
    ingressCidrs: lacking(wanted.ingressCidrs),
    ingressIpv6Cidrs: lacking(wanted.ingressIpv6Cidrs),
    ingressPrefixListIds: lacking(wanted.ingressPrefixListIds),
    ingressSecurityGroupIds: lacking(wanted.ingressSecurityGroupIds),
  };
}

/** All the sources of an {@link IngressSources}, in rule order. */
export function sourcesOf(sources: IngressSources): string[] {
  return [
    ...sources.ingressCidrs,
    ...sources.ingressIpv6Cidrs,
    ...sources.ingressPrefixListIds,
    ...sources.ingressSecurityGroupIds,
  ];
}

/**
 * The sources the managed security group does not admit on TCP 443 yet:
 * the VPC's CIDR blocks (say, one associated after the group was made) and
 * the `allowedSources` of the request that made it. Empty when the group is
 * up to date; an update run (`onExisting: update`) adds what is listed.
 *
 * @param groupPermissions - the group's `IpPermissions`, as DescribeSecurityGroups returns them
 * @param vpcBlocks - the VPC's associated blocks the group should admit (IPv6 ones only for non-ipv4 endpoints)
 * @param sources - `allowedSources`: CIDR blocks, `pl-…` and `sg-…` ids
 * @public
 */
export function managedGroupBehind(
  groupPermissions: readonly IpPermission[],
  vpcBlocks: readonly string[],
  sources: readonly string[] = [],
): string[] {
  return sourcesOf(
    lackingSources(groupPermissions, splitSources([...vpcBlocks, ...sources])),
  );
}
