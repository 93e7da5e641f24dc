import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  DnsEntry,
  EksServiceDescription,
  InventoryEndpoint,
  OnboardedVpc,
  StateChange,
  SyncStatus,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { Knex } from 'knex';

const PACKAGE_NAME =
  '@eks-privatelink/backstage-plugin-eks-privatelink-backend';

// Own bookkeeping table: tests and small portals may hand several plugins the
// same database, and knex's default `knex_migrations` would then mix them up.
const MIGRATIONS_TABLE = 'eks_privatelink__knex_migrations';

const MIGRATION_LOCK_ATTEMPTS = 30;

const ENTITIES = 'eks_privatelink_vpc_entities';
const ENDPOINTS = 'eks_privatelink_endpoints';
const STATES = 'eks_privatelink_endpoint_states';
const SERVICES = 'eks_privatelink_region_services';
const ONBOARDED = 'eks_privatelink_onboarded_vpcs';

// Keeps every statement well below SQLite's and PostgreSQL's bound-parameter
// limits, whatever the number of VPCs in one account and region.
const CHUNK = 400;

/** A catalog entity that locates a VPC, as the inventory tracks it. */
export interface TrackedVpcEntity {
  /** Lower-case entity ref. */
  entityRef: string;
  vpcId: string;
  region: string;
  accountId: string | null;
  dnsSupport: boolean | null;
  dnsHostnames: boolean | null;
  dnsCheckedAt: string | null;
  syncStatus: SyncStatus;
  syncError: string | null;
  lastSyncedAt: string | null;
  lastAttemptAt: string | null;
}

/** Where an entity's VPC lives; what the sync writes for a new entity. */
export interface VpcEntityLocation {
  entityRef: string;
  vpcId: string;
  region: string;
  accountId: string | null;
}

/** An endpoint read from AWS, with the VPC it belongs to. */
export interface ObservedEndpoint {
  vpcId: string;
  accountId: string | null;
  endpoint: InventoryEndpoint;
}

/** The VPC DNS attributes as read from AWS. */
export interface VpcDnsAttributes {
  dnsSupport: boolean;
  dnsHostnames: boolean;
}

/**
 * What one successful read from AWS saw for a set of VPCs of one region.
 * Endpoints of these VPCs that the store knows and the read did not return
 * are gone from AWS.
 */
export interface VpcSnapshot {
  region: string;
  vpcIds: string[];
  endpoints: ObservedEndpoint[];
  /** Only the VPCs whose attributes were read this time. */
  dns: Map<string, VpcDnsAttributes>;
  /** A per-VPC problem that did not stop the rest, e.g. a failed DNS read. */
  vpcErrors?: Map<string, string>;
  at: Date;
}

/** What applying a snapshot changed. */
export interface SnapshotChanges {
  added: number;
  stateChanges: number;
  deleted: number;
}

/** Filters of {@link InventoryStore.listEntities}. */
export interface EntityListFilter {
  region?: string;
  /** An endpoint state, or `none` for VPCs without a live endpoint. */
  state?: string;
  /** Only entity refs after this one (exclusive). */
  afterRef?: string;
  limit: number;
}

type Timestamp = Date | string | number | null | undefined;

interface EntityRow {
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
}

interface EndpointRow {
  vpc_endpoint_id: string;
  vpc_id: string;
  region: string;
  account_id: string | null;
  state: string;
  private_dns_enabled: boolean | number;
  ip_address_type: string | null;
  subnet_ids: string;
  availability_zones: string;
  network_interface_ids: string;
  security_group_ids: string;
  dns_entries: string;
  tags: string;
  last_error_code: string | null;
  last_error_message: string | null;
  aws_created_at: Timestamp;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  deleted_at: Timestamp;
}

interface EndpointWithStateRow extends EndpointRow {
  history_state: string | null;
  history_at: Timestamp;
}

/**
 * A row of {@link InventoryStore.getEntityRecord}: the entity, its region's
 * service answer, one endpoint and one of its state changes, each part null
 * where the left join found nothing.
 */
