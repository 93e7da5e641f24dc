import {
  endpointServiceLabel,
  type EksEndpointService,
  type SubnetInfo,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { offersService } from './serviceSupport';

/** Whether the form makes the EKS API endpoint alone, as it did before it could choose. */
function eksApiOnly(services: readonly EksEndpointService[]): boolean {
  return services.length === 1 && services[0] === 'eks';
}

function zonesOffering(
  subnets: SubnetInfo[],
  service: EksEndpointService,
): number {
  return new Set(
    subnets.filter(s => offersService(s, service)).map(s => s.availabilityZone),
  ).size;
}

/** What an empty selection means for the chosen services. */
export function automaticPlacementText(
  services: readonly EksEndpointService[],
  subnets: SubnetInfo[],
  vpcId: string,
): string {
  const prefix = 'Automatic: none selected, so';
  if (eksApiOnly(services)) {
    return `${prefix} the endpoint gets one subnet in each Availability Zone the EKS endpoint service supports (${zonesOffering(
      subnets,
      'eks',
    )} in ${vpcId}).`;
  }
  if (services.length === 1) {
    return `${prefix} the endpoint gets one subnet in each Availability Zone ${endpointServiceLabel(
      services[0],
    )} supports (${zonesOffering(subnets, services[0])} in ${vpcId}).`;
  }
  const counts = services
    .map(s => `${endpointServiceLabel(s)}: ${zonesOffering(subnets, s)}`)
    .join(', ');
  return `${prefix} each endpoint gets one subnet in each Availability Zone its service supports (${counts} in ${vpcId}).`;
}

/**
 * Why the subnets of an AZ can't be ticked, naming the chosen services not
 * offered there; undefined when every chosen service is offered.
 */
export function zoneNote(
  services: readonly EksEndpointService[],
  azSubnets: SubnetInfo[],
  az: string,
): string | undefined {
  const missing = services.filter(
    service => !azSubnets.some(s => offersService(s, service)),
  );
  if (missing.length === 0) {
    return undefined;
  }
  if (eksApiOnly(services)) {
    return `The EKS endpoint service is not offered in ${az}: its subnets can't be used.`;
  }
  const names = missing.map(endpointServiceLabel).join(' and ');
  const verb = missing.length > 1 ? 'are' : 'is';
  if (missing.length < services.length) {
    return `${names} ${verb} not offered in ${az}: its subnets can't be used while both endpoints are made.`;
  }
  return `${names} ${verb} not offered in ${az}: its subnets can't be used.`;
}
