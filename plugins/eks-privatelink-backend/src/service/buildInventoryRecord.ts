import {
  eksServiceName,
  estimatePricing,
  regionAvailability,
  type EksRulesConfig,
  type EksServiceDescription,
  type InventoryEndpoint,
  type InventoryRecord,
  type PricingConfig,
  type PricingEstimate,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type { TrackedVpcEntity } from '../database/types';

/** The parts of `eksPrivateLink` config a record depends on. */
export interface RecordConfig {
  pricing?: PricingConfig;
  rules?: EksRulesConfig;
}

/** Whether AWS still bills the endpoint (it exists in some AZs). */
function isBilled(endpoint: InventoryEndpoint): boolean {
  return !endpoint.deletedAt && endpoint.state !== 'deleted';
}

/**
 * AZ-hours accrue per endpoint per AZ; an endpoint has one network interface
 * per subnet and one subnet per AZ, so subnets stand in when AZs are unknown.
 */
function billedAzCount(endpoints: InventoryEndpoint[]): number {
  return endpoints
    .filter(isBilled)
    .reduce(
      (sum, ep) =>
        sum + (ep.availabilityZones.length || ep.subnetIds.length || 0),
      0,
    );
}

/**
 * The price of a new endpoint when the VPC has none in service: the AZs of
 * the region that offer the service, from the stored
 * `DescribeVpcEndpointServices` answer (no AWS call here). The VPC may have
 * subnets in fewer of them; which it has is only known by reading its
 * subnets, which the create form does. Undefined when that answer is
 * missing or names no AZ.
 */
function newEndpointEstimate(options: {
  region: string;
  service?: EksServiceDescription;
  config: RecordConfig;
}): PricingEstimate | undefined {
  const { region, service, config } = options;
  const azCount = service?.exists ? service.availabilityZones.length : 0;
  if (azCount === 0) {
    return undefined;
  }
  const pricing = estimatePricing({ region, azCount, config: config.pricing });
  return {
    ...pricing,
    notes: [
      `No endpoint yet: this estimates a new one with a subnet in each of the ${azCount} Availability Zones of ${region} that offer ${eksServiceName(
        region,
      )}. Fewer subnets cost less: the price is per AZ.`,
      ...pricing.notes,
    ],
  };
}

/**
 * The endpoint as a record shows it: whether the portal manages it (the tag
 * the create action writes) and its service. The sync reads only the
 * region's EKS service, so that is the service of an endpoint that was
 * stored without one.
 */
function recordEndpoint(
  endpoint: InventoryEndpoint,
  region: string,
): InventoryEndpoint {
  return {
    ...endpoint,
    managed: endpoint.tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE,
    serviceName: endpoint.serviceName ?? eksServiceName(region),
  };
}

/**
 * Puts a tracked entity, its VPC's endpoints, the region's service answer
 * and the config together into the API's `InventoryRecord`.
 */
export function buildInventoryRecord(options: {
  entity: TrackedVpcEntity;
  endpoints: InventoryEndpoint[];
  service?: EksServiceDescription;
  config: RecordConfig;
}): InventoryRecord {
  const { entity, endpoints, service, config } = options;
  const availability = regionAvailability(entity.region, {
    config: config.rules,
    live: service ?? null,
  });
  return {
    entityRef: entity.entityRef,
    serviceName: eksServiceName(entity.region),
    regionSupported: availability.supported,
    regionSupportReason: availability.reason,
    vpc: {
      vpcId: entity.vpcId,
      region: entity.region,
      accountId: entity.accountId,
      dnsSupport: entity.dnsSupport,
      dnsHostnames: entity.dnsHostnames,
    },
    endpoints: endpoints.map(ep => recordEndpoint(ep, entity.region)),
    pricing:
      (!endpoints.some(isBilled) && availability.supported
        ? newEndpointEstimate({ region: entity.region, service, config })
        : undefined) ??
      estimatePricing({
        region: entity.region,
        azCount: billedAzCount(endpoints),
        config: config.pricing,
      }),
    sync: {
      status: entity.syncStatus,
      lastSyncedAt: entity.lastSyncedAt,
      error: entity.syncError,
    },
  };
}
