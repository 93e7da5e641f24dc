import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { eksPrivateLinkVpcOnboardPermission } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { OnboardingRequest } from './onboardingInput';
import type { OnboardVpcActionOptions } from './onboardVpc';
import { ONBOARDED_LOCATION } from './onboardedVpcs';
import {
  checkAllowLists,
  findEntitiesNamingVpc,
  hiddenFrom,
} from './vpcAccess';

/**
 * Throws unless the initiator may onboard VPCs, and may give this owner:
 * one of their own ownership refs unless `allowAnyOwner`.
 */
async function authorizeOnboarding(
  ownerRef: string,
  credentials: BackstageCredentials,
  options: OnboardVpcActionOptions,
): Promise<void> {
  const [decision] = await options.permissions.authorize(
    [{ permission: eksPrivateLinkVpcOnboardPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You may not onboard VPCs: the permission ${eksPrivateLinkVpcOnboardPermission.name} was denied. Ask the portal's administrators.`,
    );
  }
  if (options.allowAnyOwner) {
    return;
  }
  const ownership = options.auth.isPrincipal(credentials, 'user')
    ? (await options.userInfo.getUserInfo(credentials)).ownershipEntityRefs
    : [];
  const mine = ownership.map(ref => ref.toLocaleLowerCase('en-US'));
  if (!mine.includes(ownerRef)) {
    throw new NotAllowedError(
      `owner: ${ownerRef} is neither you nor a group you belong to${
        mine.length ? ` (${mine.join(', ')})` : ''
      }, and a VPC can only be onboarded for its owners. Pick one of those as owner, or ask a member of ${ownerRef} to onboard it.`,
    );
  }
}

/** Throws unless the ref is an entity the initiator can read. */
async function requireInCatalog(
  ref: string,
  field: string,
  credentials: BackstageCredentials,
  catalog: OnboardVpcActionOptions['catalog'],
): Promise<void> {
  if (!(await catalog.getEntityByRef(ref, { credentials }))) {
    throw new InputError(
      `${field}: ${ref} is not in the catalog (or you may not read it). Pick an existing ${field} with the form's picker.`,
    );
  }
}

/** How an entity that already names the VPC is reported. */
async function alreadyNamed(
  vpcId: string,
  claimants: Entity[],
  credentials: BackstageCredentials,
  catalog: OnboardVpcActionOptions['catalog'],
): Promise<InputError> {
  const refs = claimants.map(entity => stringifyEntityRef(entity));
  const hidden = new Set(await hiddenFrom(refs, credentials, catalog));
  const visible = claimants.filter((_, i) => !hidden.has(refs[i]));
  if (visible.length === 0) {
    return new InputError(
      `vpcId: ${vpcId} is already in the catalog, under an entity you may not read. Ask the portal's administrators who owns it.`,
    );
  }
  const [entity] = visible;
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  return new InputError(
    `vpcId: ${vpcId} is already in the catalog as ${stringifyEntityRef(
      entity,
    )} (owner ${String(entity.spec?.owner ?? 'not set')}${
      location ? `, from ${location}` : ''
    }). Open that entity instead of onboarding the VPC again; its owner can run the endpoint template on it.`,
  );
}

/**
 * The `aws:eks:privatelink:onboard-vpc` action: checks that a VPC exists in
 * AWS and records it with the eks-privatelink backend, whose catalog module
 * then emits it as a `Resource` entity of type `vpc` with the VPC id, region
 * and account annotations and the owner, system and title given here.
 * Outputs the entity ref. A dry run checks the VPC and records nothing.
 *
 * @public
 */
/**
 * Who may onboard what, decided before any AWS call: the permission, the
 * owner, the catalog's owner and system, the allow-lists, and the entities
 * that already name the VPC. Returns the entity of an earlier onboarding of
 * the same VPC with the same owner (and name, when given), which makes this
 * run a no-op; throws for anything else that names the VPC.
 */
export async function checkOnboarding(
  request: OnboardingRequest,
  credentials: BackstageCredentials,
  options: OnboardVpcActionOptions,
): Promise<Entity | undefined> {
  const { vpcId, region, accountId, ownerRef, systemRef, name } = request;
  await authorizeOnboarding(ownerRef, credentials, options);
  await requireInCatalog(ownerRef, 'owner', credentials, options.catalog);
  if (systemRef) {
    await requireInCatalog(systemRef, 'system', credentials, options.catalog);
  }
  const vpc = { vpcId, region, ...(accountId ? { accountId } : {}) };
  checkAllowLists(vpc, options, 'vpcId');
  const claimants = await findEntitiesNamingVpc(vpc, options);
  const rerun = claimants.find(
    entity =>
      entity.metadata.annotations?.[ANNOTATION_LOCATION] ===
        ONBOARDED_LOCATION &&
      String(entity.spec?.owner).toLocaleLowerCase('en-US') === ownerRef &&
      (name === undefined || entity.metadata.name === name),
  );
  if (rerun && claimants.length === 1) {
    return rerun;
  }
  if (claimants.length > 0) {
    throw await alreadyNamed(vpcId, claimants, credentials, options.catalog);
  }
  return undefined;
}
