// Which catalog entities a caller may read, asked the catalog's way and
// cached briefly, and the VPC such an entity names: the gate every route of
// one entity goes through before any inventory is read or shown.
import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EKS_ANNOTATIONS,
  readVpcLocator,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ResolvedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type { InventorySync } from '../sync/InventorySync';
import { VPC_ENTITY_FIELDS } from '../sync/vpcEntities';
import { CatalogAccessCache } from './CatalogAccessCache';
import { CatalogReadScope, catalogReadScope } from './catalogReadScope';

// How long the answers shared by callers who may read every entity are used,
// and from when a hit reloads them in the background.
const SHARED_ENTITY_TTL_MS = 15_000;
const SHARED_ENTITY_REFRESH_AFTER_MS = 10_000;

// The one key of a caller's read scope in its cache, which is per entity.
const READ_SCOPE_KEY = 'catalog';

// What the routes of one entity read: its ref and its VPC annotations.
const ACCESS_FIELDS = ['apiVersion', ...VPC_ENTITY_FIELDS];

/** What {@link EntityAccess} asks. */
export interface EntityAccessOptions {
  catalog: CatalogService;
  auth: AuthService;
  /** The permission policy; without it every caller asks the catalog. */
  permissions?: PermissionsService;
  /** Checks and resolves entities' VPC annotations. */
  sync: Pick<InventorySync, 'resolve' | 'annotationProblem'>;
}

/** The entities callers may read, and their VPCs. */
export class EntityAccess {
  private readonly catalogAccess: CatalogAccessCache<Entity>;
  /** Per caller, what the permission policy lets them read of the catalog. */
  private readonly readScopes?: CatalogAccessCache<CatalogReadScope>;
  /** The entities as the plugin sees them, for callers who may read all. */
  private readonly sharedEntities: CatalogAccessCache<Entity>;

  constructor(private readonly options: EntityAccessOptions) {
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
  }

  /** What the caller may read of the catalog; without a policy to ask, the catalog decides, per caller. */
  async readScope(
    credentials: BackstageCredentials,
  ): Promise<CatalogReadScope> {
    return (await this.readScopes?.get(credentials, READ_SCOPE_KEY)) ?? 'some';
  }

  /**
   * The entity and its VPC; an entity whose annotations must be fixed first
   * is an `InputError` that says what to fix.
   */
  async readVpcEntity(
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
  async readEntity(
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

  /** Where the entity's well-formed VPC annotations say its VPC lives. */
  vpcOf(entity: Entity): ResolvedVpc {
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
