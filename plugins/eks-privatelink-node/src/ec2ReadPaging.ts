/**
 * Plumbing shared by the EC2 read functions: page size, paginator config,
 * reading every page safely, and turning EC2's "not found" into undefined.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { awsErrorCode } from './errors';

/** The largest page `DescribeVpcEndpoints` and `DescribeSubnets` return. */
export const PAGE_SIZE = 1000;

export function paging(client: EC2Client, pageSize?: number) {
  return { client, pageSize, stopOnSameToken: true };
}

/**
 * Every item of every page. `stopOnSameToken` ends the paginator quietly
 * when EC2 hands back the token it was given; a list cut short there would
 * read as endpoints or subnets gone, so that is an error instead.
 */
export async function allPages<Page extends { NextToken?: string }, Item>(
  pages: AsyncIterable<Page>,
  operation: string,
  itemsOf: (page: Page) => Item[] | undefined,
  signal?: AbortSignal,
): Promise<Item[]> {
  signal?.throwIfAborted();
  const items: Item[] = [];
  let last: Page | undefined;
  for await (const page of pages) {
    items.push(...(itemsOf(page) ?? []));
    last = page;
  }
  if (last?.NextToken) {
    throw new Error(
      `${operation} returned the page token ${last.NextToken} twice; stopping instead of looping`,
    );
  }
  return items;
}

/** What `fn` answers, or undefined when EC2 answers `notFoundCode`. */
export async function unlessNotFound<T>(
  notFoundCode: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (awsErrorCode(error) === notFoundCode) {
      return undefined;
    }
    throw error;
  }
}
