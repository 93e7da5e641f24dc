import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { EKS_ANNOTATIONS } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  resolveVpc,
  vpcEntityFilter,
  type ResolvedVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';

/** The template that brings a VPC into the catalog. */
export const ONBOARDING_TEMPLATE =
  '"Onboard a VPC" (template:default/onboard-vpc)';

// Enough of an entity to resolve its VPC and name its owner.
const CLAIM_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
];
const VISIBILITY_FIELDS = ['kind', 'metadata.namespace', 'metadata.name'];

/**
 * The allow-lists of app-config that bound what the actions may change.
 *
 * @public
 */
export interface VpcAllowLists {
  /** `eksPrivateLink.allowedAccounts`. */
  allowedAccounts?: string[];
  /** `eksPrivateLink.allowedRegions`. */
  allowedRegions?: string[];
}

/** What the access checks need from the backend. */
export interface VpcAccessDeps extends VpcAllowLists {
  catalog: Pick<CatalogService, 'getEntities' | 'getEntitiesByRefs'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  permissions: Pick<PermissionsService, 'authorize'>;
  defaultRegion?: string;
}

function sameVpc(a: ResolvedVpc, b: ResolvedVpc): boolean {
  // An entity without an account annotation works with the default
  // credentials, whose account is not known here: such a claim counts for
  // every account, so it is checked rather than overlooked.
  return (
    a.vpcId === b.vpcId &&
    a.region === b.region &&
    (!a.accountId || !b.accountId || a.accountId === b.accountId)
  );
}

/**
 * Every catalog entity that names the VPC (account, region and id), in any
 * of the annotation forms of the catalog contract. Read with the plugin's
 * own credentials, so that entities the initiator cannot see count too: a
 * user must not get around a VPC's owner by registering a second entity that
 * names the same VPC.
 */
export async function findEntitiesNamingVpc(
  vpc: ResolvedVpc,
  deps: Pick<VpcAccessDeps, 'catalog' | 'auth' | 'defaultRegion'>,
): Promise<Entity[]> {
  const { items } = await deps.catalog.getEntities(
    {
      filter: vpcEntityFilter(vpc),
      fields: CLAIM_FIELDS,
    },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  return items.filter(entity => {
    const named = resolveVpc(entity, { defaultRegion: deps.defaultRegion });
    return named !== undefined && sameVpc(named, vpc);
  });
}

/** The refs of the entities that the caller can't read, in the order given. */
export async function hiddenFrom(
  entityRefs: string[],
  credentials: BackstageCredentials,
  catalog: Pick<CatalogService, 'getEntitiesByRefs'>,
): Promise<string[]> {
  if (entityRefs.length === 0) {
    return [];
  }
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs, fields: VISIBILITY_FIELDS },
    { credentials },
  );
  return entityRefs.filter((_, i) => !items[i]);
}

/**
 * Refuses a VPC outside `eksPrivateLink.allowedAccounts` or
 * `eksPrivateLink.allowedRegions`, naming the setting.
 */
export function checkAllowLists(
  vpc: ResolvedVpc,
  lists: VpcAllowLists,
  where: string,
): void {
  const { allowedAccounts, allowedRegions } = lists;
  if (allowedRegions && !allowedRegions.includes(vpc.region)) {
    throw new InputError(
      `${where}: ${vpc.vpcId} is in ${
        vpc.region
      }, which eksPrivateLink.allowedRegions (${
        allowedRegions.join(', ') || 'empty'
      }) does not list. Pick a VPC in an allowed region, or ask the portal's administrators to add ${
        vpc.region
      } to eksPrivateLink.allowedRegions.`,
    );
  }
  if (allowedAccounts && !vpc.accountId) {
    throw new InputError(
      `${where}: ${vpc.vpcId} names no AWS account, and eksPrivateLink.allowedAccounts is set, so the portal can't tell whether the account is allowed. Give the account: the annotation ${EKS_ANNOTATIONS.accountId} on the VPC entity, or the accountId input.`,
    );
  }
  if (
    allowedAccounts &&
    vpc.accountId &&
    !allowedAccounts.includes(vpc.accountId)
  ) {
    throw new InputError(
      `${where}: ${vpc.vpcId} is in account ${vpc.accountId}, which eksPrivateLink.allowedAccounts does not list. Pick a VPC of an allowed account, or ask the portal's administrators to add ${vpc.accountId} to eksPrivateLink.allowedAccounts.`,
    );
  }
}

function ownerOf(entity: Entity): string {
  const owner = entity.spec?.owner;
  return typeof owner === 'string' && owner ? owner : 'not set';
}

/**
 * Asks the permission framework, with the initiator's credentials, whether
 * the change may be made to each entity; throws a `NotAllowedError` naming
 * the permission, the entity and its owner at the first denial.
 */
export async function authorizeOnEntities(
  permission: ResourcePermission<'catalog-entity'>,
  entities: Entity[],
  credentials: BackstageCredentials,
  permissions: Pick<PermissionsService, 'authorize'>,
): Promise<void> {
  const refs = entities.map(entity => stringifyEntityRef(entity));
  const decisions = await permissions.authorize(
    refs.map(resourceRef => ({ permission, resourceRef })),
    { credentials },
  );
  const denied = decisions.findIndex(d => d.result !== AuthorizeResult.ALLOW);
  if (denied >= 0) {
    throw new NotAllowedError(
      `You may not make this change to ${refs[denied]}: the permission ${
        permission.name
      } was denied. Its owner (${ownerOf(
        entities[denied],
      )}) or the portal's administrators can run this template for it.`,
    );
  }
}
