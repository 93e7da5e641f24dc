// Deciding whether the task's initiator may change the VPC an action names,
// and handing back the EC2 client for that VPC.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import { resolveVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { fromEntity, fromVpcId } from './locateVpc';
import {
  authorizeOnEntities,
  checkAllowLists,
  findEntitiesNamingVpc,
  hiddenFrom,
  ONBOARDING_TEMPLATE,
} from './vpcAccess';
import type {
  EksEndpointActionOptions,
  LocatedVpc,
  VpcInput,
} from './vpcInput';

/**
 * Settles which VPC an action works on and whether the initiator may make
 * the change, before any AWS call.
 *
 * The VPC comes from the `vpc` entity (read with the initiator's
 * credentials) or from `vpcId` + `region`. Either way, every catalog entity
 * that names the VPC must be one the initiator can read, and the permission
 * must allow the change on each of them; a raw `vpcId` that no entity names
 * is refused. The app-config allow-lists apply on top.
 */
export async function authorizeVpc(
  input: VpcInput,
  permission: ResourcePermission<'catalog-entity'>,
  credentials: BackstageCredentials,
  options: EksEndpointActionOptions,
): Promise<LocatedVpc> {
  if (input.vpc && input.vpcId) {
    throw new InputError(
      'Give either vpc (a catalog entity) or vpcId, not both: remove one of them.',
    );
  }
  if (!input.vpc && !input.vpcId) {
    throw new InputError(
      'Name the VPC: give vpc (a catalog entity ref such as resource:default/payments-vpc) or vpcId with region.',
    );
  }
  const given = input.vpc
    ? await fromEntity(input.vpc, input, options, credentials)
    : fromVpcId({ ...input, vpcId: input.vpcId! }, options.defaultRegion);
  checkAllowLists(given, options, given.field);

  const claimants = await findEntitiesNamingVpc(given, options);
  const place = `${given.region}${
    given.accountId ? ` (account ${given.accountId})` : ''
  }`;
  if (claimants.length === 0 && given.field === 'vpcId') {
    throw new InputError(
      `vpcId: no catalog entity names ${given.vpcId} in ${place}, so the portal can't tell who may change it. Onboard it first with the template ${ONBOARDING_TEMPLATE}, then pick its entity as vpc.`,
    );
  }
  const hidden = await hiddenFrom(
    claimants.map(entity => stringifyEntityRef(entity)),
    credentials,
    options.catalog,
  );
  if (hidden.length > 0) {
    throw new NotAllowedError(
      `${given.field}: ${given.vpcId} in ${place} is named by ${
        hidden.length === 1
          ? 'a catalog entity'
          : `${hidden.length} catalog entities`
      } you may not read, so you may not change it. Ask the VPC's owners to run this template.`,
    );
  }
  await authorizeOnEntities(
    permission,
    claimants,
    credentials,
    options.permissions,
  );

  if (given.field === 'vpc') {
    return given as LocatedVpc;
  }
  // A raw vpcId without accountId takes the account its entities agree on.
  const accounts = new Set(
    claimants
      .map(entity => resolveVpc(entity, options)?.accountId)
      .filter((a): a is string => a !== undefined),
  );
  const accountId =
    given.accountId ?? (accounts.size === 1 ? [...accounts][0] : undefined);
  return {
    ...given,
    ...(accountId ? { accountId } : {}),
    entityRef: stringifyEntityRef(claimants[0]),
  };
}

/**
 * {@link authorizeVpc} with the initiator of the task, then the EC2 client
 * of the VPC's account and region: what each endpoint action does first.
 */
export async function authorizedVpcClient(
  ctx: {
    input: VpcInput;
    getInitiatorCredentials(): Promise<BackstageCredentials>;
  },
  permission: ResourcePermission<'catalog-entity'>,
  options: EksEndpointActionOptions,
): Promise<{ vpc: LocatedVpc; client: EC2Client }> {
  const vpc = await authorizeVpc(
    ctx.input,
    permission,
    await ctx.getInitiatorCredentials(),
    options,
  );
  const client = await options.ec2ClientFactory.getClient({
    region: vpc.region,
    accountId: vpc.accountId,
  });
  return { vpc, client };
}
