// What a full sync run tells the log: the account/regions it could not read,
// the entities it skipped and what to fix in them, and a one-line summary.
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SyncRunResult } from './syncTypes';

/** Logs the outcome of a full sync run. */
export function logSyncRun(logger: LoggerService, result: SyncRunResult): void {
  const { withoutRegion, invalid } = result;
  if (result.failed.length > 0) {
    logger.warn(
      `EKS PrivateLink inventory sync: ${result.failed.length} of ${
        result.scopes
      } account/region(s) could not be read; their records are marked stale. ${result.failed
        .map(f => `${f.error} AWS said: ${f.detail}`)
        .join(' | ')}`,
    );
  }
  if (withoutRegion.length > 0) {
    logger.warn(
      `EKS PrivateLink inventory sync skipped ${
        withoutRegion.length
      } VPC entit${
        withoutRegion.length === 1 ? 'y' : 'ies'
      } with no region (${withoutRegion.slice(0, 5).join(', ')}${
        withoutRegion.length > 5 ? ', ...' : ''
      }): add the annotation aws.amazon.com/region or set eksPrivateLink.defaultRegion.`,
    );
  }
  if (invalid.length > 0) {
    logger.warn(
      `EKS PrivateLink inventory sync skipped ${invalid.length} VPC entit${
        invalid.length === 1 ? 'y' : 'ies'
      } whose annotations must be fixed first: ${invalid
        .slice(0, 5)
        .map(i => `${i.entityRef}: ${i.problem}`)
        .join(' | ')}${invalid.length > 5 ? ' | ...' : ''}`,
    );
  }
  logger.info(
    `EKS PrivateLink inventory sync: ${result.entities} entities, ${result.vpcs} VPCs in ${result.scopes} account/region(s), ${result.endpoints} endpoints, ${result.dnsReads} DNS reads, ${result.failed.length} failed`,
  );
}
