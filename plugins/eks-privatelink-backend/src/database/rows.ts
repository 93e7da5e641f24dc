import type {
  DnsEntry,
  EndpointDrift,
  InventoryEndpoint,
  OnboardedVpc,
  StateChange,
  SyncStatus,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type {
  ObservedEndpoint,
  StoredServiceDescription,
  TrackedVpcEntity,
} from './types';
import { redactAwsText } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { accountKey } from './tables';

/*
 * The rows of the plugin's tables and their mapping to and from the records
 * the stores hand out. Lists are JSON text and timestamps are written by the
 * code, so that the same rows work on SQLite and PostgreSQL.
 */

export type Timestamp = Date | string | number | null | undefined;

export interface EntityRow {
  entity_ref: string;
  vpc_id: string;
  region: string;
  account_id: string | null;
  dns_support: boolean | number | null;
  dns_hostnames: boolean | number | null;
  dns_checked_at: Timestamp;
  sync_status: string;
  sync_error: string | null;
  last_synced_at: Timestamp;
  last_attempt_at: Timestamp;
  /** Since migration 20261207000000_fleet_columns. */
  owner?: string | null;
  title?: string | null;
}

export interface EndpointRow {
  vpc_endpoint_id: string;
  vpc_id: string;
  region: string;
  account_id: string;
  state: string;
  private_dns_enabled: boolean | number;
  ip_address_type: string | null;
  subnet_ids: string;
  availability_zones: string;
  network_interface_ids: string;
  security_group_ids: string;
  dns_entries: string;
  tags: string;
  /** Since migration 20261204000000_endpoint_policy. */
  policy_document: string | null;
  /** Since migration 20261205000000_endpoint_drift. */
  drift: string | null;
  /** Since migration 20261206000000_endpoint_service; null: the EKS API. */
  service_name: string | null;
  /** Since migration 20261207000000_fleet_columns: AZs billed. */
  az_count?: number;
  last_error_code: string | null;
  last_error_message: string | null;
  aws_created_at: Timestamp;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  deleted_at: Timestamp;
}

/** The columns an {@link InventoryEndpoint} is read from. */
export type EndpointFields = Omit<
  EndpointRow,
  'vpc_id' | 'region' | 'account_id' | 'first_seen_at' | 'az_count'
>;

/** An endpoint's columns with one of its state changes, left-joined. */
export interface EndpointHistoryRow extends EndpointFields {
  history_state: string | null;
  history_at: Timestamp;
}

/** The columns the sync writes for an endpoint it read from AWS. */
export type EndpointColumns = Omit<
  EndpointRow,
  | 'vpc_endpoint_id'
  | 'private_dns_enabled'
  | 'aws_created_at'
  | 'first_seen_at'
  | 'last_seen_at'
  | 'deleted_at'
> & {
  private_dns_enabled: boolean;
  aws_created_at: Date | null;
  az_count: number;
};

export interface ServiceRow {
  region: string;
  /** `eks` or `eks-auth`. */
  service: string;
  service_exists: boolean | number;
  availability_zones: string;
  policy_supported: boolean | number | null;
  ip_address_types: string;
  checked_at: Timestamp;
}

export interface OnboardedRow {
  vpc_id: string;
  region: string;
  account_id: string;
  name: string;
  title: string | null;
  description: string | null;
  owner: string;
  system: string | null;
  created_at: Timestamp;
}

// PostgreSQL hands back Date objects, SQLite the epoch milliseconds that knex
// wrote for a Date; the API speaks ISO 8601 either way.
export function toIso(value: Timestamp): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

// SQLite has no boolean type: it hands back 0 and 1.
function toBool(value: boolean | number | null): boolean | null {
  return value === null ? null : Boolean(value);
}

/** A JSON column's value; `fallback` when it is empty or not JSON. */
export function parseJson<T>(text: string | null, fallback: T): T {
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function entityFromRow(row: EntityRow): TrackedVpcEntity {
  return {
    entityRef: row.entity_ref,
    vpcId: row.vpc_id,
    region: row.region,
    accountId: row.account_id || null,
    dnsSupport: toBool(row.dns_support),
    dnsHostnames: toBool(row.dns_hostnames),
    dnsCheckedAt: toIso(row.dns_checked_at),
    syncStatus: row.sync_status as SyncStatus,
    syncError: row.sync_error,
    lastSyncedAt: toIso(row.last_synced_at),
    lastAttemptAt: toIso(row.last_attempt_at),
    owner: row.owner ?? null,
    title: row.title ?? null,
  };
}

export function endpointFromRow(row: EndpointFields): InventoryEndpoint {
  return {
    vpcEndpointId: row.vpc_endpoint_id,
    state: row.state,
    privateDnsEnabled: Boolean(row.private_dns_enabled),
    ipAddressType: row.ip_address_type ?? '',
    subnetIds: parseJson<string[]>(row.subnet_ids, []),
    availabilityZones: parseJson<string[]>(row.availability_zones, []),
    networkInterfaceIds: parseJson<string[]>(row.network_interface_ids, []),
    securityGroupIds: parseJson<string[]>(row.security_group_ids, []),
    dnsEntries: parseJson<DnsEntry[]>(row.dns_entries, []),
    tags: parseJson<Record<string, string>>(row.tags, {}),
    policyDocument: row.policy_document ?? null,
    ...(row.drift ? { drift: parseJson<EndpointDrift[]>(row.drift, []) } : {}),
    ...(row.service_name ? { serviceName: row.service_name } : {}),
    createdAt: toIso(row.aws_created_at),
    lastSeenAt: toIso(row.last_seen_at),
    deletedAt: toIso(row.deleted_at),
    lastError:
      row.last_error_code || row.last_error_message
        ? {
            code: row.last_error_code ?? '',
            message: row.last_error_message ?? '',
          }
        : null,
  };
}

/**
 * The endpoints of rows ordered by endpoint id, then by state change: one
 * endpoint per run of rows, each with its history oldest first, beside the
 * first row of its run.
 */
export function endpointsFromHistoryRows<R extends EndpointHistoryRow>(
  rows: R[],
): Array<{ row: R; endpoint: InventoryEndpoint }> {
  const result: Array<{ row: R; endpoint: InventoryEndpoint }> = [];
  let currentId: string | undefined;
  let history: StateChange[] = [];
  for (const row of rows) {
    if (currentId !== row.vpc_endpoint_id) {
      currentId = row.vpc_endpoint_id;
      history = [];
      result.push({
        row,
        endpoint: { ...endpointFromRow(row), stateHistory: history },
      });
    }
    if (row.history_state !== null) {
      history.push({
        state: row.history_state,
        at: toIso(row.history_at) ?? '',
      });
    }
  }
  return result;
}

/** Live endpoints first, then the most recently deleted. */
export function sortEndpoints(list: InventoryEndpoint[]): InventoryEndpoint[] {
  return list.sort((a, b) => {
    if (!a.deletedAt !== !b.deletedAt) {
      return a.deletedAt ? 1 : -1;
    }
    const aTime = a.deletedAt ?? a.createdAt ?? '';
    const bTime = b.deletedAt ?? b.createdAt ?? '';
    return bTime.localeCompare(aTime);
  });
}

export function endpointColumns(
  observed: ObservedEndpoint,
  scope: { region: string; accountId?: string | null },
): EndpointColumns {
  const ep = observed.endpoint;
  return {
    vpc_id: observed.vpcId,
    region: scope.region,
    account_id: accountKey(scope.accountId),
    state: ep.state.toLocaleLowerCase('en-US'),
    private_dns_enabled: ep.privateDnsEnabled,
    ip_address_type: ep.ipAddressType || null,
    subnet_ids: JSON.stringify(ep.subnetIds),
    availability_zones: JSON.stringify(ep.availabilityZones),
    network_interface_ids: JSON.stringify(ep.networkInterfaceIds),
    security_group_ids: JSON.stringify(ep.securityGroupIds),
    dns_entries: JSON.stringify(ep.dnsEntries),
    tags: JSON.stringify(ep.tags ?? {}),
    policy_document: ep.policyDocument ?? null,
    drift: ep.drift ? JSON.stringify(ep.drift) : null,
    service_name: ep.serviceName ?? null,
    // Billed per AZ; one subnet per AZ stands in when AZs are unknown.
    az_count: ep.availabilityZones.length || ep.subnetIds.length,
    last_error_code: ep.lastError?.code ?? null,
    last_error_message: ep.lastError
      ? redactAwsText(ep.lastError.message)
      : null,
    aws_created_at: ep.createdAt ? new Date(ep.createdAt) : null,
  };
}

export function serviceFromRow(row: ServiceRow): StoredServiceDescription {
  return {
    serviceName: `com.amazonaws.${row.region}.${row.service}`,
    exists: Boolean(row.service_exists),
    availabilityZones: parseJson<string[]>(row.availability_zones, []),
    policySupported: toBool(row.policy_supported),
    ipAddressTypes: parseJson<string[]>(row.ip_address_types, []),
    checkedAt: toIso(row.checked_at) ?? '',
  };
}

export function onboardedFromRow(row: OnboardedRow): OnboardedVpc {
  return {
    vpcId: row.vpc_id,
    region: row.region,
    accountId: row.account_id === '' ? null : row.account_id,
    name: row.name,
    title: row.title,
    description: row.description,
    owner: row.owner,
    system: row.system,
    createdAt: toIso(row.created_at) ?? '',
  };
}
