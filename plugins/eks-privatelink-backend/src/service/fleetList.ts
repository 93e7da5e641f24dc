import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_PRICING,
  HOURS_PER_MONTH,
  estimatePricing,
  type InventoryListFilters,
  type InventoryListResponse,
  type InventoryRecord,
  type InventoryTotals,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { FleetRegionTotals } from '../database/FleetQuery';
import type {
  EndpointInventoryStore,
  TrackedVpcEntity,
} from '../database/types';
import { VPC_ENTITY_FILTER } from '../sync/InventorySync';
import type { RecordConfig } from './buildInventoryRecord';
import { CatalogAccessCache } from './CatalogAccessCache';
import type { CatalogReadScope } from './catalogReadScope';

/** Query of `GET /inventory`: the filters, a cursor and a page size. */
export interface InventoryListQuery extends InventoryListFilters {
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string;
  limit: number;
}

/**
 * How long the refs a caller may read are used: a fleet page, its next pages
 * and its filters changed in between all ask the catalog once.
 */
const READABLE_REFS_TTL_MS = 15_000;
const READABLE_REFS_REFRESH_AFTER_MS = 10_000;
/**
 * Refs per catalog page when reading what a caller may read: three short
 * fields an entity, so one page holds most fleets. Each page is a query
 * that waits its turn behind the requests a busy catalog is serving; with
 * pages of 500, a reload of 5,000 refs on a loaded SQLite catalog outlived
 * the 5 s between the background reload and the expiry, and requests then
 * waited for it (p99 3.5x the catalog's).
 */
const READABLE_REFS_PAGE_SIZE = 10_000;
const READABLE_REFS_KEY = 'vpc-entities';

// Only enough of an entity to know that the caller may read it.
const VISIBILITY_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

function encodeCursor(afterRef: string): string {
  return Buffer.from(JSON.stringify({ after: afterRef }), 'utf8').toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as { after?: unknown };
    if (typeof parsed.after === 'string' && parsed.after) {
      return parsed.after;
    }
  } catch {
    // fall through to the InputError below
  }
  throw new InputError(
    'cursor is not one this API handed out: pass the nextCursor of the previous page unchanged, or omit cursor to start over',
  );
}

/** What {@link FleetList} reads through. */
export interface FleetListOptions {
  inventory: EndpointInventoryStore;
  catalog: CatalogService;
  config: RecordConfig;
  /** What the permission policy lets the caller read of the catalog. */
  readScope(credentials: BackstageCredentials): Promise<CatalogReadScope>;
  /** Full records of a page's entities. */
  buildRecords(entities: TrackedVpcEntity[]): Promise<InventoryRecord[]>;
  /** Milliseconds; `Date.now` outside tests. */
  now?: () => number;
}

/**
 * The fleet list: tracked entities the caller may read, filtered, paged and
 * summed in the database. A caller the policy lets read everything sees
 * every tracked entity, one it denies sees none; for anyone else the catalog,
 * asked with their credentials, names the VPC entities they may read (kept
 * 15 s per caller), and that list goes into the query.
 */
export class FleetList {
  private readonly readableRefs: CatalogAccessCache<string[]>;

  constructor(private readonly options: FleetListOptions) {
    const load = (credentials: BackstageCredentials) =>
      this.loadReadableRefs(credentials);
    this.readableRefs = new CatalogAccessCache<string[]>({
      load,
      loadMany: async (credentials, keys) => {
        const refs = await load(credentials);
        return keys.map(() => refs);
      },
      ttlMs: READABLE_REFS_TTL_MS,
      refreshAfterMs: READABLE_REFS_REFRESH_AFTER_MS,
      maxEntries: 1_000,
      now: options.now,
    });
  }

  async list(
    query: InventoryListQuery,
    credentials: BackstageCredentials,
  ): Promise<InventoryListResponse> {
    const { cursor, limit, ...filters } = query;
    const afterRef = cursor ? decodeCursor(cursor) : undefined;
    const scope = await this.options.readScope(credentials);
    if (scope === 'none') {
      return cursor ? { items: [] } : { items: [], totals: this.toTotals([]) };
    }
    const readable =
      scope === 'all'
        ? undefined
        : (await this.readableRefs.get(credentials, READABLE_REFS_KEY)) ?? [];
    const filter = { ...filters, readable };
    const { inventory } = this.options;
    // One row more than the page tells whether another page follows.
    const [rows, regionTotals] = await Promise.all([
      inventory.listFleet({ ...filter, afterRef, limit: limit + 1 }),
      cursor ? undefined : inventory.fleetTotals(filter),
    ]);
    const page = rows.slice(0, limit);
    const items = await this.options.buildRecords(page);
    return {
      items,
      ...(rows.length > limit
        ? { nextCursor: encodeCursor(page[page.length - 1].entityRef) }
        : {}),
      ...(regionTotals ? { totals: this.toTotals(regionTotals) } : {}),
    };
  }

  /** The region counts summed, each region's AZs at its own hourly rate. */
  private toTotals(regions: FleetRegionTotals[]): InventoryTotals {
    const pricing = this.options.config.pricing;
    let cost = 0;
    const totals = { vpcs: 0, covered: 0, partial: 0 };
    for (const region of regions) {
      totals.vpcs += region.vpcs;
      totals.covered += region.covered;
      totals.partial += region.partial;
      const { hourlyPerAz } = estimatePricing({
        region: region.region,
        azCount: 0,
        config: pricing,
      });
      cost += region.azCount * hourlyPerAz * HOURS_PER_MONTH;
    }
    return {
      ...totals,
      monthlyCost: Math.round(cost * 100) / 100,
      currency: pricing?.currency ?? DEFAULT_PRICING.currency,
    };
  }

  /** The lower-case refs of every VPC entity the catalog shows the caller. */
  private async loadReadableRefs(
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const refs: string[] = [];
    for await (const page of this.options.catalog.streamEntities(
      // The VPC resources the sync tracks. An entity of another kind whose
      // card was opened is tracked too, but listed only to callers who may
      // read every entity: hidden, never shown to someone who may not see it.
      {
        filter: VPC_ENTITY_FILTER,
        fields: VISIBILITY_FIELDS,
        pageSize: READABLE_REFS_PAGE_SIZE,
      },
      { credentials },
    )) {
      for (const entity of page) {
        refs.push(stringifyEntityRef(entity));
      }
    }
    return refs;
  }
}
