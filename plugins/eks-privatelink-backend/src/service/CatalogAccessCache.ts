import type {
  BackstageCredentials,
  BackstageNonePrincipal,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';

/**
 * How long the catalog's answer for one caller and one entity is used.
 * Within this time a caller who lost read access (or asks for an entity just
 * removed from the catalog) can still be answered from the earlier decision;
 * after it, the catalog is asked again. See the README, "Catalog access
 * cache".
 */
export const CATALOG_ACCESS_TTL_MS = 5_000;

/**
 * A hit on an answer at least this old queues a reload in the background, so
 * a caller who keeps asking never waits for the catalog, while no answer
 * older than {@link CATALOG_ACCESS_TTL_MS} is ever used.
 */
export const CATALOG_ACCESS_REFRESH_AFTER_MS = 4_000;

/** Bound on the answers kept; the oldest go first. */
export const CATALOG_ACCESS_MAX_ENTRIES = 10_000;

/** How long background reloads of one caller wait for company. */
const RELOAD_BATCH_DELAY_MS = 20;

/**
 * At most this many entities per background catalog call. Small enough that
 * one reload (which on SQLite holds the event loop while the catalog reads)
 * does not stall the requests in flight: 100 showed in the p99.
 */
const RELOAD_BATCH_SIZE = 25;

/** How the cache asks the catalog, always with the caller's credentials. */
export interface CatalogAccessLoaders<T> {
  /** One entity, or undefined when it is missing or hidden from the caller. */
  load(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<T | undefined>;
  /** Several entities of one caller, in the order asked. */
  loadMany(
    credentials: BackstageCredentials,
    entityRefs: string[],
  ): Promise<Array<T | undefined>>;
}

/** Options of {@link CatalogAccessCache}. */
export interface CatalogAccessCacheOptions<T> extends CatalogAccessLoaders<T> {
  ttlMs?: number;
  refreshAfterMs?: number;
  maxEntries?: number;
  /** Delay before a batch of background reloads goes out. */
  reloadBatchDelayMs?: number;
  /** Milliseconds; `Date.now` outside tests. */
  now?: () => number;
}

interface Entry<T> {
  value: T | undefined;
  loadedAt: number;
}

interface ReloadBatch {
  credentials: BackstageCredentials;
  /** Cache key to entity ref. */
  refs: Map<string, string>;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Who is asking, as the catalog's permission decision depends on it: the
 * user's entity ref (with the service acting for them, if any), or the
 * service's subject and access restrictions. Undefined for anyone else,
 * whose answers are never cached.
 */
export function principalCacheKey(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as
    | BackstageUserPrincipal
    | BackstageServicePrincipal
    | BackstageNonePrincipal
    | undefined;
  if (principal?.type === 'user') {
    return principal.actor
      ? `user:${principal.userEntityRef} actor:${principal.actor.subject}`
      : `user:${principal.userEntityRef}`;
  }
  if (principal?.type === 'service') {
    return principal.accessRestrictions
      ? `service:${principal.subject} ${JSON.stringify(
          principal.accessRestrictions,
        )}`
      : `service:${principal.subject}`;
  }
  return undefined;
}

/**
 * What the catalog answered when a caller asked for an entity — the entity,
 * or `undefined` for "no such entity, or not yours to read" — used for a few
 * seconds per caller and entity.
 *
 * - Negative answers are cached like positive ones, so a 404 stays a 404.
 * - Concurrent identical lookups share one call to the catalog.
 * - A failed lookup is not cached; every caller waiting on it gets the error.
 * - An answer is used until {@link CATALOG_ACCESS_TTL_MS} after its lookup
 *   started, never later. A hit on an answer past
 *   {@link CATALOG_ACCESS_REFRESH_AFTER_MS} queues a background reload;
 *   the reloads of one caller go to the catalog together, in one call.
 * - At most `maxEntries` answers are kept; the oldest go first.
 */
export class CatalogAccessCache<T> {
  private readonly loaders: CatalogAccessLoaders<T>;
  private readonly ttlMs: number;
  private readonly refreshAfterMs: number;
  private readonly maxEntries: number;
  private readonly reloadBatchDelayMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<T | undefined>>();
  private readonly reloads = new Map<string, ReloadBatch>();

  constructor(options: CatalogAccessCacheOptions<T>) {
    this.loaders = { load: options.load, loadMany: options.loadMany };
    this.ttlMs = options.ttlMs ?? CATALOG_ACCESS_TTL_MS;
    this.refreshAfterMs = Math.min(
      options.refreshAfterMs ?? CATALOG_ACCESS_REFRESH_AFTER_MS,
      this.ttlMs,
    );
    this.maxEntries = Math.max(
      1,
      options.maxEntries ?? CATALOG_ACCESS_MAX_ENTRIES,
    );
    this.reloadBatchDelayMs =
      options.reloadBatchDelayMs ?? RELOAD_BATCH_DELAY_MS;
    this.now = options.now ?? Date.now;
  }

  /** Number of answers held, fresh or not yet evicted. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * The catalog's answer for this caller and entity: a cached one younger
   * than the TTL, else a lookup now (shared with concurrent callers).
   * Callers without a cacheable principal always get a lookup of their own.
   */
  get(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<T | undefined> {
    const principal = principalCacheKey(credentials);
    if (principal === undefined) {
      return this.loaders.load(credentials, entityRef);
    }
    const key = `${principal}\n${entityRef.toLowerCase()}`;
    const entry = this.entries.get(key);
    if (entry) {
      const age = this.now() - entry.loadedAt;
      if (age < this.ttlMs) {
        if (age >= this.refreshAfterMs && !this.inFlight.has(key)) {
          this.queueReload(principal, key, credentials, entityRef);
        }
        return Promise.resolve(entry.value);
      }
      this.entries.delete(key);
    }
    return (
      this.inFlight.get(key) ??
      this.track(key, this.loaders.load(credentials, entityRef))
    );
  }

  /**
   * Asks the catalog now, whatever is cached, and keeps the answer for later
   * {@link CatalogAccessCache.get} calls.
   */
  reload(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<T | undefined> {
    const lookup = this.loaders.load(credentials, entityRef);
    const principal = principalCacheKey(credentials);
    return principal === undefined
      ? lookup
      : this.track(`${principal}\n${entityRef.toLowerCase()}`, lookup);
  }

  /** Files the answer of a lookup started now under `key` once it arrives. */
  private track(
    key: string,
    lookup: Promise<T | undefined>,
  ): Promise<T | undefined> {
    const startedAt = this.now();
    const pending = lookup.then(
      value => {
        this.settle(key, pending);
        this.store(key, { value, loadedAt: startedAt });
        return value;
      },
      err => {
        this.settle(key, pending);
        throw err;
      },
    );
    this.inFlight.set(key, pending);
    return pending;
  }

  private settle(key: string, pending: Promise<T | undefined>): void {
    if (this.inFlight.get(key) === pending) {
      this.inFlight.delete(key);
    }
  }

  private queueReload(
    principal: string,
    key: string,
    credentials: BackstageCredentials,
    entityRef: string,
  ): void {
    let batch = this.reloads.get(principal);
    if (!batch) {
      batch = { credentials, refs: new Map() };
      this.reloads.set(principal, batch);
    }
    batch.refs.set(key, entityRef);
    if (batch.refs.size >= RELOAD_BATCH_SIZE) {
      this.flushReloads(principal);
    } else if (!batch.timer) {
      batch.timer = setTimeout(
        () => this.flushReloads(principal),
        this.reloadBatchDelayMs,
      );
      // A pending reload must not keep a stopping backend alive.
      batch.timer.unref?.();
    }
  }

  private flushReloads(principal: string): void {
    const batch = this.reloads.get(principal);
    if (!batch) {
      return;
    }
    this.reloads.delete(principal);
    if (batch.timer) {
      clearTimeout(batch.timer);
    }
    const keys = [...batch.refs.keys()].filter(key => !this.inFlight.has(key));
    if (keys.length === 0) {
      return;
    }
    const answers = this.loaders.loadMany(
      batch.credentials,
      keys.map(key => batch.refs.get(key)!),
    );
    keys.forEach((key, i) => {
      // A failed reload is dropped: the answer it would have replaced still
      // expires on time, and the next lookup reports the failure.
      this.track(
        key,
        answers.then(values => values[i]),
      ).catch(() => {});
    });
  }

  private store(key: string, entry: Entry<T>): void {
    const current = this.entries.get(key);
    if (current && current.loadedAt > entry.loadedAt) {
      // A later lookup already answered; keep the newer answer.
      return;
    }
    // Re-inserting moves the key to the end, so Map order is oldest first.
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }
}