interface EntityRecordRow extends EntityRow {
  service_exists: boolean | number | null;
  service_availability_zones: string | null;
  service_policy_supported: boolean | number | null;
  service_ip_address_types: string | null;
  service_checked_at: Timestamp;
  vpc_endpoint_id: string | null;
  endpoint_state: string | null;
  endpoint_private_dns_enabled: boolean | number | null;
  ip_address_type: string | null;
  endpoint_subnet_ids: string | null;
  endpoint_availability_zones: string | null;
  endpoint_network_interface_ids: string | null;
  endpoint_security_group_ids: string | null;
  endpoint_dns_entries: string | null;
  endpoint_tags: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  aws_created_at: Timestamp;
  last_seen_at: Timestamp;
  deleted_at: Timestamp;
  history_state: string | null;
  history_at: Timestamp;
}

interface ServiceRow {
  region: string;
  service_exists: boolean | number;
  availability_zones: string;
  policy_supported: boolean | number | null;
  ip_address_types: string;
  checked_at: Timestamp;
}

interface OnboardedRow {
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

/** A region's service answer with the time it was read. */
export interface StoredServiceDescription extends EksServiceDescription {
  checkedAt: string;
}

/** What the record of one tracked entity is built from. */
export interface StoredEntityRecord {
  entity: TrackedVpcEntity;
  /** Absent until the region's service was described once. */
  service?: StoredServiceDescription;
  /** Newest first, each with its state history. */
  endpoints: InventoryEndpoint[];
}

// PostgreSQL hands back Date objects, SQLite the epoch milliseconds that knex
// wrote for a Date; the API speaks ISO 8601 either way.
function toIso(value: Timestamp): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function toBool(value: boolean | number | null): boolean | null {
  return value === null ? null : Boolean(value);
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

function vpcKey(vpcId: string, region: string): string {
  return `${region}/${vpcId}`;
}

function entityFromRow(row: EntityRow): TrackedVpcEntity {
  return {
    entityRef: row.entity_ref,
    vpcId: row.vpc_id,
    region: row.region,
    accountId: row.account_id,
    dnsSupport: toBool(row.dns_support),
    dnsHostnames: toBool(row.dns_hostnames),
    dnsCheckedAt: toIso(row.dns_checked_at),
    syncStatus: row.sync_status as SyncStatus,
    syncError: row.sync_error,
    lastSyncedAt: toIso(row.last_synced_at),
    lastAttemptAt: toIso(row.last_attempt_at),
  };
}

/** The columns an {@link InventoryEndpoint} is read from. */
type EndpointFields = Omit<
  EndpointRow,
  'vpc_id' | 'region' | 'account_id' | 'first_seen_at'
>;

function endpointFromRow(row: EndpointFields): InventoryEndpoint {
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

/** Live endpoints first, then the most recently deleted. */
function sortEndpoints(list: InventoryEndpoint[]): InventoryEndpoint[] {
  return list.sort((a, b) => {
    if (!a.deletedAt !== !b.deletedAt) {
      return a.deletedAt ? 1 : -1;
    }
    const aTime = a.deletedAt ?? a.createdAt ?? '';
    const bTime = b.deletedAt ?? b.createdAt ?? '';
    return bTime.localeCompare(aTime);
  });
}

/** What the record query needs of a better-sqlite3 statement. */
interface SqliteStatement {
  all(...bindings: unknown[]): EntityRecordRow[];
}

/** What the record query needs of a better-sqlite3 connection. */
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** The rows of `knex.raw`, whose result differs by database client. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) {
    // better-sqlite3: the rows; mysql2: [rows, fields].
    return (Array.isArray(result[0]) ? result[0] : result) as T[];
  }
  // pg: a Result with the rows.
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

function serviceFromRow(row: ServiceRow): StoredServiceDescription {
  return {
    serviceName: `com.amazonaws.${row.region}.eks`,
    exists: Boolean(row.service_exists),
    availabilityZones: parseJson<string[]>(row.availability_zones, []),
    policySupported: toBool(row.policy_supported),
    ipAddressTypes: parseJson<string[]>(row.ip_address_types, []),
    checkedAt: toIso(row.checked_at) ?? '',
  };
}

function endpointColumns(observed: ObservedEndpoint, region: string) {
  const ep = observed.endpoint;
  return {
    vpc_id: observed.vpcId,
    region,
    account_id: observed.accountId,
    state: ep.state.toLocaleLowerCase('en-US'),
    private_dns_enabled: ep.privateDnsEnabled,
    ip_address_type: ep.ipAddressType || null,
    subnet_ids: JSON.stringify(ep.subnetIds),
    availability_zones: JSON.stringify(ep.availabilityZones),
    network_interface_ids: JSON.stringify(ep.networkInterfaceIds),
    security_group_ids: JSON.stringify(ep.securityGroupIds),
    dns_entries: JSON.stringify(ep.dnsEntries),
    tags: JSON.stringify(ep.tags ?? {}),
    last_error_code: ep.lastError?.code ?? null,
    last_error_message: ep.lastError?.message ?? null,
    aws_created_at: ep.createdAt ? new Date(ep.createdAt) : null,
  };
}

/**
 * The inventory's SQL: tracked VPC entities, the EKS endpoints seen in AWS
 * with their state history, the per-region service answer and the onboarded
 * VPCs. The same statements run on SQLite and PostgreSQL.
 */
export class InventoryStore {
  /** Applies the migrations (unless the database service says to skip). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<InventoryStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await InventoryStore.migrate(knex);
    }
    return new InventoryStore(knex);
  }

  /** Brings the schema up to date. */
  static async migrate(knex: Knex): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await knex.migrate.latest({
          directory: resolvePackagePath(PACKAGE_NAME, 'migrations'),
          tableName: MIGRATIONS_TABLE,
        });
        return;
      } catch (err) {
        // Replicas that start together race for knex's migration lock, and
        // knex fails the loser at once instead of waiting for the winner.
        const locked = /already locked/i.test(String((err as Error)?.message));
        if (!locked || attempt >= MIGRATION_LOCK_ATTEMPTS) {
          throw err;
        }
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
    }
  }

