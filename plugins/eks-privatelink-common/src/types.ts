/**
 * The public data shapes of the EKS PrivateLink plugins. Field names follow
 * the contract in the project's design document; extra fields are additive.
 */

import type { EksEndpointService } from './endpointServices';
import type { DataProcessingTier } from './pricing';
import type { EndpointIpAddressType, RuleDecision } from './rules';

/**
 * An endpoint state as the EC2 API sends it, always stored lower case
 * (`pending`, `available`, `deleting`, `deleted`, `failed`, ...).
 * The AWS SDK's own enum is PascalCase, so never compare against it.
 *
 * @public
 */
export type EndpointState =
  | 'pendingacceptance'
  | 'pending'
  | 'available'
  | 'deleting'
  | 'deleted'
  | 'rejected'
  | 'failed'
  | 'expired'
  | (string & {});

/** @public */
export interface DnsEntry {
  dnsName: string;
  hostedZoneId: string;
}

/** @public */
export interface EndpointError {
  code: string;
  message: string;
}

/** @public */
export interface StateChange {
  state: EndpointState;
  at: string;
}

/** One EKS interface endpoint as the inventory knows it. @public */
export interface InventoryEndpoint {
  vpcEndpointId: string;
  state: EndpointState;
  privateDnsEnabled: boolean;
  ipAddressType: string;
  subnetIds: string[];
  availabilityZones: string[];
  networkInterfaceIds: string[];
  securityGroupIds: string[];
  dnsEntries: DnsEntry[];
  /** When AWS created the endpoint (ISO 8601). */
  createdAt: string | null;
  /** When a sync last saw it in AWS (ISO 8601). */
  lastSeenAt: string | null;
  lastError: EndpointError | null;
  /** When a sync first found it gone from AWS, else null. */
  deletedAt?: string | null;
  /** Oldest first. */
  stateHistory?: StateChange[];
  tags?: Record<string, string>;
  /**
   * Whether the portal manages the endpoint: it carries the tag
   * `eks-privatelink:managed-by=backstage` that the create action writes.
   * Set in every `InventoryRecord`.
   */
  managed?: boolean;
  /**
   * The endpoint service, e.g. `com.amazonaws.us-east-1.eks`. Set in every
   * `InventoryRecord`.
   */
  serviceName?: string;
  /**
   * The endpoint policy as AWS returns it in `PolicyDocument`; null or absent
   * means AWS's default, full access.
   */
  policyDocument?: string | null;
  /**
   * What differs from what the portal set up, for managed endpoints; empty
   * when nothing does. Absent for endpoints the portal does not manage.
   */
  drift?: EndpointDrift[];
}

/**
 * One way a managed endpoint differs from what the portal set up, e.g. its
 * managed security group no longer admits all of the VPC's CIDR blocks.
 *
 * @public
 */
export interface EndpointDrift {
  /** What differs: `securityGroupRules`, `subnets`, `securityGroups`, `privateDns` or `policy`. */
  field: string;
  /** What the portal set up, in words. */
  expected: string;
  /** What AWS has now, in words. */
  actual: string;
  /** What happened and what to do, for the card. */
  message: string;
}

/** @public */
export interface VpcInfo {
  vpcId: string;
  region: string;
  accountId: string | null;
  /** null until read from AWS. */
  dnsSupport: boolean | null;
  dnsHostnames: boolean | null;
  /**
   * When the DNS attributes were last read from AWS (ISO 8601); null until
   * read. The scheduled sync re-reads a steady VPC's attributes only every
   * few runs (`eksPrivateLink.sync.dnsRefreshRuns`).
   */
  dnsCheckedAt?: string | null;
}

/** @public */
export interface PricingEstimate {
  currency: string;
  hourlyPerAz: number;
  azCount: number;
  /**
   * False when the number of AZs is unknown (no endpoint, and the VPC's
   * subnets were not read): `azCount` and `estimatedMonthly` are then 0 and
   * not a price. Absent in records of older backends, which always knew.
   */
  azCountKnown?: boolean;
  /** hourlyPerAz x azCount x 730 hours, before data processing. */
  estimatedMonthly: number;
  dataProcessingPerGb: number;
  /** The data-processing tiers of the region, first 1 PB first. */
  dataProcessingTiers?: DataProcessingTier[];
  /** Where the rates come from: `default` or `config`. */
  source: string;
  /** Whether `eksPrivateLink.pricing.regions.<region>` sets rates. */
  regionConfigured?: boolean;
  notes: string[];
}

/** @public */
export type SyncStatus = 'ok' | 'stale' | 'error' | 'never';

/** @public */
export interface SyncInfo {
  status: SyncStatus;
  lastSyncedAt: string | null;
  error: string | null;
  /**
   * Only in the answer of a refresh that came sooner after the last read of
   * the VPC from AWS than `eksPrivateLink.refresh.minInterval` allows: how
   * many seconds ago that read was. The record is that read's, not a new one.
   */
  refreshedAgoSeconds?: number;
}

