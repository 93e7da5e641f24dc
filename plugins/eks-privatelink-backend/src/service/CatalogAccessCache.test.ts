import { mockCredentials } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CATALOG_ACCESS_REFRESH_AFTER_MS,
  CATALOG_ACCESS_TTL_MS,
  CatalogAccessCache,
  principalCacheKey,
} from './CatalogAccessCache';

const PROD = 'resource:default/prod-vpc';
const DEV = 'resource:default/dev-vpc';
const ALICE = mockCredentials.user('user:default/alice');
const BOB = mockCredentials.user('user:default/bob');

/** A catalog whose answers the test changes, counting what it is asked. */
function fakeCatalog() {
  const visible = new Map<string, Set<string>>();
  const calls: Array<{ user: string; refs: string[] }> = [];
  let failure: Error | undefined;
  const userOf = (credentials: BackstageCredentials) =>
    principalCacheKey(credentials) ?? 'nobody';
  const answer = (user: string, ref: string) =>
    visible.get(user)?.has(ref) ? ref : undefined;
  return {
    calls,
    show(credentials: BackstageCredentials, ...refs: string[]) {
      const user = userOf(credentials);
      visible.set(user, new Set([...(visible.get(user) ?? []), ...refs]));
    },
    hide(credentials: BackstageCredentials, ref: string) {
      visible.get(userOf(credentials))?.delete(ref);
    },
    failWith(error: Error | undefined) {
      failure = error;
    },
    async load(credentials: BackstageCredentials, ref: string) {
      calls.push({ user: userOf(credentials), refs: [ref] });
      if (failure) {
        throw failure;
      }
      return answer(userOf(credentials), ref);
    },
    async loadMany(credentials: BackstageCredentials, refs: string[]) {
      calls.push({ user: userOf(credentials), refs });
      if (failure) {
        throw failure;
      }
      return refs.map(ref => answer(userOf(credentials), ref));
    },
  };
}

/** Lets the batched background reloads go out and come back. */
const reloadsSettle = () => new Promise(resolve => setTimeout(resolve, 10));