  // Compiled once: knex's query builder costs more per call than the
  // database does to answer this query.
  private readonly entityRecordSql: string;
  private readonly sqliteStatements = new WeakMap<
    SqliteConnection,
    SqliteStatement
  >();

  constructor(private readonly knex: Knex) {
    this.entityRecordSql = knex(`${ENTITIES} as v`)
      .leftJoin(`${SERVICES} as s`, 's.region', 'v.region')
      .leftJoin(`${ENDPOINTS} as e`, join =>
        join.on('e.vpc_id', 'v.vpc_id').andOn('e.region', 'v.region'),
      )
      .leftJoin(`${STATES} as h`, 'h.vpc_endpoint_id', 'e.vpc_endpoint_id')
      .where('v.entity_ref', '')
      .orderBy([{ column: 'e.vpc_endpoint_id' }, { column: 'h.id' }])
      .select(
        'v.entity_ref',
        'v.vpc_id',
        'v.region',
        'v.account_id',
        'v.dns_support',
        'v.dns_hostnames',
        'v.dns_checked_at',
        'v.sync_status',
        'v.sync_error',
        'v.last_synced_at',
        'v.last_attempt_at',
        's.service_exists as service_exists',
        's.availability_zones as service_availability_zones',
        's.policy_supported as service_policy_supported',
        's.ip_address_types as service_ip_address_types',
        's.checked_at as service_checked_at',
        'e.vpc_endpoint_id',
        'e.state as endpoint_state',
        'e.private_dns_enabled as endpoint_private_dns_enabled',
        'e.ip_address_type',
        'e.subnet_ids as endpoint_subnet_ids',
        'e.availability_zones as endpoint_availability_zones',
        'e.network_interface_ids as endpoint_network_interface_ids',
        'e.security_group_ids as endpoint_security_group_ids',
        'e.dns_entries as endpoint_dns_entries',
        'e.tags as endpoint_tags',
        'e.last_error_code',
        'e.last_error_message',
        'e.aws_created_at',
        'e.last_seen_at',
        'e.deleted_at',
        'h.state as history_state',
        'h.at as history_at',
      )
      .toSQL().sql;
  }

