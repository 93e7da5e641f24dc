// The catalog side of a full sync: which entities name a VPC (the VPC
// entities, and entities of other kinds the inventory already tracks), and
// where each one's VPC lives, grouped by account and region.
import type { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { readVpcLocator } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ResolvedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type {
  EndpointInventoryStore,
  VpcEntityLocation,
} from '../database/types';
import { entityLabels } from './entityOwner';
import type { Scope, SyncRunResult } from './syncTypes';

/** The catalog filter of VPC entities (design: Resource of type vpc). */
export const VPC_ENTITY_FILTER = { kind: 'Resource', 'spec.type': 'vpc' };

/** The entity fields the sync needs; the rest is never fetched. */
export const VPC_ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'metadata.title',
  'spec.type',
  'spec.owner',
];

const REF_BATCH = 500;

/** How an entity's VPC annotations are checked and resolved. */
export interface VpcResolver {
  resolve(entity: Entity): ResolvedVpc | undefined;
  annotationProblem(entity: Entity): string | undefined;
}

/** The catalog's VPC entities sorted by what the sync can do with them. */
export interface LocatedEntities {
  /** Entities whose VPC can be read. */
  locations: VpcEntityLocation[];
  withoutRegion: SyncRunResult['withoutRegion'];
  invalid: SyncRunResult['invalid'];
  /** Refs of every entity that still names a VPC. */
  stillVpcs: Set<string>;
}

function scopeKey(region: string, accountId: string | undefined): string {
  return `${accountId ?? ''}|${region}`;
}

/** Every entity the scheduled sync covers, read with the plugin's credentials. */
export async function readVpcEntities(options: {
  catalog: CatalogService;
  auth: AuthService;
  inventory: EndpointInventoryStore;
}): Promise<Entity[]> {
  const { catalog, auth, inventory } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const entities: Entity[] = [];
  const seen = new Set<string>();
  for await (const page of catalog.streamEntities(
    { filter: VPC_ENTITY_FILTER, fields: VPC_ENTITY_FIELDS },
    { credentials },
  )) {
    for (const entity of page) {
      entities.push(entity);
      seen.add(stringifyEntityRef(entity));
    }
  }

  // Entities of other kinds that name a VPC get tracked when the card asks
  // for them; keep them in the scheduled sync while they still exist.
  const others = (await inventory.listEntityRefs()).filter(
    ref => !seen.has(ref),
  );
  for (let i = 0; i < others.length; i += REF_BATCH) {
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: others.slice(i, i + REF_BATCH),
        fields: VPC_ENTITY_FIELDS,
      },
      { credentials },
    );
    for (const entity of items) {
      if (entity) {
        entities.push(entity);
      }
    }
  }
  return entities;
}

/** Where each entity's VPC lives, or why it cannot be read. */
export function locateVpcEntities(
  entities: Entity[],
  vpcs: VpcResolver,
): LocatedEntities {
  const locations: VpcEntityLocation[] = [];
  const withoutRegion: string[] = [];
  const invalid: SyncRunResult['invalid'] = [];
  const stillVpcs = new Set<string>();
  for (const entity of entities) {
    const entityRef = stringifyEntityRef(entity);
    if (!readVpcLocator(entity)) {
      continue;
    }
    stillVpcs.add(entityRef);
    const problem = vpcs.annotationProblem(entity);
    if (problem) {
      invalid.push({ entityRef, problem });
      continue;
    }
    const vpc = vpcs.resolve(entity);
    if (!vpc) {
      withoutRegion.push(entityRef);
      continue;
    }
    locations.push({
      entityRef,
      vpcId: vpc.vpcId,
      region: vpc.region,
      accountId: vpc.accountId ?? null,
      ...entityLabels(entity),
    });
  }
  return { locations, withoutRegion, invalid, stillVpcs };
}

/** The VPCs to read, by account and region. */
export function groupIntoScopes(
  locations: VpcEntityLocation[],
): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  for (const l of locations) {
    const accountId = l.accountId ?? undefined;
    const key = scopeKey(l.region, accountId);
    const scope = scopes.get(key) ?? {
      region: l.region,
      accountId,
      vpcIds: new Set(),
    };
    scope.vpcIds.add(l.vpcId);
    scopes.set(key, scope);
  }
  return scopes;
}
