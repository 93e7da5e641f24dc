import type { LoggerService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  EksPrivateLinkInventoryClient,
  ResolvedVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';

/** How long the inventory may take to answer before the action moves on. */
const SYNC_TIMEOUT_MS = 10_000;

/**
 * Asks the inventory backend to re-read a VPC's endpoint now, so the entity
 * card shows the change without waiting for the next scheduled sync.
 * Best-effort: the endpoint is already made, so a failure here is logged as
 * a warning and never fails the task.
 */
export async function requestInventorySync(
  inventory: Pick<EksPrivateLinkInventoryClient, 'syncVpc'>,
  logger: LoggerService,
  vpc: ResolvedVpc,
): Promise<void> {
  try {
    await inventory.syncVpc(vpc, { timeoutMs: SYNC_TIMEOUT_MS });
    logger.info(`Asked the EKS PrivateLink inventory to refresh ${vpc.vpcId}`);
  } catch (error) {
    const later =
      'the entity card shows the change after the next scheduled sync.';
    logger.warn(
      error instanceof ResponseError
        ? `The EKS PrivateLink inventory did not refresh ${vpc.vpcId} (HTTP ${error.statusCode}); ${later}`
        : `Could not reach the EKS PrivateLink inventory to refresh ${
            vpc.vpcId
          } (${(error as Error).message}); ${later}`,
    );
  }
}
