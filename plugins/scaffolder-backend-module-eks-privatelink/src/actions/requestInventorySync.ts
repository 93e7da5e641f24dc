import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** How long the inventory may take to answer before the action moves on. */
const SYNC_TIMEOUT_MS = 10_000;

/**
 * Asks the inventory backend to re-read a VPC's endpoint now, so the entity
 * card shows the change without waiting for the next scheduled sync.
 * Best-effort: the endpoint is already made, so a failure here is logged as
 * a warning and never fails the task.
 */
export async function requestInventorySync(
  deps: {
    discovery: DiscoveryService;
    auth: AuthService;
    logger: LoggerService;
  },
  vpc: { vpcId: string; region: string; accountId?: string },
): Promise<void> {
  const { discovery, auth, logger } = deps;
  try {
    const baseUrl = await discovery.getBaseUrl('eks-privatelink');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'eks-privatelink',
    });
    const response = await fetch(`${baseUrl}/sync/vpc`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({
        vpcId: vpc.vpcId,
        region: vpc.region,
        ...(vpc.accountId ? { accountId: vpc.accountId } : {}),
      }),
      signal: AbortSignal.timeout(SYNC_TIMEOUT_MS),
    });
    if (!response.ok) {
      logger.warn(
        `The EKS PrivateLink inventory did not refresh ${vpc.vpcId} (HTTP ${response.status}); the entity card shows the change after the next scheduled sync.`,
      );
      return;
    }
    logger.info(`Asked the EKS PrivateLink inventory to refresh ${vpc.vpcId}`);
  } catch (error) {
    logger.warn(
      `Could not reach the EKS PrivateLink inventory to refresh ${vpc.vpcId} (${
        (error as Error).message
      }); the entity card shows the change after the next scheduled sync.`,
    );
  }
}
