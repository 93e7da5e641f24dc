// The inventory's work behind the REST API. The parts it delegates live
// beside it: entityAccess (who may read which entity), inventoryRecords,
// subnetsAnswers, onboardedVpcs and fleetList.
import type {
  AuthService,
  BackstageCredentials,
  CacheService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  InventoryListResponse,
  InventoryRecord,
  OnboardedVpc,
  SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  vpcEntityFilter,
  type ResolvedVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type {
  EndpointInventoryStore,
  OnboardedVpcStore,
  ServiceAnswerCache,
} from '../database/types';
import { entityLabels } from '../sync/entityOwner';
import type { Ec2ClientSource, InventorySync } from '../sync/InventorySync';
import { VPC_ENTITY_FIELDS } from '../sync/vpcEntities';
import type { RecordConfig } from './buildInventoryRecord';
import { EntityAccess } from './entityAccess';
import { FleetList, type InventoryListQuery } from './fleetList';
import { InventoryRecords, movedFrom } from './inventoryRecords';
import { OnboardedVpcs } from './onboardedVpcs';
import { SubnetsAnswers } from './subnetsAnswers';

/** Options of {@link InventoryService}. */
export interface InventoryServiceOptions {
  inventory: EndpointInventoryStore;
  onboardedVpcs: OnboardedVpcStore;
  serviceAnswers: ServiceAnswerCache;
  sync: InventorySync;
  catalog: CatalogService;
  auth: AuthService;
  /**
   * The permission policy, asked what each caller may read of the catalog
   * (see {@link InventoryService.getRecord}); without it every card asks
   * the catalog with the caller's credentials.
   */
  permissions?: PermissionsService;
  clients: Ec2ClientSource;
  logger: LoggerService;
  config: RecordConfig;
  /** Where subnet answers are kept for a minute. */
  cache: CacheService;
  /** `eksPrivateLink.refresh.minInterval`, in milliseconds. */
  refreshMinIntervalMs: number;
}

export type { InventoryListQuery } from './fleetList';

/** The VPC that `POST /sync/vpc` names. */
export interface VpcSyncRequest {
  vpcId: string;
  region: string;
  accountId?: string;
}

/**
 * The inventory's work: what the REST API asks for, in terms of the catalog
 * (who may see what), the stores (what is known) and the sync (what to read
 * from AWS now).
 */
export class InventoryService {
  private readonly entities: EntityAccess;
  private readonly records: InventoryRecords;
  private readonly subnets: SubnetsAnswers;
  private readonly onboarded: OnboardedVpcs;
  private readonly fleet: FleetList;

  constructor(private readonly options: InventoryServiceOptions) {
    this.entities = new EntityAccess(options);
    this.records = new InventoryRecords(options);
    this.subnets = new SubnetsAnswers(options);
    this.onboarded = new OnboardedVpcs(options.onboardedVpcs);
    this.fleet = new FleetList({
      inventory: options.inventory,
      catalog: options.catalog,
      config: options.config,
      readScope: credentials => this.entities.readScope(credentials),
      buildRecords: entities => this.records.buildRecords(entities),
    });
  }

  /**
   * The record of an entity the caller can read: one the catalog shows them.
   * Whether it does is the catalog's own decision, taken the catalog's way
   * (see {@link EntityAccess.readEntity}). An entity never synced yet
   * is read from AWS first, so a newly onboarded VPC shows data at once; a
   * failure of that read is reported in the record's `sync`.
   */
  async getRecord(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<InventoryRecord> {
    // The stored record is read while the catalog is asked whether the
    // caller may see the entity, and used only once the catalog said yes.
    const askedRef = stringifyEntityRef(ref);
    const storedRead = this.options.inventory.getEntityRecord(askedRef);
    storedRead.catch(() => {}); // awaited below, or dropped with the 404
    const entity = await this.entities.readEntity(ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    const problem = this.options.sync.annotationProblem(entity);
    if (problem) {
      return this.records.invalidRecord(entityRef, entity, problem);
    }
    const vpc = this.entities.vpcOf(entity);
    // The catalog matches names in any case; the store keeps its spelling.
    const stored =
      entityRef === askedRef
        ? await storedRead
        : await this.options.inventory.getEntityRecord(entityRef);
    if (
      stored &&
      stored.entity.syncStatus !== 'never' &&
      !movedFrom(stored.entity, vpc)
    ) {
      return this.records.toRecord(stored);
    }
    await this.track(entityRef, vpc, entity);
    await this.options.sync.refreshVpc(vpc).catch(err => {
      this.options.logger.warn(
        `First read of ${entityRef} from AWS failed: ${err.message}`,
      );
    });
    return this.records.recordOf(entityRef);
  }

  /**
   * Reads the entity's VPC from AWS now, once `authorize` has let the
   * caller, who can read the entity, do so. Rejects with a 503 that names the
   * missing setting or permission when AWS cannot be read. Within
   * `eksPrivateLink.refresh.minInterval` of the last read (by any replica,
   * refresh or sync) it answers that read's record with its age instead.
   */
  async refresh(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    authorize: (entityRef: string) => Promise<void>,
  ): Promise<InventoryRecord> {
    const { entity, vpc } = await this.entities.readVpcEntity(
      ref,
      credentials,
      { fresh: true },
    );
    const entityRef = stringifyEntityRef(entity);
    await authorize(entityRef);
    const recent = await this.records.recentRecord(entityRef, vpc);
    if (recent) {
      return recent;
    }
    await this.track(entityRef, vpc, entity);
    try {
      await this.options.sync.refreshVpc(vpc);
    } catch (err) {
      throw new ServiceUnavailableError((err as Error).message);
    }
    return this.records.recordOf(entityRef);
  }

  /**
   * A page of the fleet: records of the entities the caller can read that
   * pass the filters, in entity-ref order, with the totals of the whole
   * filtered set on the first page (see {@link FleetList}).
   */
  async list(
    query: InventoryListQuery,
    credentials: BackstageCredentials,
  ): Promise<InventoryListResponse> {
    return this.fleet.list(query, credentials);
  }

  /**
   * The VPC's subnets from AWS, each marked with whether the EKS service is
   * offered in its AZ; kept for a minute per VPC (see {@link SubnetsAnswers}).
   */
  async getSubnets(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<SubnetsResponse> {
    const { vpc } = await this.entities.readVpcEntity(ref, credentials);
    return this.subnets.get(vpc);
  }

  /**
   * Re-reads a VPC for every catalog entity that names it (the scaffolder
   * actions call this after they change an endpoint).
   */
  async syncVpc(request: VpcSyncRequest): Promise<{
    items: InventoryRecord[];
  }> {
    const { inventory, sync } = this.options;
    const vpc: ResolvedVpc = {
      vpcId: request.vpcId,
      region: request.region,
      ...(request.accountId ? { accountId: request.accountId } : {}),
    };
    for (const entity of await this.findEntitiesOfVpc(request)) {
      const resolved = sync.resolve(entity);
      if (
        resolved &&
        resolved.vpcId === vpc.vpcId &&
        resolved.region === vpc.region &&
        resolved.accountId === vpc.accountId
      ) {
        await this.track(stringifyEntityRef(entity), resolved, entity);
      }
    }
    try {
      await sync.refreshVpc(vpc);
    } catch (err) {
      throw new ServiceUnavailableError((err as Error).message);
    }
    return {
      items: await this.records.buildRecords(
        await inventory.getEntitiesForVpc(vpc),
      ),
    };
  }

  /** See {@link OnboardedVpcs.save}. */
  async saveOnboardedVpc(
    vpc: Omit<OnboardedVpc, 'createdAt'>,
  ): Promise<OnboardedVpc> {
    return this.onboarded.save(vpc);
  }

  /** Removes an onboarded VPC's record; the catalog module drops its entity. */
  async removeOnboardedVpc(
    vpc: Pick<OnboardedVpc, 'vpcId' | 'region' | 'accountId'>,
  ): Promise<{ removed: boolean }> {
    return this.onboarded.remove(vpc);
  }

  async listOnboardedVpcs(): Promise<{ items: OnboardedVpc[] }> {
    return this.onboarded.list();
  }

  /** Records where the entity's VPC lives, with its owner and title. */
  private async track(
    entityRef: string,
    vpc: ResolvedVpc,
    entity: Entity,
  ): Promise<void> {
    await this.options.inventory.upsertEntities([
      {
        entityRef,
        vpcId: vpc.vpcId,
        region: vpc.region,
        accountId: vpc.accountId ?? null,
        ...entityLabels(entity),
      },
    ]);
  }

  /** Catalog entities naming the VPC by id annotation or by ARN. */
  private async findEntitiesOfVpc(request: VpcSyncRequest): Promise<Entity[]> {
    const { catalog, auth } = this.options;
    const { items } = await catalog.getEntities(
      { filter: vpcEntityFilter(request), fields: VPC_ENTITY_FIELDS },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return items;
  }
}
