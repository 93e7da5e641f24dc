// The shapes the inventory sync takes and gives: its options, what a full
// run reports, and the endpoint services and account/regions it reads.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { EksEndpointService } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type {
  EndpointInventoryStore,
  ServiceAnswerCache,
} from '../database/types';
import type { AppliedEndpointStore } from '../database/DatabaseAppliedStore';
import type { NotificationLog } from '../database/DatabaseNotificationLog';

/** Hands out EC2 clients; `Ec2ClientFactory` from the -node package fits. */
export interface Ec2ClientSource {
  getClient(opts: { region: string; accountId?: string }): Promise<EC2Client>;
}

/** Options of {@link InventorySync}. */
export interface InventorySyncOptions {
  inventory: EndpointInventoryStore;
  serviceAnswers: ServiceAnswerCache;
  catalog: CatalogService;
  auth: AuthService;
  clients: Ec2ClientSource;
  logger: LoggerService;
  /** `eksPrivateLink.defaultRegion`. */
  defaultRegion?: string;
  /** VPCs whose DNS attributes are read at once per account and region. */
  concurrency?: number;
  /** How long a region's `DescribeVpcEndpointServices` answer is trusted. */
  serviceAnswerMaxAgeMs?: number;
  /** `eksPrivateLink.retention`: deleted endpoints and history older go. */
  retentionMs?: number;
  /** `eksPrivateLink.sync.dnsRefreshRuns`; see {@link chooseDnsReads}. */
  dnsRefreshRuns?: number;
  /**
   * What the portal applied to managed endpoints; without it only their
   * security group rules are checked for drift.
   */
  applied?: AppliedEndpointStore;
  /**
   * Owners are told when a managed endpoint fails, disappears or drifts;
   * without it nobody is.
   */
  notifications?: { service: NotificationService; log: NotificationLog };
  now?: () => Date;
}

/** One account and region that could not be read. */
export interface FailedScope {
  region: string;
  accountId?: string;
  vpcCount: number;
  /** What the records say. */
  error: string;
  /** AWS's full text, for the log only (it may name IAM identities). */
  detail: string;
}

/** What a full sync did. */
export interface SyncRunResult {
  entities: number;
  vpcs: number;
  scopes: number;
  failed: FailedScope[];
  endpoints: number;
  dnsReads: number;
  /** Entities that name a VPC but no region, so could not be synced. */
  withoutRegion: string[];
  /** Entities whose VPC annotations do not parse, with what to fix. */
  invalid: Array<{ entityRef: string; problem: string }>;
}

/** The endpoint services the inventory keeps: the EKS API and EKS Pod Identity. */
export const INVENTORY_SERVICES: readonly EksEndpointService[] = [
  'eks',
  'eks-auth',
];

/** One account and region, with the VPCs of it that a sync reads. */
export interface Scope {
  region: string;
  accountId?: string;
  vpcIds: Set<string>;
}
