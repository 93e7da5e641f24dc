// Locating the VPC an action names: from the `vpc` catalog entity or from
// `vpcId` + `region`, refusing malformed ids, regions and accounts.
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  isVpcEntity,
  validateAccountId,
  validateRegion,
  validateVpcId,
  type Refusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  EndpointRequestRefusedError,
  requireVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type {
  EksEndpointActionOptions,
  LocatedVpc,
  VpcInput,
} from './vpcInput';

/** Refuses a malformed VPC id, region or account, naming the form's fields. */
function checkVpcFields(
  vpc: { vpcId: string; region: string; accountId?: string },
  field: LocatedVpc['field'],
): void {
  const refusals = [
    { field, message: validateVpcId(vpc.vpcId, field) },
    { field: 'region', message: validateRegion(vpc.region, 'region') },
    {
      field: 'accountId',
      message:
        vpc.accountId === undefined
          ? undefined
          : validateAccountId(vpc.accountId, 'accountId'),
    },
  ].filter((r): r is Refusal => r.message !== undefined);
  if (refusals.length > 0) {
    throw new EndpointRequestRefusedError(refusals);
  }
}

export async function fromEntity(
  entityRef: string,
  input: VpcInput,
  options: Pick<EksEndpointActionOptions, 'catalog' | 'defaultRegion'>,
  credentials: BackstageCredentials,
): Promise<LocatedVpc> {
  const entity = await options.catalog.getEntityByRef(entityRef, {
    credentials,
  });
  if (!entity) {
    throw new InputError(
      `vpc: ${entityRef} is not in the catalog, or you may not read it. Pick the VPC entity with the form's picker.`,
    );
  }
  const ref = stringifyEntityRef(entity);
  if (!isVpcEntity(entity)) {
    throw new InputError(
      `vpc: ${ref} is not a VPC (kind Resource with spec.type vpc). Pick a VPC entity.`,
    );
  }
  let located;
  try {
    located = requireVpc(entity, {
      defaultRegion: input.region ?? options.defaultRegion,
    });
  } catch (error) {
    throw new InputError(`vpc: ${(error as Error).message}`);
  }
  const accountId = located.accountId ?? input.accountId;
  checkVpcFields({ ...located, accountId }, 'vpc');
  return {
    vpcId: located.vpcId,
    region: located.region,
    ...(accountId ? { accountId } : {}),
    field: 'vpc',
    entityRef: ref,
  };
}

export function fromVpcId(
  input: VpcInput & { vpcId: string },
  defaultRegion: string | undefined,
): Omit<LocatedVpc, 'entityRef'> {
  const region = input.region ?? defaultRegion;
  if (!region) {
    throw new InputError(
      `region is required with vpcId ${input.vpcId}: give the VPC's region (e.g. us-east-1), or set eksPrivateLink.defaultRegion in app-config.`,
    );
  }
  checkVpcFields({ ...input, region }, 'vpcId');
  return {
    vpcId: input.vpcId,
    region,
    ...(input.accountId ? { accountId: input.accountId } : {}),
    field: 'vpcId',
  };
}
