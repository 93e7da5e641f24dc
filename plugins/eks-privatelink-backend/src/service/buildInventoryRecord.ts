import {
  eksServiceName,
  estimatePricing,
  resolveRules,
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
 * The price of a new endpoint when the VPC has none in service. It is
 * billed per AZ it is placed in, and automatic placement uses the supported
 * AZs where the VPC has a subnet; the record does not know the VPC's subnets
 * (reading them costs AWS calls), so the count is left unknown here and the
 * card counts them from the subnets route.
 */
function newEndpointEstimate(
  region: string,
  config: RecordConfig,
): PricingEstimate {
  const pricing = estimatePricing({
    region,
    azCount: null,
    config: config.pricing,
  });
  return {
    ...pricing,
    notes: [
      `No endpoint yet: a new one is billed for each Availability Zone it is placed in; automatic placement uses every AZ where the VPC has a subnet and ${eksServiceName(
        region,
      )} is offered.`,
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

/** Why the record has no `DescribeVpcEndpointServices` answer to go by. */
function missingAnswer(entity: TrackedVpcEntity): string {
  return entity.syncStatus === 'never'
    ? `the inventory has not read DescribeVpcEndpointServices for ${entity.region} yet`
    : `the inventory holds no answer of DescribeVpcEndpointServices for ${entity.region}: the last sync could not read it`;
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
  const { available } = resolveRules({
    region: entity.region,
    config: config.rules,
    live: service ?? null,
    liveError: service ? undefined : missingAnswer(entity),
  });
  const unknown = available.source === 'unknown';
  return {
    entityRef: entity.entityRef,
    serviceName: eksServiceName(entity.region),
    regionSupported: available.value,
    regionSupportReason: available.value && !unknown ? null : available.reason,
    regionSupportHistory: available.history ?? null,
    vpc: {
      vpcId: entity.vpcId,
      region: entity.region,
      accountId: entity.accountId,
      dnsSupport: entity.dnsSupport,
      dnsHostnames: entity.dnsHostnames,
      dnsCheckedAt: entity.dnsCheckedAt,
    },
    endpoints: endpoints.map(ep => recordEndpoint(ep, entity.region)),
    pricing: endpoints.some(isBilled)
      ? estimatePricing({
          region: entity.region,
          azCount: billedAzCount(endpoints),
          config: config.pricing,
        })
      : newEndpointEstimate(entity.region, config),
    sync: {
      status: entity.syncStatus,
      lastSyncedAt: entity.lastSyncedAt,
      error: entity.syncError,
    },
  };
}
