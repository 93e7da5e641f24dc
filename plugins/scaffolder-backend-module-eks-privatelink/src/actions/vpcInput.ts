import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import {
  isVpcEntity,
  type EksRulesConfig,
  type PricingConfig,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  requireVpc,
  type Ec2ClientFactory,
  type ProvisioningClock,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';

/**
 * What the EKS endpoint actions need from the backend.
 *
 * @public
 */
export interface EksEndpointActionOptions {
  ec2ClientFactory: Pick<Ec2ClientFactory, 'getClient'>;
  catalog: CatalogService;
  discovery: DiscoveryService;
  auth: AuthService;
  /** `eksPrivateLink.defaultRegion`. */
  defaultRegion?: string;
  /** `eksPrivateLink.rules`. */
  rulesConfig?: EksRulesConfig;
  /** `eksPrivateLink.pricing`. */
  pricingConfig?: PricingConfig;
  /** Replaces the real clock when waiting; for tests. */
  clock?: Pick<ProvisioningClock, 'sleep' | 'now'>;
}

// The zod that createTemplateAction hands to field builders, named through
// the scaffolder's own types: zod is not a dependency of this package (the
// scaffolder brings its own copy), so a type inferred from it could not be
// named in this package's declarations (TS2742).
type ActionInputSchema = Exclude<
  NonNullable<NonNullable<TemplateActionOptions['schema']>['input']>,
  (...args: never[]) => unknown
>;
type Zod = Parameters<ActionInputSchema[string]>[0];
type OptionalStringField = (
  z: Zod,
) => ReturnType<ReturnType<Zod['string']>['optional']>;

const optionalString =
  (description: string): OptionalStringField =>
  z =>
    z.string({ description }).optional();

/**
 * The input fields that name the VPC, shared by create and delete; spread
 * them into an action's `schema.input`.
 */
export const vpcInputFields = {
  vpc: optionalString(
    'The VPC as a catalog entity ref (kind Resource, spec.type vpc), as an EntityPicker gives it, e.g. resource:default/payments-vpc. Its annotations give the VPC id, region and account. Give this or vpcId.',
  ),
  vpcId: optionalString(
    'The VPC id, e.g. vpc-0a1b2c3d4e5f67890, when the VPC is not given as an entity. Needs region (or eksPrivateLink.defaultRegion).',
  ),
  region: optionalString(
    'The AWS region of vpcId, e.g. us-east-1. With vpc, used only when the entity names no region.',
  ),
  accountId: optionalString(
    "The 12-digit AWS account that owns the VPC; its credentials come from the backend's aws: config. Omitted: the entity's account, else the default credentials.",
  ),
};

/** The VPC fields of an action's input. */
export interface VpcInput {
  vpc?: string;
  vpcId?: string;
  region?: string;
  accountId?: string;
}

/** A located VPC and the input field it came from, for error messages. */
export interface LocatedVpc {
  vpcId: string;
  region: string;
  accountId?: string;
  /** `vpc` when resolved from an entity, else `vpcId`. */
  field: 'vpc' | 'vpcId';
  entityRef?: string;
}

/**
 * Settles which VPC an action works on: the entity's annotations when `vpc`
 * is given (read with the initiator's credentials, so a user cannot act on a
 * VPC they cannot see in the catalog), else `vpcId` + `region`.
 */
export async function locateVpc(
  input: VpcInput,
  options: Pick<EksEndpointActionOptions, 'catalog' | 'defaultRegion'>,
  credentials: () => Promise<BackstageCredentials>,
): Promise<LocatedVpc> {
  if (input.vpc && input.vpcId) {
    throw new InputError(
      'Give either vpc (a catalog entity) or vpcId, not both: remove one of them.',
    );
  }
  if (input.vpc) {
    const entity = await options.catalog.getEntityByRef(input.vpc, {
      credentials: await credentials(),
    });
    if (!entity) {
      throw new InputError(
        `vpc: ${input.vpc} is not in the catalog, or you may not read it. Pick the VPC entity with the form's picker.`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    if (!isVpcEntity(entity)) {
      throw new InputError(
        `vpc: ${entityRef} is not a VPC (kind Resource with spec.type vpc). Pick a VPC entity.`,
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
    return {
      vpcId: located.vpcId,
      region: located.region,
      ...(accountId ? { accountId } : {}),
      field: 'vpc',
      entityRef,
    };
  }
  if (!input.vpcId) {
    throw new InputError(
      'Name the VPC: give vpc (a catalog entity ref such as resource:default/payments-vpc) or vpcId with region.',
    );
  }
  const region = input.region ?? options.defaultRegion;
  if (!region) {
    throw new InputError(
      `region is required with vpcId ${input.vpcId}: give the VPC's region (e.g. us-east-1), or set eksPrivateLink.defaultRegion in app-config.`,
    );
  }
  return {
    vpcId: input.vpcId,
    region,
    ...(input.accountId ? { accountId: input.accountId } : {}),
    field: 'vpcId',
  };
}
