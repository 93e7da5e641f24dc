import {
  eksServiceName,
  estimatePricing,
  resolveRules,
  type EksEndpointService,
  type EksRulesConfig,
  type EksServiceDescription,
  type InventoryEndpoint,
  type InventoryRecord,
  type PricingConfig,
  type PricingEstimate,
  type ServiceSupport,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type { TrackedVpcEntity } from '../database/types';

/** A region's service answer, with when it was read where known. */
type ServiceAnswer = EksServiceDescription & { checkedAt?: string };

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
 * What the rules say of one service in the entity's region: from AWS's
 * stored answer, else config, else unknown.
 */
function serviceSupport(
  entity: TrackedVpcEntity,
  service: EksEndpointService,
  answer: ServiceAnswer | undefined,
  config: RecordConfig,
): { support: ServiceSupport; history: string | null } {
  const rules = resolveRules({
    region: entity.region,
    service,
    config: config.rules,
    live: answer ?? null,
    liveError: answer ? undefined : missingAnswer(entity),
  });
  const { available, availabilityZones } = rules;
  const unknown = available.source === 'unknown';
  return {
    support: {
      service,
      serviceName: rules.serviceName,
      regionSupported: available.value,
      regionSupportReason:
        available.value && !unknown ? null : available.reason,
      availabilityZones: availabilityZones?.value ?? null,
      checkedAt: answer?.checkedAt ?? null,
    },
    history: available.history ?? null,
  };
}

/**
 * Puts a tracked entity, its VPC's endpoints, the region's service answers
 * and the config together into the API's `InventoryRecord`.
 */
export function buildInventoryRecord(options: {
  entity: TrackedVpcEntity;
  endpoints: InventoryEndpoint[];
  /** The EKS API's answer for the region. */
  service?: ServiceAnswer;
  /** EKS Pod Identity's answer for the region. */
  authService?: ServiceAnswer;
  config: RecordConfig;
}): InventoryRecord {
  const { entity, endpoints, service, authService, config } = options;
  const api = serviceSupport(entity, 'eks', service, config);
  const podIdentity = serviceSupport(entity, 'eks-auth', authService, config);
  return {
    entityRef: entity.entityRef,
    owner: entity.owner ?? null,
    title: entity.title ?? null,
    serviceName: api.support.serviceName,
    regionSupported: api.support.regionSupported,
    regionSupportReason: api.support.regionSupportReason,
    regionSupportHistory: api.history,
    services: [api.support, podIdentity.support],
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