/** @public */
export interface InventoryRecord {
  entityRef: string;
  /**
   * The entity's owner (`spec.owner`, as a full entity ref) and title, for
   * the fleet page; null when the entity has none. Absent from older
   * backends.
   */
  owner?: string | null;
  title?: string | null;
  serviceName: string;
  regionSupported: boolean;
  /** Why the region is not supported and which rule source said so. */
  regionSupportReason?: string | null;
  /**
   * What an older source (the seed guide, with its date) said about the
   * region, shown as history when AWS could not be asked.
   */
  regionSupportHistory?: string | null;
  /**
   * What AWS (or config) says of each endpoint service in the region: the
   * EKS API first, then EKS Pod Identity. The top-level `serviceName` and
   * `regionSupported` repeat the EKS API's answer. Absent from older
   * backends.
   */
  services?: ServiceSupport[];
  vpc: VpcInfo;
  endpoints: InventoryEndpoint[];
  pricing: PricingEstimate;
  sync: SyncInfo;
}

/**
 * How much of the private path to EKS a VPC has, over the services asked
 * about (both, unless the `service` filter names one): `none` when none of
 * them has an `available` endpoint, `full` when every one of them has,
 * `partial` in between.
 *
 * @public
 */
export type FleetCoverage = 'none' | 'partial' | 'full';

/** The filters of `GET /inventory`; every one is optional. @public */
export interface InventoryListFilters {
  region?: string;
  /** An endpoint state (of the services asked about), or `none` for VPCs without a live endpoint. */
  state?: string;
  /** `eks` or `eks-auth`: only this service's endpoints count for `state` and `coverage`. */
  service?: EksEndpointService;
  /** The owner's entity ref, e.g. `group:default/platform-team`. */
  owner?: string;
  coverage?: FleetCoverage;
  syncStatus?: SyncStatus;
  /** `true`: only VPCs with a managed endpoint that drifted; `false`: only those without. */
  drift?: boolean;
  /** Free text, matched case-insensitively in the entity ref, title, owner, VPC id and account. */
  q?: string;
}

/**
 * Counts and cost of the whole filtered set (every page), counted only over
 * entities the caller can read.
 *
 * @public
 */
export interface InventoryTotals {
  vpcs: number;
  /** VPCs whose coverage is `full`. */
  covered: number;
  /** VPCs whose coverage is `partial`. */
  partial: number;
  /** Hourly price x AZs x 730 h of every live endpoint, before data processing. */
  monthlyCost: number;
  currency: string;
}

/** One endpoint service's answer for a region. @public */
export interface ServiceSupport {
  service: EksEndpointService;
  /** e.g. `com.amazonaws.us-east-1.eks-auth`. */
  serviceName: string;
  regionSupported: boolean;
  regionSupportReason?: string | null;
  /** The AZs the service is offered in; null until the region was described. */
  availabilityZones: string[] | null;
  /** When the answer was read (ISO 8601); null when it comes from config or nowhere. */
  checkedAt: string | null;
}

/** @public */
export interface InventoryListResponse {
  items: InventoryRecord[];
  nextCursor?: string;
  /** Present on the first page (a request without `cursor`). */
  totals?: InventoryTotals;
}

/** A subnet of a VPC, as the form field shows it. @public */
export interface SubnetInfo {
  subnetId: string;
  availabilityZone: string;
  availabilityZoneId: string | null;
  cidrBlock: string | null;
  /** The subnet's associated IPv6 blocks; absent from older backends. */
  ipv6CidrBlocks?: string[];
  /** True for an IPv6-only subnet (`Ipv6Native`), which `ipv6` endpoints need. */
  ipv6Native?: boolean;
  name: string | null;
  /**
   * Whether the EKS API endpoint service (`eks`) is offered in this subnet's
   * AZ. Kept for older clients; {@link SubnetInfo.supportedServices} says it
   * per service.
   */
  serviceSupported: boolean;
  /**
   * The EKS endpoint services offered in this subnet's AZ (`eks`, `eks-auth`).
   * A service whose AZs AWS could not be asked about is listed for every
   * subnet. Absent from older backends: read
   * {@link SubnetInfo.serviceSupported} then.
   */
  supportedServices?: EksEndpointService[];
}

/** @public */
export interface SubnetsResponse {
  vpcId: string;
  region: string;
  serviceName: string;
  subnets: SubnetInfo[];
  /**
   * The endpoint IP address types the region's service takes, and who said
   * so (`aws`, `config`, or `unknown` when AWS could not be asked).
   */
  ipAddressTypes?: RuleDecision<EndpointIpAddressType[]>;
  /** Whether the region's service takes an endpoint policy, and who said so. */
  endpointPolicySupported?: RuleDecision<boolean>;
}

/** Where a VPC lives, as read from a catalog entity. @public */
export interface VpcLocator {
  vpcId: string;
  region?: string;
  accountId?: string;
}

/** A VPC recorded by the onboarding action, emitted by the catalog module. @public */
export interface OnboardedVpc {
  vpcId: string;
  region: string;
  accountId: string | null;
  name: string;
  title: string | null;
  description: string | null;
  owner: string;
  system: string | null;
  createdAt: string;
}
