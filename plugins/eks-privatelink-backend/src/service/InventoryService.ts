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
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EKS_ANNOTATIONS,
  readVpcLocator,
  type InventoryListResponse,
  type InventoryRecord,
  type OnboardedVpc,
  type SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  vpcEntityFilter,
  type ResolvedVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import {
  EndpointInventoryStore,
  OnboardedVpcStore,
  ServiceAnswerCache,
  StoredEntityRecord,
  TrackedVpcEntity,
  endpointsKey,
} from '../database/types';
import { reportAwsFailure } from '../sync/describeAwsFailure';
import { entityLabels } from '../sync/entityOwner';
import {
  Ec2ClientSource,
  InventorySync,
  VPC_ENTITY_FIELDS,
} from '../sync/InventorySync';
import { RecordConfig, buildInventoryRecord } from './buildInventoryRecord';
import { CatalogAccessCache } from './CatalogAccessCache';
import { CatalogReadScope, catalogReadScope } from './catalogReadScope';
import { FleetList, type InventoryListQuery } from './fleetList';
import { readSubnetsAnswer } from './readSubnetsAnswer';

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

// How long the answers shared by callers who may read every entity are used,
// and from when a hit reloads them in the background.
const SHARED_ENTITY_TTL_MS = 15_000;
const SHARED_ENTITY_REFRESH_AFTER_MS = 10_000;

// The one key of a caller's read scope in its cache, which is per entity.
const READ_SCOPE_KEY = 'catalog';

// What the routes of one entity read: its ref and its VPC annotations.
const ACCESS_FIELDS = ['apiVersion', ...VPC_ENTITY_FIELDS];

// The create form asks for a VPC's subnets as it opens and as its fields
// change; subnets change rarely, and each answer costs two AWS calls.
const SUBNETS_TTL = { seconds: 60 };

function subnetsCacheKey({ vpcId, region, accountId }: ResolvedVpc): string {
  return `subnets:${accountId ?? ''}:${region}:${vpcId}`;
}

/**
 * The inventory's work: what the REST API asks for, in terms of the catalog
 * (who may see what), the stores (what is known) and the sync (what to read
 * from AWS now).
 */
export class InventoryService {
  private readonly catalogAccess: CatalogAccessCache<Entity>;
  /** Per caller, what the permission policy lets them read of the catalog. */
  private readonly readScopes?: CatalogAccessCache<CatalogReadScope>;
  /** The entities as the plugin sees them, for callers who may read all. */
  private readonly sharedEntities: CatalogAccessCache<Entity>;
  private readonly fleet: FleetList;

  constructor(private readonly options: InventoryServiceOptions) {
    this.catalogAccess = new CatalogAccessCache<Entity>({
      load: (credentials, entityRef) =>
        this.lookUpEntity(entityRef, credentials),
      loadMany: (credentials, entityRefs) =>
        this.lookUpEntities(entityRefs, credentials),
    });
    // Kept longer than a caller's answers: what may change in these seconds
    // is whether the entity exists and its annotations, not who may read
    // it. Reloaded from 10 s on, so an entity opened every few seconds
    // never waits for the catalog.
    this.sharedEntities = new CatalogAccessCache<Entity>({
      load: (credentials, entityRef) =>
        this.lookUpEntity(entityRef, credentials),
      loadMany: (credentials, entityRefs) =>
        this.lookUpEntities(entityRefs, credentials),
      ttlMs: SHARED_ENTITY_TTL_MS,
      refreshAfterMs: SHARED_ENTITY_REFRESH_AFTER_MS,
    });
    const { permissions } = options;
    if (permissions) {
      const load = (credentials: BackstageCredentials) =>
        catalogReadScope(permissions, credentials);
      this.readScopes = new CatalogAccessCache<CatalogReadScope>({
        load,
        loadMany: async (credentials, refs) => {
          const scope = await load(credentials);
          return refs.map(() => scope);
        },
      });
    }
    this.fleet = new FleetList({
      inventory: options.inventory,
      catalog: options.catalog,
      config: options.config,
      // Without a policy to ask, the catalog decides, per caller.
      readScope: async credentials =>
        (await this.readScopes?.get(credentials, READ_SCOPE_KEY)) ?? 'some',
      buildRecords: entities => this.buildRecords(entities),
    });
  }

