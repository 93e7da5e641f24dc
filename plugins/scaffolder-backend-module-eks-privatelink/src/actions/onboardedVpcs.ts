import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { OnboardedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where the catalog module of this project emits onboarded VPCs from. */
export const ONBOARDED_LOCATION = 'eks-privatelink:onboarded';

const BACKEND_TIMEOUT_MS = 15_000;
const CATALOG_POLL_INTERVAL_MS = 2_000;

/** The VPC key of an onboarded record. */
export interface OnboardedVpcKey {
  vpcId: string;
  region: string;
  accountId: string | null;
}

/** What talking to the eks-privatelink backend and the catalog needs. */
export interface OnboardedVpcsDeps {
  discovery: DiscoveryService;
  auth: AuthService;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  clock?: {
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    now?: () => number;
  };
}

/**
 * The eks-privatelink backend's list of onboarded VPCs, which the catalog
 * module turns into entities. Only the plugin's own service credentials may
 * write it; the actions decide who may ask them to.
 */
export class OnboardedVpcsClient {
  constructor(private readonly deps: OnboardedVpcsDeps) {}

  /**
   * Records a VPC. The backend keeps the first record of a VPC and of a
   * name: the same VPC, name and owner again is a no-op, anything else a
   * `ConflictError` with its reason.
   */
  async record(vpc: Omit<OnboardedVpc, 'createdAt'>): Promise<void> {
    await this.call('POST', '/onboarded-vpcs', vpc.vpcId, vpc);
  }

  /** Removes a VPC's record; one already gone is no error. */
  async remove(key: OnboardedVpcKey): Promise<void> {
    const query = key.accountId
      ? `?accountId=${encodeURIComponent(key.accountId)}`
      : '';
    await this.call(
      'DELETE',
      `/onboarded-vpcs/${encodeURIComponent(key.region)}/${encodeURIComponent(
        key.vpcId,
      )}${query}`,
      key.vpcId,
    );
  }

  /**
   * Waits until the entity is in the catalog (`present`) or gone from it,
   * so that the task's links and later steps see the change. Gives up after
   * the timeout with a warning: the change is recorded either way.
   */
  async waitForCatalog(
    entityRef: string,
    want: 'present' | 'gone',
    timeoutSeconds: number,
    logger: LoggerService,
    signal?: AbortSignal,
  ): Promise<void> {
    if (timeoutSeconds <= 0) {
      return;
    }
    const { catalog, auth, clock } = this.deps;
    const now = clock?.now ?? Date.now;
    const wait =
      clock?.sleep ?? ((ms, s) => sleep(ms, undefined, { signal: s }));
    const credentials = await auth.getOwnServiceCredentials();
    const deadline = now() + timeoutSeconds * 1000;
    for (;;) {
      const found = await catalog.getEntityByRef(entityRef, { credentials });
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

  private async call(
    method: 'POST' | 'DELETE',
    path: string,
    vpcId: string,
    body?: unknown,
  ): Promise<void> {
    const { discovery, auth } = this.deps;
    const baseUrl = await discovery.getBaseUrl('eks-privatelink');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'eks-privatelink',
    });
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          Authorization: `Bearer ${token}`,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(
        `Could not reach the eks-privatelink backend at ${baseUrl} for ${vpcId}: ${
          (error as Error).message
        }. Check that the backend plugin @eks-privatelink/backstage-plugin-eks-privatelink-backend is installed and running, then run the task again.`,
      );
    }
    if (response.ok) {
      return;
    }
    const text = await response.text();
    let message = text.slice(0, 500);
    try {
      message = JSON.parse(text)?.error?.message ?? message;
    } catch {
      // Not JSON: keep the text as it came.
    }
    if (response.status === 409) {
      throw new ConflictError(message);
    }
    throw new Error(
      `The eks-privatelink backend did not ${
        method === 'POST' ? 'record' : 'remove'
      } ${vpcId} (HTTP ${response.status}): ${message}`,
    );
  }
}
