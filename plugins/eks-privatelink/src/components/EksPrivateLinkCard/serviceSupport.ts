import {
  endpointServiceOf,
  type EksEndpointService,
  type InventoryRecord,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** What the card says of a service's region: offered or not, and where. */
export interface RegionSupport {
  regionSupported: boolean;
  regionSupportReason?: string | null;
  /** null when the region's AZs were not read (or the backend is older). */
  availabilityZones: string[] | null;
}

/** `eks` or `eks-auth`, from a PrivateLink service name; `eks` otherwise. */
export function serviceFromName(serviceName: string): EksEndpointService {
  return endpointServiceOf(serviceName) ?? 'eks';
}

/**
 * The record's answer for one service; records of older backends, without
 * `services`, answer only at the top level.
 */
export function regionSupportOf(
  record: InventoryRecord,
  service: EksEndpointService,
): RegionSupport {
  const answer = record.services?.find(s => s.service === service);
  if (answer) {
    return answer;
  }
  return {
    regionSupported: record.regionSupported,
    regionSupportReason: record.regionSupportReason,
    availabilityZones: null,
  };
}
