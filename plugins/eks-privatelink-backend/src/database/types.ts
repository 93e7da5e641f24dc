import type {
  EksEndpointService,
  EksServiceDescription,
  InventoryEndpoint,
  OnboardedVpc,
  SyncStatus,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { VpcDnsAttributes } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type {
  FleetFilter,
  FleetPageQuery,
  FleetRegionTotals,
} from './FleetQuery';

/** A catalog entity that locates a VPC, as the inventory tracks it. */
export interface TrackedVpcEntity {
  /** Lower-case entity ref. */
  entityRef: string;
  vpcId: string;
  region: string;
  accountId: string | null;
  dnsSupport: boolean | null;
  dnsHostnames: boolean | null;
  dnsCheckedAt: string | null;
  syncStatus: SyncStatus;
  syncError: string | null;
  lastSyncedAt: string | null;
  lastAttemptAt: string | null;
  /** `spec.owner` as a lower-case entity ref; null when unknown. */
  owner?: string | null;
  /** `metadata.title`; null when the entity has none. */
  title?: string | null;
}

/** Where an entity's VPC lives; what the sync writes for a new entity. */
export interface VpcEntityLocation {
  entityRef: string;
  vpcId: string;
  region: string;
  accountId: string | null;
  /**
   * The entity's owner (lower-case entity ref) and title, stored beside the
   * location; left as stored when absent (undefined).
   */
  owner?: string | null;
  title?: string | null;
}

/** An endpoint read from AWS, with the VPC it belongs to. */
export interface ObservedEndpoint {
  vpcId: string;
  endpoint: InventoryEndpoint;
}

/**
 * An account and region that one read from AWS covers. A VPC is known by its
 * id within one: two accounts may hold the same VPC id.
 */
export interface AccountRegion {
  region: string;
  /** Absent or null: the default credentials' account. */
  accountId?: string | null;
}

/**
 * What one successful read from AWS saw for a set of VPCs of one account and
 * region. Endpoints of these VPCs that the store knows and the read did not
 * return are gone from AWS.
 */
export interface VpcSnapshot extends AccountRegion {
  vpcIds: string[];
  endpoints: ObservedEndpoint[];
  /** Only the VPCs whose attributes were read this time. */
  dns: Map<string, VpcDnsAttributes>;
  /** A per-VPC problem that did not stop the rest, e.g. a failed DNS read. */
  vpcErrors?: Map<string, string>;
  at: Date;
}

/** What applying a snapshot changed. */
export interface SnapshotChanges {
  added: number;
  stateChanges: number;
  deleted: number;
}

/**
 * What the sync needs to decide whether to read a VPC's DNS attributes
 * again: when they were last read, and the VPC's live endpoints then.
 */
export interface VpcDnsReadState {
  /** The oldest read among the VPC's entities; null when never read. */
  checkedAt: string | null;
  /** {@link endpointsSignature} of the VPC's stored live endpoints. */
  endpoints: string;
}

/** Whether AWS still has the endpoint in service: neither deleted nor being deleted. */
export function isLive({ endpoint }: ObservedEndpoint): boolean {
  return endpoint.state !== 'deleted' && endpoint.state !== 'deleting';
}

/**
 * The endpoints of a VPC as one string, for telling whether any of them
 * appeared, went, changed state or turned private DNS on or off.
 */
export function endpointsSignature(
  endpoints: Array<
    Pick<InventoryEndpoint, 'vpcEndpointId' | 'state' | 'privateDnsEnabled'>
  >,
): string {
  return endpoints
    .filter(e => e.state !== 'deleted')
    .map(e => `${e.vpcEndpointId}:${e.state}:${e.privateDnsEnabled ? 1 : 0}`)
    .sort()
    .join(',');
}

/** What {@link EndpointInventoryStore.pruneHistory} removed. */
export interface PrunedHistory {
  endpoints: number;
  stateChanges: number;
}

/** A region's service answer with the time it was read. */
export interface StoredServiceDescription extends EksServiceDescription {
  checkedAt: string;
}

/** What the record of one tracked entity is built from. */
export interface StoredEntityRecord {
  entity: TrackedVpcEntity;
  /** Absent until the region's service was described once. */
  service?: StoredServiceDescription;
  /** EKS Pod Identity's (eks-auth) answer for the region, likewise. */
  authService?: StoredServiceDescription;
  /** Newest first, each with its state history. */
  endpoints: InventoryEndpoint[];
}

/** A VPC as the inventory keys it. */
export interface VpcKey extends AccountRegion {
  vpcId: string;
}

/**
 * The key {@link EndpointInventoryStore.getEndpointsForVpcs} files endpoints
 * under.
 */
export function endpointsKey(
  vpcId: string,
  region: string,
  accountId?: string | null,
): string {
  return `${accountId ?? ''}|${region}/${vpcId}`;
}

/**
 * The tracked VPC entities and the EKS endpoints seen in AWS, with their
 * state history: what the sync writes and the inventory routes read.
 */
export interface EndpointInventoryStore {
  /**
   * Records where each entity's VPC lives. A new entity starts as `never`
   * synced; one whose VPC, region or account changed starts over, since the
   * data it had belongs to another VPC.
   */
  upsertEntities(locations: VpcEntityLocation[], now?: Date): Promise<void>;

  /**
   * Records why entities whose VPC annotations do not parse are not synced:
   * each turns `error` with the problem, and loses its location, since the
   * data it had belongs to a VPC it no longer names. Entities not tracked
   * yet are left untracked: their annotations cannot be stored.
   */
  markEntitiesInvalid(
    problems: Array<{ entityRef: string; problem: string }>,
    at?: Date,
  ): Promise<void>;

  /** Forgets entities (gone from the catalog or no longer locating a VPC). */
  deleteEntities(entityRefs: string[]): Promise<void>;

  listEntityRefs(): Promise<string[]>;

  getEntity(entityRef: string): Promise<TrackedVpcEntity | undefined>;

  /**
   * Everything the record of one tracked entity needs — the entity, its
   * region's stored service answer, its VPC's endpoints with their state
   * history (endpoints newest first, history oldest first). This is the read
   * behind every `GET /inventory/:kind/:namespace/:name`.
   */
  getEntityRecord(entityRef: string): Promise<StoredEntityRecord | undefined>;

  getEntitiesForVpc(vpc: VpcKey): Promise<TrackedVpcEntity[]>;

  /**
   * A page of the fleet list: tracked entities that pass the filters (and
   * that the caller may read), in entity-ref order, filtered in the database.
   */
  listFleet(query: FleetPageQuery): Promise<TrackedVpcEntity[]>;

  /** Counts and billed AZs of the filtered fleet, per region, in one query. */
  fleetTotals(filter: FleetFilter): Promise<FleetRegionTotals[]>;

  /**
   * The endpoints of the given VPCs with their state history, newest first
   * within a VPC, keyed by {@link endpointsKey}.
   */
  getEndpointsForVpcs(
    vpcs: VpcKey[],
  ): Promise<Map<string, InventoryEndpoint[]>>;

  /**
   * Writes what a successful AWS read saw: new and changed endpoints, state
   * changes into the history, endpoints that vanished marked deleted, the DNS
   * attributes that were read, and the sync outcome of every entity of these
   * VPCs, all at once, so a reader never sees half a sync.
   */
  applySnapshot(snapshot: VpcSnapshot): Promise<SnapshotChanges>;

  /**
   * Per VPC id of one account and region: when its DNS attributes were
   * last read and its live endpoints, for the sync's rolling DNS refresh.
   */
  getDnsReadState(scope: AccountRegion): Promise<Map<string, VpcDnsReadState>>;

  /**
   * Records a failed read of these VPCs: entities that were synced before
   * turn `stale` and keep their data, the others turn `error`.
   */
  markFailed(
    scope: AccountRegion,
    vpcIds: string[],
    message: string,
    at?: Date,
  ): Promise<void>;

  /**
   * Removes endpoints deleted before `before`, with their history, and the
   * state changes of the others recorded before it. An endpoint's current
   * state is in its own row, so a live endpoint loses only old history.
   */
  pruneHistory(before: Date): Promise<PrunedHistory>;
}

/** The VPCs recorded for onboarding, which the catalog module turns into entities. */
export interface OnboardedVpcStore {
  /**
   * Records an onboarded VPC unless its VPC (id, region, account) or its
   * name is recorded already. The database's keys decide, so of two
   * concurrent onboardings only one is kept. Returns the record that holds
   * the VPC, or that holds the name when the VPC is not recorded.
   */
  insertOnboardedVpc(
    vpc: Omit<OnboardedVpc, 'createdAt'>,
    at?: Date,
  ): Promise<OnboardedVpc>;

  /** Removes an onboarded VPC; returns whether there was one. */
  deleteOnboardedVpc(
    vpc: Pick<OnboardedVpc, 'vpcId' | 'region' | 'accountId'>,
  ): Promise<boolean>;

  /** In region, VPC id, account order. */
  listOnboardedVpcs(): Promise<OnboardedVpc[]>;
}

/**
 * The last `DescribeVpcEndpointServices` answer per region, kept so that a
 * sync asks AWS only when it is old and a record can be built without AWS.
 */
export interface ServiceAnswerCache {
  /** The stored answers of a service (the EKS API by default) in these regions, keyed by region. */
  getServiceDescriptions(
    regions: string[],
    service?: EksEndpointService,
  ): Promise<Map<string, StoredServiceDescription>>;

  /** Replaces the answer of a service (the EKS API by default) in the region. */
  saveServiceDescription(
    region: string,
    description: EksServiceDescription,
    at?: Date,
    service?: EksEndpointService,
  ): Promise<void>;
}

/** The plugin's stores, on one database. */
export interface InventoryStores {
  inventory: EndpointInventoryStore;
  onboardedVpcs: OnboardedVpcStore;
  serviceAnswers: ServiceAnswerCache;
}
