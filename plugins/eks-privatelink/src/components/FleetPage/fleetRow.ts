import {
  EKS_ENDPOINT_SERVICES,
  endpointServiceOf,
  HOURS_PER_MONTH,
  type EksEndpointService,
  type InventoryEndpoint,
  type InventoryRecord,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** How the fleet page names a service in a narrow column. */
const SERVICE_SHORT_LABELS: Record<EksEndpointService, string> = {
  eks: 'EKS API',
  'eks-auth': 'Pod Identity',
};

const DRIFT_WORDS: Record<string, string> = {
  subnets: 'subnets',
  securityGroups: 'security groups',
  privateDns: 'private DNS',
  policy: 'endpoint policy',
  securityGroupRules: 'security group rules',
};

/** Not `deleted` or `deleting`: the endpoint still serves, or still bills. */
export function isLive(endpoint: InventoryEndpoint): boolean {
  const state = endpoint.state.toLocaleLowerCase('en-US');
  return state !== 'deleted' && state !== 'deleting';
}

/** The service of an endpoint; records of older backends name only the EKS API. */
function serviceOf(
  endpoint: InventoryEndpoint,
  record: InventoryRecord,
): EksEndpointService | undefined {
  return endpointServiceOf(endpoint.serviceName ?? record.serviceName);
}

/** The live endpoints of one service. */
function liveEndpointsOf(
  record: InventoryRecord,
  service: EksEndpointService,
): InventoryEndpoint[] {
  return record.endpoints.filter(
    ep => isLive(ep) && serviceOf(ep, record) === service,
  );
}

/** The services a filter asks about: the one named, else both. */
export function consideredServices(
  service: EksEndpointService | undefined,
): EksEndpointService[] {
  return service ? [service] : [...EKS_ENDPOINT_SERVICES];
}

/** Considered services without an `available` endpoint. */
export function uncoveredServices(
  record: InventoryRecord,
  services: EksEndpointService[],
): EksEndpointService[] {
  return services.filter(
    service =>
      !liveEndpointsOf(record, service).some(
        ep => ep.state.toLocaleLowerCase('en-US') === 'available',
      ),
  );
}

/** `available`, `pending, failed` or `no endpoint`, for one service. */
export function stateText(
  record: InventoryRecord,
  service: EksEndpointService,
): string {
  const live = liveEndpointsOf(record, service);
  return live.length === 0
    ? 'no endpoint'
    : live.map(ep => ep.state.toLocaleLowerCase('en-US')).join(', ');
}

function liveEndpoints(record: InventoryRecord): InventoryEndpoint[] {
  return EKS_ENDPOINT_SERVICES.flatMap(s => liveEndpointsOf(record, s));
}

/** Private DNS of each live endpoint, named by service when there are two. */
export function privateDnsText(record: InventoryRecord): string {
  const parts = EKS_ENDPOINT_SERVICES.flatMap(service =>
    liveEndpointsOf(record, service).map(
      ep => [service, ep.privateDnsEnabled ? 'on' : 'off'] as const,
    ),
  );
  if (parts.length === 0) {
    return 'no endpoint';
  }
  if (parts.length === 1) {
    return parts[0][1];
  }
  return parts
    .map(([service, value]) => `${SERVICE_SHORT_LABELS[service]}: ${value}`)
    .join('; ');
}

function onOff(value: boolean | null): string {
  if (value === null) {
    return 'not read yet';
  }
  return value ? 'on' : 'off';
}

/** The VPC's DNS attributes that private DNS needs. */
export function vpcDnsText(record: InventoryRecord): string {
  const { dnsSupport, dnsHostnames } = record.vpc;
  if (dnsSupport === null && dnsHostnames === null) {
    return 'not read yet';
  }
  return `support ${onOff(dnsSupport)}, hostnames ${onOff(dnsHostnames)}`;
}

/** The AZs the live endpoints sit in, sorted, without repeats. */
export function availabilityZones(record: InventoryRecord): string[] {
  return Array.from(
    new Set(liveEndpoints(record).flatMap(ep => ep.availabilityZones)),
  ).sort();
}

/**
 * Hourly price x AZs x 730 h of each live endpoint, rounded to cents: the
 * same sum the backend's totals make.
 */
export function monthlyCost(record: InventoryRecord): number {
  const azHours = liveEndpoints(record).reduce(
    (sum, ep) => sum + ep.availabilityZones.length,
    0,
  );
  return (
    Math.round(azHours * record.pricing.hourlyPerAz * HOURS_PER_MONTH * 100) /
    100
  );
}

/** The services whose live managed endpoint differs from what the portal set up. */
export function driftedServices(record: InventoryRecord): EksEndpointService[] {
  return EKS_ENDPOINT_SERVICES.filter(service =>
    liveEndpointsOf(record, service).some(
      ep => ep.managed && (ep.drift?.length ?? 0) > 0,
    ),
  );
}

/** The differences from what the portal set up, of live managed endpoints. */
export function driftFields(record: InventoryRecord): string[] {
  return liveEndpoints(record).flatMap(ep =>
    ep.managed ? (ep.drift ?? []).map(d => d.field) : [],
  );
}

/** `none`, or `2 differences: subnets, private DNS`. */
export function driftText(record: InventoryRecord): string {
  const fields = driftFields(record);
  if (fields.length === 0) {
    return 'none';
  }
  const words = Array.from(new Set(fields.map(f => DRIFT_WORDS[f] ?? f)));
  const count =
    fields.length === 1 ? '1 difference' : `${fields.length} differences`;
  return `${count}: ${words.join(', ')}`;
}

const SYNC_WORDS: Record<string, string> = {
  ok: 'up to date',
  stale: 'stale',
  error: 'sync failed',
  never: 'never synced',
};

/** The sync status in words, e.g. `sync failed`. */
export function syncStatusText(record: InventoryRecord): string {
  return SYNC_WORDS[record.sync.status] ?? record.sync.status;
}