  /**
   * Records where each entity's VPC lives. A new entity starts as `never`
   * synced; one whose VPC, region or account changed starts over, since the
   * data it had belongs to another VPC.
   */
  async upsertEntities(
    locations: VpcEntityLocation[],
    now: Date = new Date(),
  ): Promise<void> {
    if (locations.length === 0) {
      return;
    }
    const existing = new Map<string, EntityRow>();
    for (const part of chunks(locations.map(l => l.entityRef))) {
      const rows: EntityRow[] = await this.knex(ENTITIES)
        .whereIn('entity_ref', part)
        .select();
      rows.forEach(row => existing.set(row.entity_ref, row));
    }

    const fresh = locations.filter(l => !existing.has(l.entityRef));
    const moved = locations.filter(l => {
      const row = existing.get(l.entityRef);
      return (
        row &&
        (row.vpc_id !== l.vpcId ||
          row.region !== l.region ||
          row.account_id !== l.accountId)
      );
    });

    await this.knex.transaction(async tx => {
      for (const part of chunks(fresh)) {
        await tx(ENTITIES)
          .insert(
            part.map(l => ({
              entity_ref: l.entityRef,
              vpc_id: l.vpcId,
              region: l.region,
              account_id: l.accountId,
              sync_status: 'never',
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict('entity_ref')
          .ignore();
      }
      for (const l of moved) {
        await tx(ENTITIES).where('entity_ref', l.entityRef).update({
          vpc_id: l.vpcId,
          region: l.region,
          account_id: l.accountId,
          dns_support: null,
          dns_hostnames: null,
          dns_checked_at: null,
          sync_status: 'never',
          sync_error: null,
          last_synced_at: null,
          last_attempt_at: null,
          updated_at: now,
        });
      }
    });
  }

  /** Forgets entities (gone from the catalog or no longer locating a VPC). */
  async deleteEntities(entityRefs: string[]): Promise<void> {
    for (const part of chunks(entityRefs)) {
      await this.knex(ENTITIES).whereIn('entity_ref', part).delete();
    }
  }

  async listEntityRefs(): Promise<string[]> {
    const rows: Array<{ entity_ref: string }> = await this.knex(ENTITIES)
      .select('entity_ref')
      .orderBy('entity_ref');
    return rows.map(r => r.entity_ref);
  }

  async getEntity(entityRef: string): Promise<TrackedVpcEntity | undefined> {
    const row: EntityRow | undefined = await this.knex(ENTITIES)
      .where('entity_ref', entityRef)
      .first();
    return row ? entityFromRow(row) : undefined;
  }

  /**
   * Everything the record of one tracked entity needs — the entity, its
   * region's stored service answer, its VPC's endpoints with their state
   * history (endpoints newest first, history oldest first) — in one query
   * of primary-key and index lookups. This is the read behind every
   * `GET /inventory/:kind/:namespace/:name`.
   */
  async getEntityRecord(
    entityRef: string,
  ): Promise<StoredEntityRecord | undefined> {
    const rows = await this.queryEntityRecord(entityRef);
    if (rows.length === 0) {
      return undefined;
    }
    const first = rows[0];
    const endpoints: InventoryEndpoint[] = [];
    let currentId: string | undefined;
    let history: StateChange[] = [];
    for (const row of rows) {
      if (row.vpc_endpoint_id === null) {
        continue;
      }
      if (currentId !== row.vpc_endpoint_id) {
        currentId = row.vpc_endpoint_id;
        history = [];
        endpoints.push({
          ...endpointFromRow({
            vpc_endpoint_id: row.vpc_endpoint_id,
            state: row.endpoint_state ?? '',
            private_dns_enabled: row.endpoint_private_dns_enabled ?? false,
            ip_address_type: row.ip_address_type,
            subnet_ids: row.endpoint_subnet_ids ?? '[]',
            availability_zones: row.endpoint_availability_zones ?? '[]',
            network_interface_ids: row.endpoint_network_interface_ids ?? '[]',
            security_group_ids: row.endpoint_security_group_ids ?? '[]',
            dns_entries: row.endpoint_dns_entries ?? '[]',
            tags: row.endpoint_tags ?? '{}',
            last_error_code: row.last_error_code,
            last_error_message: row.last_error_message,
            aws_created_at: row.aws_created_at,
            last_seen_at: row.last_seen_at,
            deleted_at: row.deleted_at,
          }),
          stateHistory: history,
        });
      }
      if (row.history_state !== null) {
        history.push({
          state: row.history_state,
          at: toIso(row.history_at) ?? '',
        });
      }
    }
    return {
      entity: entityFromRow(first),
      service:
        first.service_exists === null
          ? undefined
          : serviceFromRow({
              region: first.region,
              service_exists: first.service_exists,
              availability_zones: first.service_availability_zones ?? '[]',
              policy_supported: first.service_policy_supported,
              ip_address_types: first.service_ip_address_types ?? '[]',
              checked_at: first.service_checked_at,
            }),
      endpoints: sortEndpoints(endpoints),
    };
  }

  /**
   * The rows of the entity record query. knex prepares every query anew;
   * for this join SQLite spends about twice as long preparing it as running
   * it, so on better-sqlite3 the prepared statement is kept per connection
   * (and dropped with it). PostgreSQL gets the query text, compiled once.
   */
  private async queryEntityRecord(
    entityRef: string,
  ): Promise<EntityRecordRow[]> {
    const client = this.knex.client;
    if (client.driverName !== 'better-sqlite3') {
      return rowsOf<EntityRecordRow>(
        await this.knex.raw(this.entityRecordSql, [entityRef]),
      );
    }
    const connection: SqliteConnection = await client.acquireConnection();
    try {
      let statement = this.sqliteStatements.get(connection);
      if (!statement) {
        statement = connection.prepare(this.entityRecordSql);
        this.sqliteStatements.set(connection, statement);
      }
      return statement.all(entityRef);
    } finally {
      await client.releaseConnection(connection);
    }
  }

  async getEntitiesForVpc(
    vpcId: string,
    region: string,
  ): Promise<TrackedVpcEntity[]> {
    const rows: EntityRow[] = await this.knex(ENTITIES)
      .where({ vpc_id: vpcId, region })
      .orderBy('entity_ref');
    return rows.map(entityFromRow);
  }

  /** A page of tracked entities in entity-ref order. */
  async listEntities(filter: EntityListFilter): Promise<TrackedVpcEntity[]> {
    const query = this.knex(`${ENTITIES} as v`).select('v.*');
    if (filter.region) {
      query.where('v.region', filter.region);
    }
    if (filter.state) {
      const endpointsOfVpc = this.knex(`${ENDPOINTS} as e`)
        .select(this.knex.raw('1'))
        .whereRaw('e.vpc_id = v.vpc_id')
        .andWhereRaw('e.region = v.region');
      if (filter.state === 'none') {
        query.whereNotExists(endpointsOfVpc.whereNull('e.deleted_at'));
      } else {
        query.whereExists(endpointsOfVpc.where('e.state', filter.state));
      }
    }
    if (filter.afterRef) {
      query.where('v.entity_ref', '>', filter.afterRef);
    }
    const rows: EntityRow[] = await query
      .orderBy('v.entity_ref')
      .limit(filter.limit);
    return rows.map(entityFromRow);
  }

  /**
   * The endpoints of the given VPCs with their state history, newest first
   * within a VPC, keyed by `region/vpcId`. One indexed query per region and
   * 400 VPCs: the history is joined in, oldest first.
   */
  async getEndpointsForVpcs(
    vpcs: Array<{ vpcId: string; region: string }>,
  ): Promise<Map<string, InventoryEndpoint[]>> {
    const result = new Map<string, InventoryEndpoint[]>();
    const byRegion = new Map<string, Set<string>>();
    for (const { vpcId, region } of vpcs) {
      byRegion.set(region, (byRegion.get(region) ?? new Set()).add(vpcId));
    }

    const rows: EndpointWithStateRow[] = [];
    for (const [region, ids] of byRegion) {
      for (const part of chunks([...ids])) {
        rows.push(
          ...(await this.knex(`${ENDPOINTS} as e`)
            .leftJoin(
              `${STATES} as h`,
              'h.vpc_endpoint_id',
              'e.vpc_endpoint_id',
            )
            .where('e.region', region)
            .whereIn('e.vpc_id', part)
            .orderBy([{ column: 'e.vpc_endpoint_id' }, { column: 'h.id' }])
            .select('e.*', 'h.state as history_state', 'h.at as history_at')),
        );
      }
    }

    let currentId: string | undefined;
    let history: StateChange[] = [];
    for (const row of rows) {
      if (currentId !== row.vpc_endpoint_id) {
        currentId = row.vpc_endpoint_id;
        history = [];
        const key = vpcKey(row.vpc_id, row.region);
        const list = result.get(key) ?? [];
        list.push({ ...endpointFromRow(row), stateHistory: history });
        result.set(key, list);
      }
      if (row.history_state !== null) {
        history.push({
          state: row.history_state,
          at: toIso(row.history_at) ?? '',
        });
      }
    }

    for (const list of result.values()) {
      sortEndpoints(list);
    }
    return result;
  }

  /**
   * Writes what a successful AWS read saw: new and changed endpoints, state
   * changes into the history, endpoints that vanished marked deleted, the DNS
   * attributes that were read, and the sync outcome of every entity of these
   * VPCs. One transaction, so a reader never sees half a sync.
   */
  async applySnapshot(snapshot: VpcSnapshot): Promise<SnapshotChanges> {
    const { region, at } = snapshot;
    const changes: SnapshotChanges = { added: 0, stateChanges: 0, deleted: 0 };
    const covered = new Set(snapshot.vpcIds);
    const observed = snapshot.endpoints.filter(o => covered.has(o.vpcId));

    await this.knex.transaction(async tx => {
      const existing = new Map<string, EndpointRow>();
      for (const part of chunks([...covered])) {
        const rows: EndpointRow[] = await tx(ENDPOINTS)
          .where('region', region)
          .whereIn('vpc_id', part)
          .select();
        rows.forEach(r => existing.set(r.vpc_endpoint_id, r));
      }
      // An endpoint id is unique in AWS, so one seen again under another
      // VPC set (an entity moved) is still the same row.
      const unknownIds = observed
        .map(o => o.endpoint.vpcEndpointId)
        .filter(id => !existing.has(id));
      for (const part of chunks(unknownIds)) {
        const rows: EndpointRow[] = await tx(ENDPOINTS)
          .whereIn('vpc_endpoint_id', part)
          .select();
        rows.forEach(r => existing.set(r.vpc_endpoint_id, r));
      }

      const inserts: Record<string, unknown>[] = [];
      const history: Array<{
        vpc_endpoint_id: string;
        state: string;
        at: Date;
      }> = [];
      const unchangedIds: string[] = [];
      const seen = new Set<string>();

      for (const o of observed) {
        const id = o.endpoint.vpcEndpointId;
        seen.add(id);
        const columns = endpointColumns(o, region);
        const goneInAws = columns.state === 'deleted';
        const before = existing.get(id);
        if (!before) {
          inserts.push({
            vpc_endpoint_id: id,
            ...columns,
            first_seen_at: at,
            last_seen_at: at,
            deleted_at: goneInAws ? at : null,
          });
          history.push({ vpc_endpoint_id: id, state: columns.state, at });
          changes.added += 1;
          continue;
        }
        const stateChanged = before.state !== columns.state;
        if (stateChanged) {
          history.push({ vpc_endpoint_id: id, state: columns.state, at });
          changes.stateChanges += 1;
        }
        const deletedAt = goneInAws ? before.deleted_at ?? at : null;
        if (
          !stateChanged &&
          !before.deleted_at === !deletedAt &&
          before.vpc_id === columns.vpc_id &&
          before.region === columns.region &&
          before.account_id === columns.account_id &&
          Boolean(before.private_dns_enabled) === columns.private_dns_enabled &&
          before.ip_address_type === columns.ip_address_type &&
          before.subnet_ids === columns.subnet_ids &&
          before.availability_zones === columns.availability_zones &&
          before.network_interface_ids === columns.network_interface_ids &&
          before.security_group_ids === columns.security_group_ids &&
          before.dns_entries === columns.dns_entries &&
          before.tags === columns.tags &&
          before.last_error_code === columns.last_error_code &&
          before.last_error_message === columns.last_error_message &&
          toIso(before.aws_created_at) === toIso(columns.aws_created_at)
        ) {
          unchangedIds.push(id);
          continue;
        }
        await tx(ENDPOINTS)
          .where('vpc_endpoint_id', id)
          .update({ ...columns, last_seen_at: at, deleted_at: deletedAt });
      }

      for (const part of chunks(inserts, 100)) {
        await tx(ENDPOINTS).insert(part);
      }
      for (const part of chunks(unchangedIds)) {
        await tx(ENDPOINTS)
          .whereIn('vpc_endpoint_id', part)
          .update({ last_seen_at: at });
      }

      const vanished = [...existing.values()].filter(
        r =>
          !seen.has(r.vpc_endpoint_id) &&
          r.region === region &&
          covered.has(r.vpc_id) &&
          !r.deleted_at,
      );
      for (const part of chunks(vanished.map(r => r.vpc_endpoint_id))) {
        await tx(ENDPOINTS)
          .whereIn('vpc_endpoint_id', part)
          .update({ state: 'deleted', deleted_at: at });
      }
      for (const r of vanished) {
        if (r.state !== 'deleted') {
          history.push({
            vpc_endpoint_id: r.vpc_endpoint_id,
            state: 'deleted',
            at,
          });
        }
      }
      changes.deleted = vanished.length;

      for (const part of chunks(history, 100)) {
        await tx(STATES).insert(part);
      }

      const vpcErrors = snapshot.vpcErrors ?? new Map<string, string>();
      const clean = [...covered].filter(id => !vpcErrors.has(id));
      for (const part of chunks(clean)) {
        await tx(ENTITIES)
          .where('region', region)
          .whereIn('vpc_id', part)
          .update({
            sync_status: 'ok',
            sync_error: null,
            last_synced_at: at,
            last_attempt_at: at,
            updated_at: at,
          });
      }
      for (const [vpcId, message] of vpcErrors) {
        if (covered.has(vpcId)) {
          await this.markFailedIn(tx, region, [vpcId], message, at);
        }
      }
      for (const [vpcId, dns] of snapshot.dns) {
        await tx(ENTITIES).where({ region, vpc_id: vpcId }).update({
          dns_support: dns.dnsSupport,
          dns_hostnames: dns.dnsHostnames,
          dns_checked_at: at,
        });
      }
    });
    return changes;
  }

  /**
   * Records a failed read of these VPCs: entities that were synced before
   * turn `stale` and keep their data, the others turn `error`.
   */
  async markFailed(
    region: string,
    vpcIds: string[],
    message: string,
    at: Date = new Date(),
  ): Promise<void> {
    await this.markFailedIn(this.knex, region, vpcIds, message, at);
  }

  /** Records a problem of one entity that no AWS call can fix. */
  async markEntityError(
    entityRef: string,
    message: string,
    at: Date = new Date(),
  ): Promise<void> {
    await this.knex(ENTITIES)
      .where('entity_ref', entityRef)
      .update(this.failureColumns(message, at));
  }

  private async markFailedIn(
    db: Knex | Knex.Transaction,
    region: string,
    vpcIds: string[],
    message: string,
    at: Date,
  ): Promise<void> {
    for (const part of chunks(vpcIds)) {
      await db(ENTITIES)
        .where('region', region)
        .whereIn('vpc_id', part)
        .update(this.failureColumns(message, at));
    }
  }

  private failureColumns(message: string, at: Date) {
    return {
      sync_status: this.knex.raw(
        "CASE WHEN last_synced_at IS NULL THEN 'error' ELSE 'stale' END",
      ),
      sync_error: message,
      last_attempt_at: at,
      updated_at: at,
    };
  }

  /** The stored service answers of these regions, keyed by region. */
  async getServiceDescriptions(
    regions: string[],
  ): Promise<Map<string, StoredServiceDescription>> {
    const result = new Map<string, StoredServiceDescription>();
    for (const part of chunks([...new Set(regions)])) {
      const rows: ServiceRow[] = await this.knex(SERVICES)
        .whereIn('region', part)
        .select();
      for (const row of rows) {
        result.set(row.region, serviceFromRow(row));
      }
    }
    return result;
  }

  async saveServiceDescription(
    region: string,
    description: EksServiceDescription,
    at: Date = new Date(),
  ): Promise<void> {
    const columns = {
      service_exists: description.exists,
      availability_zones: JSON.stringify(description.availabilityZones),
      policy_supported: description.policySupported,
      ip_address_types: JSON.stringify(description.ipAddressTypes),
      checked_at: at,
    };
    await this.knex(SERVICES)
      .insert({ region, ...columns })
      .onConflict('region')
      .merge(columns);
  }

  /**
   * Records an onboarded VPC unless its VPC (id, region, account) or its
   * name is recorded already. The database's keys decide, so of two
   * concurrent onboardings only one is kept. Returns the record that holds
   * the VPC, or that holds the name when the VPC is not recorded.
   */
  async insertOnboardedVpc(
    vpc: Omit<OnboardedVpc, 'createdAt'>,
    at: Date = new Date(),
  ): Promise<OnboardedVpc> {
    const key = onboardedKey(vpc);
    await this.knex(ONBOARDED)
      .insert({
        ...key,
        name: vpc.name,
        title: vpc.title,
        description: vpc.description,
        owner: vpc.owner,
        system: vpc.system,
        created_at: at,
        updated_at: at,
      })
      .onConflict()
      .ignore();
    const row: OnboardedRow | undefined =
      (await this.knex(ONBOARDED).where(key).first()) ??
      (await this.knex(ONBOARDED).where({ name: vpc.name }).first());
    if (!row) {
      // Only when another writer removed it in between.
      throw new Error(`${vpc.vpcId} was not recorded; try again`);
    }
    return onboardedFromRow(row);
  }

  /** Removes an onboarded VPC; returns whether there was one. */
  async deleteOnboardedVpc(
    vpc: Pick<OnboardedVpc, 'vpcId' | 'region' | 'accountId'>,
  ): Promise<boolean> {
    const removed = await this.knex(ONBOARDED)
      .where(onboardedKey(vpc))
      .delete();
    return removed > 0;
  }

  async listOnboardedVpcs(): Promise<OnboardedVpc[]> {
    const rows: OnboardedRow[] = await this.knex(ONBOARDED)
      .select()
      .orderBy(['region', 'vpc_id', 'account_id']);
    return rows.map(onboardedFromRow);
  }
}

function onboardedKey(
  vpc: Pick<OnboardedVpc, 'vpcId' | 'region' | 'accountId'>,
) {
  return {
    vpc_id: vpc.vpcId,
    region: vpc.region,
    account_id: vpc.accountId ?? '',
  };
}

function onboardedFromRow(row: OnboardedRow): OnboardedVpc {
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

/** The key {@link InventoryStore.getEndpointsForVpcs} files endpoints under. */
export function endpointsKey(vpcId: string, region: string): string {
  return vpcKey(vpcId, region);
}
