import type { EndpointDrift } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { Knex } from 'knex';
import { APPLIED } from './DatabaseAppliedStore';
import { parseJson, toIso, type Timestamp } from './rows';
import { ENDPOINTS, ENTITIES, STATES, accountKey, chunks } from './tables';
import type { AccountRegion } from './types';

/** The table of migration 20261207100000_applied_and_notifications. */
export const NOTIFICATIONS = 'eks_privatelink_notifications';

/** What an owner is told about. */
export type EndpointEventKind = 'failed' | 'gone' | 'drift';

/**
 * A managed endpoint of some VPCs that may be worth telling its owner
 * about: failed, gone since `goneSince` without the portal deleting it, or
 * live with drift. Whether it was told already is the log's business.
 */
export interface EndpointEventCandidate {
  vpcEndpointId: string;
  vpcId: string;
  serviceName: string | null;
  state: string;
  /** When the endpoint's current run of `failed` began; null unless failed. */
  failedSince: string | null;
  deletedAt: string | null;
  drift: EndpointDrift[];
}

/** A tracked entity of a VPC, with its owner (lower-case ref) if it has one. */
export interface VpcEntityOwner {
  entityRef: string;
  vpcId: string;
  owner: string | null;
}

/** The owner notifications sent, and what the sync needs to decide on more. */
export interface NotificationLog {
  /**
   * Records that `eventKey` is being notified. True for the one caller that
   * recorded it first (across replicas); false when it was recorded before.
   */
  claim(
    event: { eventKey: string; entityRef: string; kind: EndpointEventKind },
    at?: Date,
  ): Promise<boolean>;

  /** See {@link EndpointEventCandidate}. */
  findCandidates(
    scope: AccountRegion,
    vpcIds: string[],
    goneSince: Date,
  ): Promise<EndpointEventCandidate[]>;

  /** The tracked entities of these VPCs of one account and region, in ref order. */
  entitiesOf(scope: AccountRegion, vpcIds: string[]): Promise<VpcEntityOwner[]>;

  /** Forgets notifications recorded before `before`. */
  prune(before: Date): Promise<number>;
}

interface CandidateRow {
  vpc_endpoint_id: string;
  vpc_id: string;
  service_name: string | null;
  state: string;
  tags: string;
  drift: string | null;
  deleted_at: Timestamp;
  deleted_by_portal_at: Timestamp;
}

/** {@link NotificationLog} on the plugin's database. */
export class DatabaseNotificationLog implements NotificationLog {
  constructor(private readonly knex: Knex) {}

  async claim(
    event: { eventKey: string; entityRef: string; kind: EndpointEventKind },
    at: Date = new Date(),
  ): Promise<boolean> {
    const inserted = await this.knex(NOTIFICATIONS)
      .insert({
        event_key: event.eventKey,
        entity_ref: event.entityRef,
        kind: event.kind,
        created_at: at,
      })
      .onConflict('event_key')
      .ignore()
      .returning('event_key');
    return inserted.length > 0;
  }

  async findCandidates(
    { region, accountId }: AccountRegion,
    vpcIds: string[],
    goneSince: Date,
  ): Promise<EndpointEventCandidate[]> {
    const account = accountKey(accountId);
    const rows: CandidateRow[] = [];
    for (const part of chunks(vpcIds)) {
      rows.push(
        ...(await this.knex(`${ENDPOINTS} as e`)
          .leftJoin(`${APPLIED} as a`, join =>
            join
              .on('a.account_id', 'e.account_id')
              .andOn('a.vpc_endpoint_id', 'e.vpc_endpoint_id'),
          )
          .where({ 'e.account_id': account, 'e.region': region })
          .whereIn('e.vpc_id', part)
          .where(q =>
            q
              .where('e.state', 'failed')
              .orWhere('e.deleted_at', '>=', goneSince)
              .orWhere(d =>
                d.whereNotNull('e.drift').andWhereNot('e.drift', '[]'),
              ),
          )
          .select(
            'e.vpc_endpoint_id',
            'e.vpc_id',
            'e.service_name',
            'e.state',
            'e.tags',
            'e.drift',
            'e.deleted_at',
            'a.deleted_by_portal_at',
          )),
      );
    }
    const managed = rows.filter(
      r =>
        parseJson<Record<string, string>>(r.tags, {})[MANAGED_BY_TAG] ===
          MANAGED_BY_VALUE && !toIso(r.deleted_by_portal_at),
    );
    const failedSince = await this.failedSince(
      account,
      managed.filter(r => r.state === 'failed').map(r => r.vpc_endpoint_id),
    );
    return managed.map(r => ({
      vpcEndpointId: r.vpc_endpoint_id,
      vpcId: r.vpc_id,
      serviceName: r.service_name,
      state: r.state,
      failedSince:
        r.state === 'failed'
          ? failedSince.get(r.vpc_endpoint_id) ?? null
          : null,
      deletedAt: toIso(r.deleted_at),
      drift: parseJson<EndpointDrift[]>(r.drift, []),
    }));
  }

  /** When each endpoint's latest unbroken run of `failed` states began. */
  private async failedSince(
    account: string,
    ids: string[],
  ): Promise<Map<string, string>> {
    const since = new Map<string, string>();
    for (const part of chunks(ids)) {
      const rows: Array<{
        vpc_endpoint_id: string;
        state: string;
        at: Timestamp;
      }> = await this.knex(STATES)
        .where('account_id', account)
        .whereIn('vpc_endpoint_id', part)
        .orderBy([
          { column: 'vpc_endpoint_id' },
          { column: 'at' },
          { column: 'id' },
        ])
        .select('vpc_endpoint_id', 'state', 'at');
      for (const row of rows) {
        if (row.state !== 'failed') {
          since.delete(row.vpc_endpoint_id);
        } else if (!since.has(row.vpc_endpoint_id)) {
          since.set(row.vpc_endpoint_id, toIso(row.at) ?? '');
        }
      }
    }
    return since;
  }

  async entitiesOf(
    { region, accountId }: AccountRegion,
    vpcIds: string[],
  ): Promise<VpcEntityOwner[]> {
    const found: VpcEntityOwner[] = [];
    for (const part of chunks(vpcIds)) {
      const rows: Array<{
        entity_ref: string;
        vpc_id: string;
        owner: string | null;
      }> = await this.knex(ENTITIES)
        .where({ account_id: accountKey(accountId), region })
        .whereIn('vpc_id', part)
        .orderBy('entity_ref')
        .select('entity_ref', 'vpc_id', 'owner');
      found.push(
        ...rows.map(r => ({
          entityRef: r.entity_ref,
          vpcId: r.vpc_id,
          owner: r.owner || null,
        })),
      );
    }
    return found.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  }

  async prune(before: Date): Promise<number> {
    return this.knex(NOTIFICATIONS).where('created_at', '<', before).delete();
  }
}