describe('CatalogAccessCache', () => {
  let clock: number;
  let catalog: ReturnType<typeof fakeCatalog>;
  let cache: CatalogAccessCache<string>;

  beforeEach(() => {
    clock = 1_000_000;
    catalog = fakeCatalog();
    cache = new CatalogAccessCache<string>({
      load: catalog.load,
      loadMany: catalog.loadMany,
      reloadBatchDelayMs: 0,
      now: () => clock,
    });
  });

  it('asks the catalog once per caller and entity within the TTL', async () => {
    catalog.show(ALICE, PROD);
    expect(await cache.get(ALICE, PROD)).toBe(PROD);
    clock += 1_000;
    expect(await cache.get(ALICE, 'Resource:default/Prod-VPC')).toBe(PROD);
    expect(catalog.calls).toHaveLength(1);

    // Bob's access is his own question.
    expect(await cache.get(BOB, PROD)).toBeUndefined();
    expect(catalog.calls).toHaveLength(2);
  });

  it('keeps a 404 a 404 within the TTL, then asks again', async () => {
    expect(await cache.get(ALICE, PROD)).toBeUndefined();
    catalog.show(ALICE, PROD);
    clock += CATALOG_ACCESS_TTL_MS - 1;
    expect(await cache.get(ALICE, PROD)).toBeUndefined();
    expect(catalog.calls).toHaveLength(1);

    clock += 1;
    expect(await cache.get(ALICE, PROD)).toBe(PROD);
    expect(catalog.calls).toHaveLength(2);
  });

  it('never uses an answer older than the TTL: lost access shows at once after it', async () => {
    catalog.show(ALICE, PROD);
    await cache.get(ALICE, PROD);
    catalog.hide(ALICE, PROD);
    catalog.failWith(new Error('catalog down'));

    // The reload queued by this hit fails; the old answer must still expire.
    clock += CATALOG_ACCESS_REFRESH_AFTER_MS;
    expect(await cache.get(ALICE, PROD)).toBe(PROD);
    await reloadsSettle();

    clock += CATALOG_ACCESS_TTL_MS - CATALOG_ACCESS_REFRESH_AFTER_MS;
    await expect(cache.get(ALICE, PROD)).rejects.toThrow('catalog down');

    catalog.failWith(undefined);
    expect(await cache.get(ALICE, PROD)).toBeUndefined();
  });

  it('shares one catalog call among concurrent identical lookups', async () => {
    catalog.show(ALICE, PROD);
    const answers = await Promise.all([
      cache.get(ALICE, PROD),
      cache.get(ALICE, PROD),
      cache.get(ALICE, PROD),
    ]);
    expect(answers).toEqual([PROD, PROD, PROD]);
    expect(catalog.calls).toHaveLength(1);
  });

  it('does not cache a failed lookup, and fails every caller waiting on it', async () => {
    catalog.failWith(new Error('catalog down'));
    const first = cache.get(ALICE, PROD);
    const second = cache.get(ALICE, PROD);
    await expect(first).rejects.toThrow('catalog down');
    await expect(second).rejects.toThrow('catalog down');
    expect(catalog.calls).toHaveLength(1);

    catalog.failWith(undefined);
    catalog.show(ALICE, PROD);
    expect(await cache.get(ALICE, PROD)).toBe(PROD);
    expect(catalog.calls).toHaveLength(2);
  });

  it('reloads answers in use in the background, one catalog call per caller', async () => {
    catalog.show(ALICE, PROD, DEV);
    catalog.show(BOB, PROD);
    await Promise.all([
      cache.get(ALICE, PROD),
      cache.get(ALICE, DEV),
      cache.get(BOB, PROD),
    ]);
    expect(catalog.calls).toHaveLength(3);

    catalog.hide(ALICE, DEV);
    clock += CATALOG_ACCESS_REFRESH_AFTER_MS;
    // Answered at once from the cache, without waiting for the reload.
    expect(await cache.get(ALICE, PROD)).toBe(PROD);
    expect(await cache.get(ALICE, DEV)).toBe(DEV);
    expect(await cache.get(BOB, PROD)).toBe(PROD);
    await reloadsSettle();

    expect(catalog.calls.slice(3)).toEqual([
      { user: 'user:user:default/alice', refs: [PROD, DEV] },
      { user: 'user:user:default/bob', refs: [PROD] },
    ]);
    // The reloaded answers count from their reload, and tell the news.
    clock += CATALOG_ACCESS_TTL_MS - 1;
    expect(await cache.get(ALICE, PROD)).toBe(PROD);
    expect(await cache.get(ALICE, DEV)).toBeUndefined();
    expect(catalog.calls).toHaveLength(5);
  });

  it('asks anew on reload, and later lookups use that answer', async () => {
    catalog.show(ALICE, PROD);
    await cache.get(ALICE, PROD);
    catalog.hide(ALICE, PROD);
    expect(await cache.reload(ALICE, PROD)).toBeUndefined();
    expect(await cache.get(ALICE, PROD)).toBeUndefined();
    expect(catalog.calls).toHaveLength(2);
  });

  it('keeps at most maxEntries answers, dropping the oldest', async () => {
    const small = new CatalogAccessCache<string>({
      load: catalog.load,
      loadMany: catalog.loadMany,
      maxEntries: 2,
      now: () => clock,
    });
    await small.get(ALICE, PROD);
    await small.get(ALICE, DEV);
    await small.get(BOB, PROD);
    expect(small.size).toBe(2);
    expect(catalog.calls).toHaveLength(3);

    await small.get(BOB, PROD);
    await small.get(ALICE, DEV);
    expect(catalog.calls).toHaveLength(3);
    await small.get(ALICE, PROD);
    expect(catalog.calls).toHaveLength(4);
  });

  it('never caches for callers without a user or service principal', async () => {
    const nobody = mockCredentials.none();
    await cache.get(nobody, PROD);
    await cache.get(nobody, PROD);
    expect(catalog.calls).toHaveLength(2);
    expect(cache.size).toBe(0);
  });
});

describe('principalCacheKey', () => {
  it('tells apart users, users acting through a service, services and no one', () => {
    expect(principalCacheKey(ALICE)).toBe('user:user:default/alice');
    expect(
      principalCacheKey({
        ...ALICE,
        principal: {
          type: 'user',
          userEntityRef: 'user:default/alice',
          actor: { type: 'service', subject: 'external:ci' },
        },
      }),
    ).toBe('user:user:default/alice actor:external:ci');
    expect(
      principalCacheKey(mockCredentials.service('plugin:scaffolder')),
    ).toBe('service:plugin:scaffolder');
    expect(
      principalCacheKey({
        ...mockCredentials.service('external:reader'),
        principal: {
          type: 'service',
          subject: 'external:reader',
          accessRestrictions: { permissionNames: ['catalog.entity.read'] },
        },
      }),
    ).toBe(
      'service:external:reader {"permissionNames":["catalog.entity.read"]}',
    );
    expect(principalCacheKey(mockCredentials.none())).toBeUndefined();
  });
});
