import {
  checkSubnetZones,
  resolveRules,
  type ResolvedEksRules,
  type SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * The Availability Zone rules as the subnets answer implies them. The
 * backend marks each subnet with whether AWS offers the EKS endpoint service
 * in its AZ, so the supported AZs are those of the marked subnets.
 */
function zoneRules(subnets: SubnetsResponse): ResolvedEksRules {
  const supported = subnets.subnets
    .filter(s => s.serviceSupported)
    .map(s => s.availabilityZone);
  return resolveRules({
    region: subnets.region,
    live: {
      serviceName: subnets.serviceName,
      exists: true,
      availabilityZones: Array.from(new Set(supported)),
      policySupported: null,
      ipAddressTypes: [],
    },
  });
}

/**
 * One sentence per reason the selected subnets can't carry the endpoint: the
 * same Availability Zone rules the scaffolder action applies
 * (`checkSubnetZones`), then ids that are not subnets of the VPC.
 *
 * @param selected - the chosen subnet ids, in the order they were chosen
 * @param subnets - the VPC's subnets as the field loaded them
 */
export function selectionProblems(
  selected: readonly string[],
  subnets: SubnetsResponse,
): string[] {
  const byId = new Map(subnets.subnets.map(s => [s.subnetId, s]));
  const chosen = selected.flatMap(id => byId.get(id) ?? []);
  const foreign = selected.filter(id => !byId.has(id));
  return [
    ...checkSubnetZones(chosen, zoneRules(subnets)).map(r => r.message),
    ...foreign.map(
      id =>
        `${id} is not a subnet of ${subnets.vpcId}; choose one of its subnets`,
    ),
  ];
}