  /**
   * The record of an entity the caller can read: one the catalog shows them.
   * Whether it does is the catalog's own decision, taken the catalog's way
   * (see {@link InventoryService.readEntity}). An entity never synced yet
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
    const entity = await this.readEntity(ref, credentials);
    const entityRef = stringifyEntityRef(entity);
    const problem = this.options.sync.annotationProblem(entity);
    if (problem) {
      return this.invalidRecord(entityRef, entity, problem);
    }
    const vpc = this.vpcOf(entity);
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
      return this.toRecord(stored);
    }
    await this.track(entityRef, vpc, entity);
    await this.options.sync.refreshVpc(vpc).catch(err => {
      this.options.logger.warn(
        `First read of ${entityRef} from AWS failed: ${err.message}`,
      );
    });
    return this.recordOf(entityRef);
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
    const { entity, vpc } = await this.readVpcEntity(ref, credentials, {
      fresh: true,
    });
    const entityRef = stringifyEntityRef(entity);
    await authorize(entityRef);
    const recent = await this.recentRecord(entityRef, vpc);
    if (recent) {
      return recent;
    }
    await this.track(entityRef, vpc, entity);
    try {
      await this.options.sync.refreshVpc(vpc);
    } catch (err) {
      throw new ServiceUnavailableError((err as Error).message);
    }
    return this.recordOf(entityRef);
  }

  /** The stored record when its VPC was read too recently to read it again. */
  private async recentRecord(
    entityRef: string,
    vpc: ResolvedVpc,
  ): Promise<InventoryRecord | undefined> {
    const stored = await this.options.inventory.getEntityRecord(entityRef);
    const lastAttempt = stored?.entity.lastAttemptAt;
    if (!stored || !lastAttempt || movedFrom(stored.entity, vpc)) {
      return undefined;
    }
    // Replicas' clocks differ a little: a read "from the future" is recent.
    const ageMs = Math.max(0, Date.now() - Date.parse(lastAttempt));
    if (ageMs >= this.options.refreshMinIntervalMs) {
      return undefined;
    }
    const record = this.toRecord(stored);
    return {
      ...record,
      sync: { ...record.sync, refreshedAgoSeconds: Math.floor(ageMs / 1000) },
    };
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
   * offered in its AZ; kept for a minute per VPC. Reads only: the region's
   * live service answer used here is not stored.
   */
  async getSubnets(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<SubnetsResponse> {
    const { vpc } = await this.readVpcEntity(ref, credentials);
    const { vpcId, region, accountId } = vpc;
    const { cache, clients } = this.options;
    const key = subnetsCacheKey(vpc);
    // Kept as JSON text: CacheService stores JSON values, which the
    // response's interfaces are not to TypeScript.
    const cached = await cache.get<string>(key);
    if (cached) {
      return JSON.parse(cached) as SubnetsResponse;
    }
    let response: SubnetsResponse;
    try {
      const client = await clients.getClient({ region, accountId });
      response = await readSubnetsAnswer(
        client,
        vpc,
        this.options.config.rules,
      );
    } catch (err) {
      throw new ServiceUnavailableError(
        reportAwsFailure(
          err,
          { region, accountId, vpcId },
          this.options.logger,
        ),
      );
    }
    await cache.set(key, JSON.stringify(response), { ttl: SUBNETS_TTL });
    return response;
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
      items: await this.buildRecords(await inventory.getEntitiesForVpc(vpc)),
    };
  }

  /**
   * Records an onboarded VPC. The same VPC with the same name and owner
   * again is a no-op; a VPC or a name that another record holds is a
   * `ConflictError`, whoever got there first.
   */
  async saveOnboardedVpc(
    vpc: Omit<OnboardedVpc, 'createdAt'>,
  ): Promise<OnboardedVpc> {
    const kept = await this.options.onboardedVpcs.insertOnboardedVpc(vpc);
    const sameVpc =
      kept.vpcId === vpc.vpcId &&
      kept.region === vpc.region &&
      kept.accountId === vpc.accountId;
    if (sameVpc && kept.name === vpc.name && kept.owner === vpc.owner) {
      return kept;
    }
    throw new ConflictError(
      sameVpc
        ? `${vpc.vpcId} in ${vpc.region} is already recorded for onboarding under another name or owner; open its entity instead of onboarding it again.`
        : `The name ${vpc.name} is already taken by another onboarded VPC; choose another name for ${vpc.vpcId}.`,
    );
  }

  /** Removes an onboarded VPC's record; the catalog module drops its entity. */
  async removeOnboardedVpc(
    vpc: Pick<OnboardedVpc, 'vpcId' | 'region' | 'accountId'>,
  ): Promise<{ removed: boolean }> {
    return {
      removed: await this.options.onboardedVpcs.deleteOnboardedVpc(vpc),
    };
  }

  async listOnboardedVpcs(): Promise<{ items: OnboardedVpc[] }> {
    return { items: await this.options.onboardedVpcs.listOnboardedVpcs() };
  }

  /**
   * The entity and its VPC; an entity whose annotations must be fixed first
   * is an `InputError` that says what to fix.
   */
  private async readVpcEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    options: { fresh?: boolean } = {},
  ): Promise<{ entity: Entity; vpc: ResolvedVpc }> {
    const entity = await this.readEntity(ref, credentials, options);
    const problem = this.options.sync.annotationProblem(entity);
    if (problem) {
      throw new InputError(`${stringifyEntityRef(entity)}: ${problem}`);
    }
    return { entity, vpc: this.vpcOf(entity) };
  }

