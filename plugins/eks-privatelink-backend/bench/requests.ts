import { mockCredentials } from '@backstage/backend-test-utils';
import { entityName } from './fixtures';
import type { LoadRequest } from './httpLoad';

/** The catalog's entities in a fixed shuffled order. */
export function shuffledNames(count: number): string[] {
  const names = Array.from({ length: count }, (_, i) => entityName(i));
  let seed = 42;
  for (let i = names.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [names[i], names[j]] = [names[j], names[i]];
  }
  return names;
}

/** The signed-in user `user:default/bench-<i>`, each with a token of their own. */
export function benchUser(i: number): Record<string, string> {
  return {
    Authorization: mockCredentials.user.header(`user:default/bench-${i}`),
  };
}

/**
 * Every (user, entity) pair of `users` users and `entities` entities once,
 * as real users load cards: each user opens an entity once and moves on.
 * Pass q (0 ≤ q < users) asks entity j (in the shuffled order) as user
 * (j + q) mod users, so consecutive requests differ in user and entity and
 * no pair comes back before all of them were asked.
 */
export function realisticRequests(
  entities: number,
  users: number,
  url: (name: string) => string,
): LoadRequest[] {
  const names = shuffledNames(entities);
  const headers = Array.from({ length: users }, (_, i) => benchUser(i));
  const requests: LoadRequest[] = [];
  for (let q = 0; q < users; q++) {
    names.forEach((name, j) => {
      requests.push({ url: url(name), headers: headers[(j + q) % users] });
    });
  }
  return requests;
}

/** One user asking for every entity in turn, again and again. */
export function singleUserRequests(
  entities: number,
  url: (name: string) => string,
): LoadRequest[] {
  const headers = {
    Authorization: mockCredentials.user.header(),
  };
  return shuffledNames(entities).map(name => ({ url: url(name), headers }));
}
