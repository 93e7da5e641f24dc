import { Knex } from 'knex';
import {
  EndpointHistoryRow,
  EntityRow,
  Timestamp,
  endpointsFromHistoryRows,
  entityFromRow,
  serviceFromRow,
  sortEndpoints,
} from './rows';
import { ENDPOINTS, ENTITIES, SERVICES, STATES, rowsOf } from './tables';
import type { StoredEntityRecord, StoredServiceDescription } from './types';

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** The part of a better-sqlite3 statement this uses. */
interface SqliteStatement {
  all(...params: unknown[]): unknown[];
}

/**
 * The region's service answers, the EKS API's (`service_`) and EKS Pod
 * Identity's (`auth_`), null where the region has none stored.
 */
interface ServiceColumns {
  service_exists: boolean | number | null;
  service_availability_zones: string | null;
  service_policy_supported: boolean | number | null;
  service_ip_address_types: string | null;
  service_checked_at: Timestamp;
  auth_exists: boolean | number | null;
  auth_availability_zones: string | null;
  auth_policy_supported: boolean | number | null;
  auth_ip_address_types: string | null;
  auth_checked_at: Timestamp;
}

/** One service's answer from its columns, if the region has one. */
function answerOf(
  row: EntityRecordRow,
  service: 'eks' | 'eks-auth',
): StoredServiceDescription | undefined {
  const prefix = service === 'eks' ? 'service' : 'auth';
  const column = <K extends string>(name: K) =>
    row[`${prefix}_${name}` as keyof ServiceColumns];
  if (column('exists') === null) {
    return undefined;
  }
  return serviceFromRow({
    region: row.region,
    service,
    service_exists: column('exists') as boolean | number,
    availability_zones: (column('availability_zones') as string | null) ?? '[]',
    policy_supported: column('policy_supported') as boolean | number | null,
    ip_address_types: (column('ip_address_types') as string | null) ?? '[]',
    checked_at: column('checked_at') as Timestamp,
  });
}

/**
 * One row of the query: the entity, its region's service answer, one
 * endpoint of its VPC and one of that endpoint's state changes, each part
 * null where the left join found nothing.
 */
type EntityRecordRow = EntityRow &
  ServiceColumns &
  Nullable<EndpointHistoryRow> & { history_id: number | null };

// An endpoint's columns are NOT NULL: a row with its id has all of them.
function hasEndpoint(
  row: EntityRecordRow,
): row is EntityRecordRow & EndpointHistoryRow {
  return row.vpc_endpoint_id !== null;
}

/** Each endpoint's rows together, its state changes oldest first. */
function byEndpointThenChange(a: EntityRecordRow, b: EntityRecordRow): number {
  if (a.vpc_endpoint_id !== b.vpc_endpoint_id) {
    return (a.vpc_endpoint_id ?? '') < (b.vpc_endpoint_id ?? '') ? -1 : 1;
  }
  return (a.history_id ?? 0) - (b.history_id ?? 0);
}

/**
 * The read behind every `GET /inventory/:kind/:namespace/:name`: one entity's
 * whole record in one query of primary-key and index lookups, where reading
 * the entity, its endpoints, their history and the service answer apart took
 * five.
 */
export class EntityRecordQuery {
  // Compiled once: knex's query builder costs more per call than the
  // database does to answer this query.
  private readonly sql: string;
  /** The same query with PostgreSQL's `$1` placeholder; null on other databases. */
  private readonly pgSql: string | null;
  /** better-sqlite3's prepared statement, per connection. */
  private readonly sqliteStatements = new WeakMap<object, SqliteStatement>();

