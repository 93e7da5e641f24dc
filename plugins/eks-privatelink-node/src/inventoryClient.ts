import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  type AuthService,
  type DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { OnboardedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ResolvedVpc } from './resolveVpc';

const PLUGIN_ID = 'eks-privatelink';
const DEFAULT_TIMEOUT_MS = 15_000;

/** The key of an onboarded VPC. @public */
export type OnboardedVpcKey = Pick<
  OnboardedVpc,
  'vpcId' | 'region' | 'accountId'
>;

/**
 * What the create action set on an endpoint, told to the inventory so that
 * it can show what changed outside the portal since.
 *
 * @public
 */
export interface AppliedEndpointReport {
  vpcEndpointId: string;
  serviceName: string;
  subnetIds: string[];
  /** With the security group the action manages, if any. */
  securityGroupIds: string[];
  privateDnsEnabled: boolean;
  /** The policy the action set; null for full access. */
  policyDocument: string | null;
  allowedSources: string[];
}

/**
 * Options of {@link EksPrivateLinkInventoryClient.syncVpc}.
 *
 * @public
 */
export interface SyncVpcOptions {
  timeoutMs?: number;
  /** Sent by the create action after it applied settings to an endpoint. */
  applied?: AppliedEndpointReport;
  /**
   * Sent by the delete action: endpoints it deleted, so their owners are
   * not told they disappeared.
   */
  deletedEndpointIds?: string[];
}

/**
 * What other backend plugins ask of the eks-privatelink inventory backend,
 * always with their own service credentials: its service-only routes.
 *
 * @public
 */
export interface EksPrivateLinkInventoryClient {
  /**
   * Re-reads a VPC from AWS now, for every entity that names it, after
   * recording what an action applied or deleted there.
   */
  syncVpc(vpc: ResolvedVpc, options?: SyncVpcOptions): Promise<void>;
  /**
   * Records an onboarded VPC. A `ResponseError` with status 409 when another
   * record holds the VPC or the name.
   */
  recordOnboardedVpc(vpc: Omit<OnboardedVpc, 'createdAt'>): Promise<void>;
  /** Removes an onboarded VPC's record; one already gone is no error. */
  removeOnboardedVpc(key: OnboardedVpcKey): Promise<void>;
  listOnboardedVpcs(): Promise<OnboardedVpc[]>;
}

/**
 * The {@link EksPrivateLinkInventoryClient} over HTTP: discovery, a service
 * token for the inventory plugin, and `ResponseError` for every answer that
 * is not 2xx.
 *
 * @public
 */
export class DefaultEksPrivateLinkInventoryClient
  implements EksPrivateLinkInventoryClient
{
  constructor(
    private readonly deps: {
      discovery: Pick<DiscoveryService, 'getBaseUrl'>;
      auth: Pick<
        AuthService,
        'getOwnServiceCredentials' | 'getPluginRequestToken'
      >;
    },
  ) {}

  async syncVpc(vpc: ResolvedVpc, options: SyncVpcOptions = {}): Promise<void> {
    await this.request('POST', '/sync/vpc', {
      body: {
        vpcId: vpc.vpcId,
        region: vpc.region,
        ...(vpc.accountId ? { accountId: vpc.accountId } : {}),
        ...(options.applied ? { applied: options.applied } : {}),
        ...(options.deletedEndpointIds?.length
          ? { deletedEndpointIds: options.deletedEndpointIds }
          : {}),
      },
      timeoutMs: options.timeoutMs,
    });
  }

  async recordOnboardedVpc(
    vpc: Omit<OnboardedVpc, 'createdAt'>,
  ): Promise<void> {
    await this.request('POST', '/onboarded-vpcs', { body: vpc });
  }

  async removeOnboardedVpc(key: OnboardedVpcKey): Promise<void> {
    const query = key.accountId
      ? `?accountId=${encodeURIComponent(key.accountId)}`
      : '';
    await this.request(
      'DELETE',
      `/onboarded-vpcs/${encodeURIComponent(key.region)}/${encodeURIComponent(
        key.vpcId,
      )}${query}`,
    );
  }

  async listOnboardedVpcs(): Promise<OnboardedVpc[]> {
    const response = await this.request('GET', '/onboarded-vpcs');
    const body = (await response.json()) as { items?: unknown };
    if (!Array.isArray(body.items)) {
      throw new Error(
        'GET /api/eks-privatelink/onboarded-vpcs returned no items list; is the eks-privatelink backend of the same version?',
      );
    }
    return body.items as OnboardedVpc[];
  }

  private async request(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { body?: unknown; timeoutMs?: number } = {},
  ): Promise<Response> {
    const { discovery, auth } = this.deps;
    const baseUrl = await discovery.getBaseUrl(PLUGIN_ID);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: PLUGIN_ID,
    });
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(options.body === undefined
          ? {}
          : { 'Content-Type': 'application/json' }),
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/**
 * The inventory client as a service, so the scaffolder and catalog modules
 * share one and an adopter can replace it.
 *
 * @public
 */
export const eksPrivateLinkInventoryClientServiceRef =
  createServiceRef<EksPrivateLinkInventoryClient>({
    id: 'eks-privatelink.inventory-client',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { discovery: coreServices.discovery, auth: coreServices.auth },
        factory: deps => new DefaultEksPrivateLinkInventoryClient(deps),
      }),
  });
