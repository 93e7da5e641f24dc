import type { EC2Client } from '@aws-sdk/client-ec2';
import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { TemplateActionOptions } from '@backstage/plugin-scaffolder-node';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  isVpcEntity,
  validateAccountId,
  validateRegion,
  validateVpcId,
  type EksRulesConfig,
  type PricingConfig,
  type Refusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  awsErrorMessage,
  EndpointRequestRefusedError,
  redactAwsText,
  requireVpc,
  resolveVpc,
  type Ec2ClientFactory,
  type EksPrivateLinkInventoryClient,
  type ProvisioningClock,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import {
  authorizeOnEntities,
  checkAllowLists,
  findEntitiesNamingVpc,
  hiddenFrom,
  ONBOARDING_TEMPLATE,
  type VpcAllowLists,
} from './vpcAccess';

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

async function fromEntity(
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

function fromVpcId(
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

/** An error's text and that of its causes, as AWS gave them. */
function fullText(error: unknown): string {
  const texts: string[] = [];
  for (
    let e: unknown = error;
    e !== undefined && texts.length < 5;
    e = (e as { cause?: unknown }).cause
  ) {
    texts.push(awsErrorMessage(e));
  }
  return texts.join(' <- caused by: ');
}

/**
 * Runs the AWS part of an action so that the task log and the error the
 * user sees carry no raw AWS text that names the backend's role or holds an
 * encoded authorization message: that text goes to the backend log at warn,
 * and the error is shown redacted, with its short reason and fix.
 */
export async function withAwsTextInBackendLog<T>(
  logger: LoggerService | undefined,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Error) {
      const full = fullText(error);
      const redacted = redactAwsText(error.message);
      if (redacted !== error.message || redactAwsText(full) !== full) {
        logger?.warn(`${what} failed; AWS said: ${full}`);
      }
      error.message = redacted;
      error.stack = error.stack && redactAwsText(error.stack);
    }
    throw error;
  }
}

/**
 * Runs the AWS part of an action. The AWS layer refuses a VPC under its own
 * field, `vpcId`; when the VPC came from the `vpc` entity, the form's field
 * is `vpc` and the fix lies in the entity's annotations.
 */
export async function inFormWords<T>(
  vpc: LocatedVpc,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (
      vpc.field === 'vpcId' ||
      !(error instanceof EndpointRequestRefusedError)
    ) {
      throw error;
    }
    throw new EndpointRequestRefusedError(
      error.refusals.map(refusal =>
        refusal.field === 'vpcId'
          ? {
              ...refusal,
              field: 'vpc',
              message: `vpc: ${refusal.message.replace(
                /^vpcId: /,
                '',
              )} They come from the aws.amazon.com/vpc-id and aws.amazon.com/region annotations of ${
                vpc.entityRef
              }.`,
            }
          : refusal,
      ),
      error.cause,
    );
  }
}

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
