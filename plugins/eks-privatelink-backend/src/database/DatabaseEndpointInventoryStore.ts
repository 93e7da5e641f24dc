import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { Knex } from 'knex';
import { EntityRecordQuery } from './EntityRecordQuery';
import {
  FleetFilter,
  FleetPageQuery,
  FleetQuery,
  FleetRegionTotals,
} from './FleetQuery';
import {
  EndpointHistoryRow,
  EndpointRow,
  EntityRow,
  endpointsFromHistoryRows,
  entityFromRow,
  sortEndpoints,
  toIso,
} from './rows';
import { ENDPOINTS, ENTITIES, STATES, accountKey, chunks } from './tables';
import {
  AccountRegion,
  EndpointInventoryStore,
  PrunedHistory,
  SnapshotChanges,
  StoredEntityRecord,
  TrackedVpcEntity,
  VpcEntityLocation,
  VpcDnsReadState,
  VpcKey,
  VpcSnapshot,
  endpointsKey,
  endpointsSignature,
} from './types';
import { markVpcsFailed, writeSnapshot } from './writeSnapshot';

/** The owner and title columns a location sets; none when it has neither. */
function labelsOf(
  l: VpcEntityLocation,
): Partial<Pick<EntityRow, 'owner' | 'title'>> {
  return {
    ...(l.owner !== undefined ? { owner: l.owner } : {}),
    ...(l.title !== undefined ? { title: l.title } : {}),
  };
}

/** An endpoint row with one of its state changes, left-joined. */
type EndpointWithStateRow = EndpointRow & EndpointHistoryRow;

/**
 * The {@link EndpointInventoryStore} on the plugin's database; the same
 * statements run on SQLite and PostgreSQL.
 */
export class DatabaseEndpointInventoryStore implements EndpointInventoryStore {
  private readonly recordQuery: EntityRecordQuery;
  private readonly fleetQuery: FleetQuery;

  constructor(private readonly knex: Knex) {
    this.recordQuery = new EntityRecordQuery(knex);
    this.fleetQuery = new FleetQuery(knex);
  }

  async listFleet(query: FleetPageQuery): Promise<TrackedVpcEntity[]> {
    return this.fleetQuery.page(query);
  }

  async fleetTotals(filter: FleetFilter): Promise<FleetRegionTotals[]> {
    return this.fleetQuery.totals(filter);
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
    const moved = new Set(
      locations.filter(l => {
        const row = existing.get(l.entityRef);
        return (
          row &&
          (row.vpc_id !== l.vpcId ||
            row.region !== l.region ||
            row.account_id !== accountKey(l.accountId))
        );
      }),
    );
    // Entities in place whose owner or title changed in the catalog.
    const relabelled = locations.filter(l => {
      const row = existing.get(l.entityRef);
      return (
        row &&
        !moved.has(l) &&
        ((l.owner !== undefined && (row.owner ?? null) !== l.owner) ||
          (l.title !== undefined && (row.title ?? null) !== l.title))
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
              account_id: accountKey(l.accountId),
              owner: l.owner ?? null,
              title: l.title ?? null,
              sync_status: 'never',
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict('entity_ref')
          .ignore();
      }
      for (const l of moved) {
        await tx(ENTITIES)
          .where('entity_ref', l.entityRef)
          .update({
            vpc_id: l.vpcId,
            region: l.region,
            account_id: accountKey(l.accountId),
            dns_support: null,
            dns_hostnames: null,
            dns_checked_at: null,
            sync_status: 'never',
            sync_error: null,
            last_synced_at: null,
            last_attempt_at: null,
            ...labelsOf(l),
            updated_at: now,
          });
      }
      for (const l of relabelled) {
        await tx(ENTITIES)
          .where('entity_ref', l.entityRef)
          .update({ ...labelsOf(l), updated_at: now });
      }
    });
  }