  /**
   * The entity, read with the caller's own credentials so the catalog's
   * permissions apply: an entity the caller cannot read does not exist.
   * The catalog's answer is reused for a few seconds per caller and entity
   * (see {@link CatalogAccessCache}); `fresh` asks the catalog now.
   */
  private async readEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
    options: { fresh?: boolean } = {},
  ): Promise<Entity> {
    const entityRef = stringifyEntityRef(ref);
    const entity = options.fresh
      ? await this.catalogAccess.reload(credentials, entityRef)
      : await this.visibleEntity(credentials, entityRef);
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} found in the catalog`);
    }
    if (!readVpcLocator(entity)) {
      throw new NotFoundError(
        `${entityRef} names no VPC, so it has no EKS endpoint inventory: add the annotation ${EKS_ANNOTATIONS.vpcId} (or ${EKS_ANNOTATIONS.legacyVpcId}, or ${EKS_ANNOTATIONS.arn} with the VPC's ARN)`,
      );
    }
    return entity;
  }

  /**
   * The entity if the caller may read it, decided as the catalog decides:
   * the catalog asks the permission policy for `catalog.entity.read` with
   * the caller's credentials, and shows a caller it ALLOWs every entity and
   * one it DENYs none. For such callers the answer is whether the entity
   * exists, looked up once for all of them with the plugin's own
   * credentials (kept 15 s); only a caller whose access has conditions
   * makes a catalog call of their own, with their credentials, per entity
   * (kept 5 s, like the policy's answer; {@link CatalogAccessCache}).
   */
  private async visibleEntity(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<Entity | undefined> {
    const scope = await this.readScopes?.get(credentials, READ_SCOPE_KEY);
    if (scope === 'none') {
      return undefined;
    }
    if (scope === 'all') {
      return this.sharedEntities.get(
        await this.options.auth.getOwnServiceCredentials(),
        entityRef,
      );
    }
    return this.catalogAccess.get(credentials, entityRef);
  }

  /** Where the entity's well-formed VPC annotations say its VPC lives. */
  private vpcOf(entity: Entity): ResolvedVpc {
    const vpc = this.options.sync.resolve(entity);
    if (!vpc) {
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} names a VPC but no region: add the annotation ${
          EKS_ANNOTATIONS.region
        } (e.g. us-east-1) to the entity or set eksPrivateLink.defaultRegion in app-config.yaml`,
      );
    }
    return vpc;
  }

  /**
   * The record of an entity whose annotations must be fixed: what they say,
   * no endpoints, and `sync.status: error` with what to fix. Built from the
   * catalog alone: such values are never stored.
   */
  private invalidRecord(
    entityRef: string,
    entity: Entity,
    problem: string,
  ): InventoryRecord {
    const vpc = this.options.sync.resolve(entity);
    return buildInventoryRecord({
      entity: {
        entityRef,
        vpcId: readVpcLocator(entity)?.vpcId ?? '',
        region: vpc?.region ?? '',
        accountId: vpc?.accountId ?? null,
        dnsSupport: null,
        dnsHostnames: null,
        dnsCheckedAt: null,
        syncStatus: 'error',
        syncError: problem,
        lastSyncedAt: null,
        lastAttemptAt: null,
      },
      endpoints: [],
      config: this.options.config,
    });
  }

  /**
   * The entity as the caller may see it. By name rather than through
   * `getEntitiesByRefs` with `fields`: for one entity the catalog answers
   * the GET faster than the POST, even with the whole entity in the answer
   * (docs/benchmarks.md).
   */
  private async lookUpEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    return entity && trimEntity(entity);
  }

  /** Several entities in one catalog call: the background reloads. */
  private async lookUpEntities(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Array<Entity | undefined>> {
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs, fields: ACCESS_FIELDS },
      { credentials },
    );
    return items.map(entity => entity && trimEntity(entity));
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

  private async recordOf(entityRef: string): Promise<InventoryRecord> {
    const stored = await this.options.inventory.getEntityRecord(entityRef);
    if (!stored) {
      // Only when the entity was removed between the read and now.
      throw new NotFoundError(`No entity ${entityRef} found in the catalog`);
    }
    return this.toRecord(stored);
  }

  private toRecord(stored: StoredEntityRecord): InventoryRecord {
    return buildInventoryRecord({
      entity: stored.entity,
      endpoints: stored.endpoints,
      service: stored.service,
      authService: stored.authService,
      config: this.options.config,
    });
  }

  private async buildRecords(
    entities: TrackedVpcEntity[],
  ): Promise<InventoryRecord[]> {
    if (entities.length === 0) {
      return [];
    }
    const { inventory, serviceAnswers, config } = this.options;
    const regions = entities.map(e => e.region);
    const [endpoints, services, authServices] = await Promise.all([
      inventory.getEndpointsForVpcs(entities),
      serviceAnswers.getServiceDescriptions(regions, 'eks'),
      serviceAnswers.getServiceDescriptions(regions, 'eks-auth'),
    ]);
    return entities.map(entity =>
      buildInventoryRecord({
        entity,
        endpoints:
          endpoints.get(
            endpointsKey(entity.vpcId, entity.region, entity.accountId),
          ) ?? [],
        service: services.get(entity.region),
        authService: authServices.get(entity.region),
        config,
      }),
    );
  }
}

/**
 * Only what the inventory reads of an entity, so that cached answers stay
 * small and look the same whichever catalog call fetched them.
 */
function trimEntity(entity: Entity): Entity {
  const { name, namespace, title, annotations } = entity.metadata;
  const { type, owner } = entity.spec ?? {};
  const spec = {
    ...(type !== undefined ? { type } : {}),
    ...(owner !== undefined ? { owner } : {}),
  };
  return {
    apiVersion: entity.apiVersion,
    kind: entity.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(title !== undefined ? { title } : {}),
      ...(annotations ? { annotations } : {}),
    },
    ...(Object.keys(spec).length > 0 ? { spec } : {}),
  };
}

function movedFrom(tracked: TrackedVpcEntity, vpc: ResolvedVpc): boolean {
  return (
    tracked.vpcId !== vpc.vpcId ||
    tracked.region !== vpc.region ||
    tracked.accountId !== (vpc.accountId ?? null)
  );
}
