import {
  checkSubnetZones,
  endpointServiceName,
  resolveRules,
  type EksEndpointService,
  type ResolvedEksRules,
  type SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { offersService } from './serviceSupport';

/**
 * The Availability Zone rules of one service as the subnets answer implies
 * them. The backend marks each subnet with the services AWS offers in its
 * AZ, so the service's AZs are those of the subnets marked with it.
 */
function zoneRules(
  subnets: SubnetsResponse,
  service: EksEndpointService,
): ResolvedEksRules {
  const supported = subnets.subnets
    .filter(s => offersService(s, service))
    .map(s => s.availabilityZone);
  return resolveRules({
    region: subnets.region,
    service,
    live: {
      serviceName: endpointServiceName(service, subnets.region),
      exists: true,
      availabilityZones: Array.from(new Set(supported)),
      policySupported: null,
      ipAddressTypes: [],
    },
  });
}

/**
 * One sentence per reason the selected subnets can't carry the endpoints:
 * the same Availability Zone rules the scaffolder action applies to each
 * chosen service (`checkSubnetZones`; a rule broken for both services is
 * said once), then ids that are not subnets of the VPC.
 *
 * @param selected - the chosen subnet ids, in the order they were chosen
 * @param subnets - the VPC's subnets as the field loaded them
 * @param services - the services the endpoints are made for (default: the
 *   EKS API)
 */
export function selectionProblems(
  selected: readonly string[],
  subnets: SubnetsResponse,
  services: readonly EksEndpointService[] = ['eks'],
): string[] {
  const byId = new Map(subnets.subnets.map(s => [s.subnetId, s]));
  const chosen = selected.flatMap(id => byId.get(id) ?? []);
  const foreign = selected.filter(id => !byId.has(id));
  const zoneProblems = services.flatMap(service =>
    checkSubnetZones(chosen, zoneRules(subnets, service)).map(r => r.message),
  );
  return [
    ...new Set(zoneProblems),
    ...foreign.map(
      id =>
        `${id} is not a subnet of ${subnets.vpcId}; choose one of its subnets`,
    ),
  ];
}