  async markEntitiesInvalid(
    problems: Array<{ entityRef: string; problem: string }>,
    at: Date = new Date(),
  ): Promise<void> {
    for (const { entityRef, problem } of problems) {
      // '' is no VPC: no read covers it, and fixing the annotations makes it
      // a moved entity that starts over.
      await this.knex(ENTITIES).where('entity_ref', entityRef).update({
        vpc_id: '',
        region: '',
        account_id: '',
        dns_support: null,
        dns_hostnames: null,
        dns_checked_at: null,
        sync_status: 'error',
        sync_error: problem,
        last_synced_at: null,
        last_attempt_at: at,
        updated_at: at,
      });
    }
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

  async getEntitiesForVpc({
    vpcId,
    region,
    accountId,
  }: VpcKey): Promise<TrackedVpcEntity[]> {
    const rows: EntityRow[] = await this.knex(ENTITIES)
      .where({ account_id: accountKey(accountId), region, vpc_id: vpcId })
      .orderBy('entity_ref');
    return rows.map(entityFromRow);
  }

  /**
   * One indexed query per account, region and 400 VPCs, the history joined
   * in, oldest first.
   */
  async getDnsReadState({
    region,
    accountId,
  }: AccountRegion): Promise<Map<string, VpcDnsReadState>> {
    const where = { account_id: accountKey(accountId), region };
    const [entities, endpoints] = await Promise.all([
      this.knex(ENTITIES)
        .where(where)
        .select('vpc_id', 'dns_checked_at') as Promise<
        Array<Pick<EntityRow, 'vpc_id' | 'dns_checked_at'>>
      >,
      this.knex(ENDPOINTS)
        .where(where)
        .whereNull('deleted_at')
        .select(
          'vpc_id',
          'vpc_endpoint_id',
          'state',
          'private_dns_enabled',
        ) as Promise<
        Array<
          Pick<
            EndpointRow,
            'vpc_id' | 'vpc_endpoint_id' | 'state' | 'private_dns_enabled'
          >
        >
      >,
    ]);
    const live = new Map<string, InventoryEndpoint[]>();
    for (const row of endpoints) {
      const list = live.get(row.vpc_id) ?? [];
      list.push({
        vpcEndpointId: row.vpc_endpoint_id,
        state: row.state,
        privateDnsEnabled: Boolean(row.private_dns_enabled),
      } as InventoryEndpoint);
      live.set(row.vpc_id, list);
    }
    // A VPC named by several entities counts as read when all of them were.
    const reads = new Map<string, Array<string | null>>();
    for (const row of entities) {
      reads.set(row.vpc_id, [
        ...(reads.get(row.vpc_id) ?? []),
        toIso(row.dns_checked_at),
      ]);
    }
    const state = new Map<string, VpcDnsReadState>();
    for (const [vpcId, times] of reads) {
      state.set(vpcId, {
        checkedAt: times.includes(null) ? null : [...times].sort()[0] ?? null,
        endpoints: endpointsSignature(live.get(vpcId) ?? []),
      });
    }
    return state;
  }

  async getEndpointsForVpcs(
    vpcs: VpcKey[],
  ): Promise<Map<string, InventoryEndpoint[]>> {
    const byScope = new Map<
      string,
      { account: string; region: string; ids: Set<string> }
    >();
    for (const { vpcId, region, accountId } of vpcs) {
      const account = accountKey(accountId);
      const key = `${account}|${region}`;
      const scope = byScope.get(key) ?? { account, region, ids: new Set() };
      scope.ids.add(vpcId);
      byScope.set(key, scope);
    }

    const rows: EndpointWithStateRow[] = [];
    for (const { account, region, ids } of byScope.values()) {
      for (const part of chunks([...ids])) {
        rows.push(
          ...(await this.knex(`${ENDPOINTS} as e`)
            .leftJoin(`${STATES} as h`, join =>
              join
                .on('h.account_id', 'e.account_id')
                .andOn('h.vpc_endpoint_id', 'e.vpc_endpoint_id'),
            )
            .where({ 'e.account_id': account, 'e.region': region })
            .whereIn('e.vpc_id', part)
            .orderBy([{ column: 'e.vpc_endpoint_id' }, { column: 'h.id' }])
            .select('e.*', 'h.state as history_state', 'h.at as history_at')),
        );
      }
    }

    const result = new Map<string, InventoryEndpoint[]>();
    for (const { row, endpoint } of endpointsFromHistoryRows(rows)) {
      const key = endpointsKey(row.vpc_id, row.region, row.account_id);
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
    scope: AccountRegion,
    vpcIds: string[],
    message: string,
    at: Date = new Date(),
  ): Promise<void> {
    await markVpcsFailed(this.knex, scope, vpcIds, message, at);
  }

  async pruneHistory(before: Date): Promise<PrunedHistory> {
    return this.knex.transaction(async tx => {
      const goneLongAgo = (ref: string) =>
        tx(`${ENDPOINTS} as e`)
          .select(tx.raw('1'))
          .whereRaw(`e.account_id = ${ref}.account_id`)
          .andWhereRaw(`e.vpc_endpoint_id = ${ref}.vpc_endpoint_id`)
          .andWhere('e.deleted_at', '<', before);
      const ofPruned = await tx(STATES)
        .whereExists(goneLongAgo(STATES))
        .delete();
      const old = await tx(STATES).where('at', '<', before).delete();
      const endpoints = await tx(ENDPOINTS)
        .where('deleted_at', '<', before)
        .delete();
      return { endpoints, stateChanges: ofPruned + old };
    });
  }
}
