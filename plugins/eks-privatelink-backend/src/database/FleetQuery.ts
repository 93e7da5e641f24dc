import type {
  EksEndpointService,
  FleetCoverage,
  SyncStatus,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { Knex } from 'knex';
import { EntityRow, entityFromRow } from './rows';
import { ENDPOINTS, ENTITIES, rowsOf } from './tables';
import type { TrackedVpcEntity } from './types';

/** The filters of the fleet list, as the database applies them. */
export interface FleetFilter {
  region?: string;
  /** An endpoint state of the considered services, or `none`. */
  state?: string;
  /** The one service considered for `state` and `coverage`; else both. */
  service?: EksEndpointService;
  /** A lower-case full entity ref. */
  owner?: string;
  coverage?: FleetCoverage;
  syncStatus?: SyncStatus;
  drift?: boolean;
  /** Free text, matched case-insensitively as a substring. */
  q?: string;
  /**
   * The lower-case entity refs the caller may read; undefined when they may
   * read every entity.
   */
  readable?: string[];
}

/** A page of the fleet: entity refs after `afterRef`, in order. */
export interface FleetPageQuery extends FleetFilter {
  afterRef?: string;
  limit: number;
}

/** The filtered fleet's counts in one region. */
export interface FleetRegionTotals {
  region: string;
  vpcs: number;
  /** Entities whose coverage is `full`. */
  covered: number;
  partial: number;
  /** AZs billed by the live endpoints of the region's filtered VPCs. */
  azCount: number;
}

const ALL_SERVICES: readonly EksEndpointService[] = ['eks', 'eks-auth'];

// An endpoint of the entity's VPC (the endpoints' account/region/VPC index).
const OF_VPC =
  'e.account_id = v.account_id AND e.region = v.region AND e.vpc_id = v.vpc_id';
const LIVE = "e.state NOT IN ('deleted', 'deleting')";

/** Whether endpoint `e` serves the service; a stored null is the EKS API. */
function servesSql(service: EksEndpointService): string {
  const named = `e.service_name = ('com.amazonaws.' || e.region || '.${service}')`;
  return service === 'eks' ? `(e.service_name IS NULL OR ${named})` : named;
}

function anyServiceSql(services: readonly EksEndpointService[]): string {
  return `(${services.map(servesSql).join(' OR ')})`;
}

function endpointExists(condition: string): string {
  return `EXISTS (SELECT 1 FROM ${ENDPOINTS} e WHERE ${OF_VPC} AND ${condition})`;
}

/** SQL conditions on entity `v` for each coverage, over `services`. */
function coverageSql(
  services: readonly EksEndpointService[],
): Record<FleetCoverage, string> {
  const available = (s: readonly EksEndpointService[]) =>
    endpointExists(`${anyServiceSql(s)} AND e.state = 'available'`);
  const full = `(${services.map(s => available([s])).join(' AND ')})`;
  const some = available(services);
  return {
    none: `NOT ${some}`,
    full,
    partial: services.length > 1 ? `(${some} AND NOT ${full})` : '1 = 0',
  };
}

/** `text` as a LIKE pattern matching it anywhere, `!` escaping. */
function containsPattern(text: string): string {
  return `%${text.toLocaleLowerCase('en-US').replace(/[!%_]/g, c => `!${c}`)}%`;
}

/**
 * The fleet page's reads: tracked entities filtered, paged and summed in the
 * database, the same statements on SQLite and PostgreSQL. The refs a caller
 * may read go in as one JSON parameter, however many they are.
 */
export class FleetQuery {
  constructor(private readonly knex: Knex) {}

  /** A page of entities in entity-ref order. */
  async page(query: FleetPageQuery): Promise<TrackedVpcEntity[]> {
    const select = this.filtered(query).select('v.*');
    if (query.afterRef) {
      select.where('v.entity_ref', '>', query.afterRef);
    }
    const rows: EntityRow[] = await select
      .orderBy('v.entity_ref')
      .limit(query.limit);
    return rows.map(entityFromRow);
  }

  /**
   * Counts and billed AZs of the whole filtered set, per region, in one
   * statement. A VPC that several entities name counts once for its AZs.
   */
  async totals(filter: FleetFilter): Promise<FleetRegionTotals[]> {
    const coverage = coverageSql(
      filter.service ? [filter.service] : ALL_SERVICES,
    );
    const picked = this.filtered(filter)
      .select(
        'v.account_id',
        'v.region',
        'v.vpc_id',
        this.knex.raw(
          `CASE WHEN ${coverage.full} THEN 1 ELSE 0 END AS is_full`,
        ),
        this.knex.raw(
          `CASE WHEN ${coverage.partial} THEN 1 ELSE 0 END AS is_partial`,
        ),
      )
      .toSQL();
    const sql = `WITH picked AS (${picked.sql})
      SELECT t.region, SUM(t.vpcs) AS vpcs, SUM(t.covered) AS covered,
        SUM(t.partial) AS partial, SUM(t.azs) AS azs
      FROM (
        SELECT p.region, 1 AS vpcs, p.is_full AS covered,
          p.is_partial AS partial, 0 AS azs
        FROM picked p
        UNION ALL
        SELECT e.region, 0, 0, 0, e.az_count
        FROM ${ENDPOINTS} e
        WHERE ${LIVE} AND EXISTS (
          SELECT 1 FROM picked p WHERE p.account_id = e.account_id
            AND p.region = e.region AND p.vpc_id = e.vpc_id)
      ) t
      GROUP BY t.region
      ORDER BY t.region`;
    const rows = rowsOf<Record<string, string | number | null>>(
      await this.knex.raw(sql, picked.bindings as Knex.RawBinding[]),
    );
    return rows.map(row => ({
      region: String(row.region),
      vpcs: Number(row.vpcs ?? 0),
      covered: Number(row.covered ?? 0),
      partial: Number(row.partial ?? 0),
      azCount: Number(row.azs ?? 0),
    }));
  }

  /** The tracked entities `v` that pass the filter. */
  private filtered(filter: FleetFilter): Knex.QueryBuilder {
    const query = this.knex(`${ENTITIES} as v`);
    const services = filter.service ? [filter.service] : ALL_SERVICES;
    if (filter.readable) {
      this.onlyReadable(query, filter.readable);
    }
    if (filter.region) {
      query.where('v.region', filter.region);
    }
    if (filter.syncStatus) {
      query.where('v.sync_status', filter.syncStatus);
    }
    if (filter.owner) {
      query.where('v.owner', filter.owner);
    }
    if (filter.state === 'none') {
      query.whereRaw(
        `NOT ${endpointExists(`${anyServiceSql(services)} AND ${LIVE}`)}`,
      );
    } else if (filter.state) {
      query.whereRaw(
        endpointExists(`${anyServiceSql(services)} AND e.state = ?`),
        [filter.state],
      );
    }
    if (filter.coverage) {
      query.whereRaw(coverageSql(services)[filter.coverage]);
    }
    if (filter.drift !== undefined) {
      // Managed endpoints store a list, `[]` when nothing drifted; others null.
      const drifted = endpointExists(
        `${LIVE} AND e.drift IS NOT NULL AND e.drift NOT IN ('', '[]')`,
      );
      query.whereRaw(filter.drift ? drifted : `NOT ${drifted}`);
    }
    if (filter.q) {
      const pattern = containsPattern(filter.q);
      const columns = [
        'v.entity_ref',
        'v.title',
        'v.owner',
        'v.vpc_id',
        'v.account_id',
      ];
      query.whereRaw(
        `(${columns
          .map(c => `LOWER(COALESCE(${c}, '')) LIKE ? ESCAPE '!'`)
          .join(' OR ')})`,
        columns.map(() => pattern),
      );
    }
    return query;
  }

  /** Only the given refs, passed as one JSON array parameter. */
  private onlyReadable(query: Knex.QueryBuilder, refs: string[]): void {
    const json = JSON.stringify(refs);
    const dialect = String(this.knex.client.config.client);
    if (dialect === 'pg') {
      query.whereRaw(
        'v.entity_ref IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb)))',
        [json],
      );
    } else if (dialect.includes('sqlite')) {
      query.whereRaw('v.entity_ref IN (SELECT value FROM json_each(?))', [
        json,
      ]);
    } else {
      query.whereIn('v.entity_ref', refs);
    }
  }
}
