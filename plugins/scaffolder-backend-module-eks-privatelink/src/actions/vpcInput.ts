// The VPC part of the EKS endpoint actions' input: the options the actions
// take from the backend, the input fields that name the VPC, and the shape
// of a located VPC.
import type {
  AuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import {
  type EksRulesConfig,
  type PricingConfig,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  type Ec2ClientFactory,
  type EksPrivateLinkInventoryClient,
  type ProvisioningClock,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { type VpcAllowLists } from './vpcAccess';

/**
 * What the EKS endpoint actions need from the backend.
 *
 * @public
 */
export interface EksEndpointActionOptions extends VpcAllowLists {
  /** `getRoute53Client`, when given, lets the create check Route 53 private hosted zones. */
  ec2ClientFactory: Pick<Ec2ClientFactory, 'getClient'> &
    Partial<Pick<Ec2ClientFactory, 'getRoute53Client'>>;
  catalog: CatalogService;
  /** The inventory backend, asked to re-read a VPC after a change. */
  inventory: Pick<EksPrivateLinkInventoryClient, 'syncVpc'>;
  auth: AuthService;
  /** Decides, with the initiator's credentials, who may change which VPC. */
  permissions: Pick<PermissionsService, 'authorize'>;
  /** `eksPrivateLink.flowLogs.allowedDestinations`. */
  allowedFlowLogDestinations?: string[];
  /** `eksPrivateLink.defaultRegion`. */
  defaultRegion?: string;
  /** `eksPrivateLink.rules`. */
  rulesConfig?: EksRulesConfig;
  /** `eksPrivateLink.pricing`. */
  pricingConfig?: PricingConfig;
  /** Replaces the real clock when waiting; for tests. */
  clock?: Pick<ProvisioningClock, 'sleep' | 'now'>;
  /**
   * The backend's own log (not the task's): the full text of AWS errors,
   * role ARNs and encoded authorization messages included, goes here only.
   */
  logger?: LoggerService;
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
  /** The entity given as `vpc`, else the first entity that names the VPC. */
  entityRef: string;
}
