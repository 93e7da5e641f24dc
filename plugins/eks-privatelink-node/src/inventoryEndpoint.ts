import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** Options of {@link toInventoryEndpoint}. @public */
export interface ToInventoryEndpointOptions {
  /** Subnet id to AZ name, e.g. from `listSubnets`; the surest source of AZs. */
  subnetAvailabilityZones?: Record<string, string>;
}

/**
 * The region of `com.amazonaws.<region>.eks` (or any `com.amazonaws.<region>.x`).
 */
function regionOfServiceName(serviceName: string | undefined): string | null {
  const match = /^com\.amazonaws\.([a-z0-9-]+)\.[^.]+/.exec(serviceName ?? '');
  return match ? match[1] : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * AZs named by an endpoint's zonal DNS entries. `DescribeVpcEndpoints` does
 * not return the AZs, but each zonal entry carries its AZ at the end of the
 * first label (`vpce-0abc…-x1y2z3-us-east-1a.eks.us-east-1.vpce.amazonaws.com`);
 * the regional entry has none. Reading them costs no extra AWS call.
 */
function zonesFromDnsEntries(ep: VpcEndpoint): string[] {
  const region = regionOfServiceName(ep.ServiceName);
  if (!region) {
    return [];
  }
  const zonal = new RegExp(`-(${escapeRegExp(region)}(?:-[a-z0-9]+)*[a-z])$`);
  const zones: string[] = [];
  for (const entry of ep.DnsEntries ?? []) {
    const firstLabel = entry.DnsName?.split('.')[0] ?? '';
    const match = zonal.exec(firstLabel);
    if (match) {
      zones.push(match[1]);
    }
  }
  return zones;
}

function unique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/**
 * Turns an SDK `VpcEndpoint` into the inventory's shape: the state in lower
 * case (the SDK's enum is PascalCase, the wire value is not), times as ISO
 * strings, `lastSeenAt` = `now`.
 *
 * The endpoint's AZs come from `subnetAvailabilityZones` when given, and from
 * the zonal DNS entries otherwise (both, merged, when the map misses a subnet).
 *
 * @public
 */
export function toInventoryEndpoint(
  ep: VpcEndpoint,
  now: Date = new Date(),
  options: ToInventoryEndpointOptions = {},
): InventoryEndpoint {
  const subnetIds = [...(ep.SubnetIds ?? [])];
  const zonesBySubnet = options.subnetAvailabilityZones;
  const mapped = zonesBySubnet
    ? subnetIds.map(id => zonesBySubnet[id]).filter(Boolean)
    : [];
  const availabilityZones =
    zonesBySubnet && mapped.length === subnetIds.length
      ? unique(mapped)
      : unique([...mapped, ...zonesFromDnsEntries(ep)]);

  const tags: Record<string, string> = {};
  for (const tag of ep.Tags ?? []) {
    if (tag.Key !== undefined) {
      tags[tag.Key] = tag.Value ?? '';
    }
  }

  return {
    vpcEndpointId: ep.VpcEndpointId ?? '',
    state: (ep.State ?? 'unknown').toLocaleLowerCase('en-US'),
    privateDnsEnabled: ep.PrivateDnsEnabled ?? false,
    // AWS's default when the field is absent (older endpoints, emulators).
    ipAddressType: (ep.IpAddressType ?? 'ipv4').toLocaleLowerCase('en-US'),
    subnetIds,
    availabilityZones,
    networkInterfaceIds: [...(ep.NetworkInterfaceIds ?? [])],
    securityGroupIds: (ep.Groups ?? [])
      .map(group => group.GroupId)
      .filter((id): id is string => Boolean(id)),
    dnsEntries: (ep.DnsEntries ?? []).map(entry => ({
      dnsName: entry.DnsName ?? '',
      hostedZoneId: entry.HostedZoneId ?? '',
    })),
    createdAt: ep.CreationTimestamp
      ? new Date(ep.CreationTimestamp).toISOString()
      : null,
    lastSeenAt: now.toISOString(),
    lastError: ep.LastError
      ? {
          code: ep.LastError.Code ?? 'Unknown',
          message: ep.LastError.Message ?? '',
        }
      : null,
    tags,
    // AWS returns its default full-access document when none was set.
    policyDocument: ep.PolicyDocument ?? null,
    ...(ep.ServiceName ? { serviceName: ep.ServiceName } : {}),
  };
}
