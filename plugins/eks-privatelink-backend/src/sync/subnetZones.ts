import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * Whether an endpoint's AZs fall short of its subnets. An interface endpoint
 * has one subnet per AZ, so AWS's zonal DNS names name as many AZs as there
 * are subnets; an EC2 emulator may return no zonal names at all.
 */
export function lacksZones(endpoint: InventoryEndpoint): boolean {
  return endpoint.availabilityZones.length < new Set(endpoint.subnetIds).size;
}

/** The subnets of the endpoints that lack AZs, each once, sorted. */
export function subnetsWithoutZones(endpoints: InventoryEndpoint[]): string[] {
  const ids = new Set<string>();
  for (const endpoint of endpoints) {
    if (lacksZones(endpoint)) {
      endpoint.subnetIds.forEach(id => ids.add(id));
    }
  }
  return [...ids].sort();
}
