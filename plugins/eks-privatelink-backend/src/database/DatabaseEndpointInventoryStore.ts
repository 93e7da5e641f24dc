import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { Knex } from 'knex';
import { EntityRecordQuery } from './EntityRecordQuery';
import {
  EndpointHistoryRow,
  EndpointRow,
  EntityRow,
  endpointsFromHistoryRows,
  entityFromRow,
  sortEndpoints,
} from './rows';
import { ENDPOINTS, ENTITIES, STATES, chunks } from './tables';
import {
  EndpointInventoryStore,
  EntityListFilter,
  SnapshotChanges,
  StoredEntityRecord,
  TrackedVpcEntity,
  VpcEntityLocation,
  VpcSnapshot,
  endpointsKey,
} from './types';
import { markVpcsFailed, writeSnapshot } from './writeSnapshot';

/** An endpoint row with one of its state changes, left-joined. */
type EndpointWithStateRow = EndpointRow & EndpointHistoryRow;

/**
 * The {@link EndpointInventoryStore} on the plugin's database; the same
 * statements run on SQLite and PostgreSQL.
 */
export class DatabaseEndpointInventoryStore implements EndpointInventoryStore {
  private readonly recordQuery: EntityRecordQuery;

  constructor(private readonly knex: Knex) {
    this.recordQuery = new EntityRecordQuery(knex);
  }

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

  async getEntityRecord(
    entityRef: string,
  ): Promise<StoredEntityRecord | undefined> {
    return this.recordQuery.run(entityRef);
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
   * One indexed query per region and 400 VPCs, the history joined in,
   * oldest first.
   */
  async getEndpointsForVpcs(
    vpcs: Array<{ vpcId: string; region: string }>,
  ): Promise<Map<string, InventoryEndpoint[]>> {
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

    const result = new Map<string, InventoryEndpoint[]>();
    for (const { row, endpoint } of endpointsFromHistoryRows(rows)) {
      const key = endpointsKey(row.vpc_id, row.region);
      const list = result.get(key) ?? [];
      list.push(endpoint);
      result.set(key, list);
    }
    for (const list of result.values()) {
      sortEndpoints(list);
    }
    return result;
  }

  async applySnapshot(snapshot: VpcSnapshot): Promise<SnapshotChanges> {
    return this.knex.transaction(tx => writeSnapshot(tx, snapshot));
  }

  async markFailed(
    region: string,
    vpcIds: string[],
    message: string,
    at: Date = new Date(),
  ): Promise<void> {
    await markVpcsFailed(this.knex, region, vpcIds, message, at);
  }
}
