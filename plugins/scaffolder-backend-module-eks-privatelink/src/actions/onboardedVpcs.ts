import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { OnboardedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type {
  EksPrivateLinkInventoryClient,
  OnboardedVpcKey,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where the catalog module of this project emits onboarded VPCs from. */
export const ONBOARDED_LOCATION = 'eks-privatelink:onboarded';

const CATALOG_POLL_INTERVAL_MS = 2_000;

type Inventory = Pick<
  EksPrivateLinkInventoryClient,
  'recordOnboardedVpc' | 'removeOnboardedVpc'
>;

/** Says what went wrong in words for the task log. */
async function explained(
  vpcId: string,
  doing: string,
  call: () => Promise<void>,
): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ResponseError) {
      const message = error.body.error.message;
      // Another onboarding of this VPC or name got there first.
      if (error.statusCode === 409) {
        throw new InputError(message);
      }
      throw new Error(
        `The eks-privatelink backend did not ${doing} ${vpcId} (HTTP ${error.statusCode}): ${message}`,
      );
    }
    throw new Error(
      `Could not reach the eks-privatelink backend to ${doing} ${vpcId}: ${
        (error as Error).message
      }. Check that the backend plugin @eks-privatelink/backstage-plugin-eks-privatelink-backend is installed and running, then run the task again.`,
    );
  }
}

/**
 * Records an onboarded VPC with the inventory backend, which keeps the first
 * record of a VPC and of a name: another onboarding that got there first is
 * an `InputError` with its reason.
 */
export function recordOnboardedVpc(
  inventory: Inventory,
  vpc: Omit<OnboardedVpc, 'createdAt'>,
): Promise<void> {
  return explained(vpc.vpcId, 'record', () =>
    inventory.recordOnboardedVpc(vpc),
  );
}

/** Removes an onboarded VPC's record; one already gone is no error. */
export function removeOnboardedVpc(
  inventory: Inventory,
  key: OnboardedVpcKey,
): Promise<void> {
  return explained(key.vpcId, 'remove', () =>
    inventory.removeOnboardedVpc(key),
  );
}

/**
 * Waits until the entity is in the catalog (`present`) or gone from it, so
 * that the task's links and later steps see the change. Gives up after the
 * timeout with a warning: the change is recorded either way.
 */
export async function waitForCatalog(
  deps: {
    catalog: Pick<CatalogService, 'getEntityByRef'>;
    auth: Pick<AuthService, 'getOwnServiceCredentials'>;
    clock?: {
      sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
      now?: () => number;
    };
  },
  request: {
    entityRef: string;
    want: 'present' | 'gone';
    timeoutSeconds: number;
    logger: LoggerService;
    signal?: AbortSignal;
  },
): Promise<void> {
  const { entityRef, want, timeoutSeconds, logger, signal } = request;
  if (timeoutSeconds <= 0) {
    return;
  }
  const now = deps.clock?.now ?? Date.now;
  const wait =
    deps.clock?.sleep ??
    ((ms: number, s?: AbortSignal) => sleep(ms, undefined, { signal: s }));
  const credentials = await deps.auth.getOwnServiceCredentials();
  const deadline = now() + timeoutSeconds * 1000;
  for (;;) {
    const found = await deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (Boolean(found) === (want === 'present')) {
      logger.info(
        `${entityRef} is ${
          want === 'present' ? 'in' : 'gone from'
        } the catalog`,
      );
      return;
    }
    if (now() >= deadline) {
      logger.warn(
        `${entityRef} is ${
          want === 'present' ? 'not yet in' : 'still in'
        } the catalog after ${timeoutSeconds} s. The change is recorded; the catalog shows it after the next poll of the catalog module (eksPrivateLink.onboarding.refreshInterval). Check that @eks-privatelink/backstage-plugin-catalog-backend-module-eks-privatelink is installed in the backend.`,
      );
      return;
    }
    await wait(CATALOG_POLL_INTERVAL_MS, signal);
  }
}