  constructor(private readonly knex: Knex) {
    const query = knex(`${ENTITIES} as v`)
      // The services are constants in the text, so the query keeps its one
      // parameter, the entity ref.
      .leftJoin(`${SERVICES} as s`, join =>
        join.on('s.region', 'v.region').andOn('s.service', knex.raw("'eks'")),
      )
      .leftJoin(`${SERVICES} as a`, join =>
        join
          .on('a.region', 'v.region')
          .andOn('a.service', knex.raw("'eks-auth'")),
      )
      .leftJoin(`${ENDPOINTS} as e`, join =>
        join
          .on('e.account_id', 'v.account_id')
          .andOn('e.region', 'v.region')
          .andOn('e.vpc_id', 'v.vpc_id'),
      )
      .leftJoin(`${STATES} as h`, join =>
        join
          .on('h.account_id', 'e.account_id')
          .andOn('h.vpc_endpoint_id', 'e.vpc_endpoint_id'),
      )
      .where('v.entity_ref', '')
      // No ORDER BY: to avoid a sort, SQLite then walked the endpoints'
      // primary key (every endpoint of the account) instead of the
      // account/region/VPC index, 6–9 ms a read at 10,000 endpoints
      // against 0.2–0.5 ms. The few rows are put in order below.
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
        'v.owner',
        'v.title',
        's.service_exists as service_exists',
        's.availability_zones as service_availability_zones',
        's.policy_supported as service_policy_supported',
        's.ip_address_types as service_ip_address_types',
        's.checked_at as service_checked_at',
        'a.service_exists as auth_exists',
        'a.availability_zones as auth_availability_zones',
        'a.policy_supported as auth_policy_supported',
        'a.ip_address_types as auth_ip_address_types',
        'a.checked_at as auth_checked_at',
        'e.vpc_endpoint_id',
        'e.state',
        'e.private_dns_enabled',
        'e.ip_address_type',
        'e.subnet_ids',
        'e.availability_zones',
        'e.network_interface_ids',
        'e.security_group_ids',
        'e.dns_entries',
        'e.tags',
        'e.policy_document',
        'e.drift',
        'e.service_name',
        'e.last_error_code',
        'e.last_error_message',
        'e.aws_created_at',
        'e.last_seen_at',
        'e.deleted_at',
        'h.id as history_id',
        'h.state as history_state',
        'h.at as history_at',
      )
      .toSQL();
    this.sql = query.sql;
    this.pgSql =
      knex.client.config.client === 'pg' ? query.toNative().sql : null;
  }

  /**
   * The query is prepared once per connection, not sent and parsed on every
   * read: on PostgreSQL as a named statement (a read then sends only its
   * parameter; the whole text on every read was the costliest part of the
   * card's route, in the socket write), on SQLite as a statement kept per
   * connection (SQLite takes longer to prepare this join than to run it).
   * Other databases go through `knex.raw`.
   */
  private async rows(entityRef: string): Promise<EntityRecordRow[]> {
    const dialect = this.knex.client.config.client;
    if (dialect !== 'pg' && dialect !== 'better-sqlite3') {
      return rowsOf<EntityRecordRow>(
        await this.knex.raw(this.sql, [entityRef]),
      );
    }
    const client = this.knex.client;
    const connection = await client.acquireConnection();
    try {
      if (dialect === 'pg') {
        const result = await connection.query({
          name: 'eks_privatelink_entity_record',
          text: this.pgSql,
          values: [entityRef],
        });
        return result.rows as EntityRecordRow[];
      }
      let statement = this.sqliteStatements.get(connection);
      if (!statement) {
        statement = connection.prepare(this.sql) as SqliteStatement;
        this.sqliteStatements.set(connection, statement);
      }
      return statement.all(entityRef) as EntityRecordRow[];
    } finally {
      await client.releaseConnection(connection);
    }
  }

  async run(entityRef: string): Promise<StoredEntityRecord | undefined> {
    const rows = await this.rows(entityRef);
    if (rows.length === 0) {
      return undefined;
    }
    const first = rows[0];
    const endpoints = endpointsFromHistoryRows(
      rows.filter(hasEndpoint).sort(byEndpointThenChange),
    );
    return {
      entity: entityFromRow(first),
      service: answerOf(first, 'eks'),
      authService: answerOf(first, 'eks-auth'),
      endpoints: sortEndpoints(endpoints.map(e => e.endpoint)),
    };
  }
}
