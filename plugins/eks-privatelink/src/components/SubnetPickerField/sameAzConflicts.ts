import type { SubnetInfo } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

function joinIds(ids: string[]): string {
  if (ids.length <= 2) {
    return ids.join(' and ');
  }
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/**
 * One sentence per Availability Zone in which more than one of the selected
 * subnets lies. An interface endpoint takes one subnet per AZ; EC2 would
 * refuse the rest with `DuplicateSubnetsInSameZone`.
 *
 * @param selected - the chosen subnet ids, in the order they were chosen
 * @param subnets - the VPC's subnets, to look up each id's AZ
 * @public
 */
export function findSameAzConflicts(
  selected: readonly string[],
  subnets: readonly SubnetInfo[],
): string[] {
  const azOf = new Map(subnets.map(s => [s.subnetId, s.availabilityZone]));
  const byAz = new Map<string, string[]>();
  for (const id of selected) {
    const az = azOf.get(id);
    if (az) {
      byAz.set(az, [...(byAz.get(az) ?? []), id]);
    }
  }
  return Array.from(byAz.entries())
    .filter(([, ids]) => ids.length > 1)
    .map(
      ([az, ids]) =>
        `${joinIds(ids)} are ${
          ids.length === 2 ? 'both' : 'all'
        } in ${az}; an interface endpoint takes one subnet per Availability Zone — keep one of them`,
    );
}

/**
 * One sentence per selected subnet that can't carry the endpoint: not in
 * the VPC, or in an Availability Zone where the EKS endpoint service is not
 * offered.
 *
 * @public
 */
export function findUnusableSubnets(
  selected: readonly string[],
  subnets: readonly SubnetInfo[],
  vpcId: string,
): string[] {
  const byId = new Map(subnets.map(s => [s.subnetId, s]));
  return selected.flatMap(id => {
    const subnet = byId.get(id);
    if (!subnet) {
      return [`${id} is not a subnet of ${vpcId}; choose one of its subnets`];
    }
    if (!subnet.serviceSupported) {
      return [
        `${id} is in ${subnet.availabilityZone}, where the EKS endpoint service is not offered; choose a subnet in another Availability Zone`,
      ];
    }
    return [];
  });
}
