import { DescribeVpcsCommand, type Vpc } from '@aws-sdk/client-ec2';
import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  type Entity,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  eksPrivateLinkVpcOnboardPermission,
  validateAccountId,
  validateRegion,
  validateVpcId,
  type OnboardedVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  awsErrorCode,
  publicAwsMessage,
  isUnauthorized,
  type Ec2ClientFactory,
  type EksPrivateLinkInventoryClient,
  type ProvisioningClock,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { examples } from './onboardVpc.examples';
import {
  ONBOARDED_LOCATION,
  recordOnboardedVpc,
  waitForCatalog,
} from './onboardedVpcs';
import {
  checkAllowLists,
  findEntitiesNamingVpc,
  hiddenFrom,
  type VpcAllowLists,
} from './vpcAccess';

/** The id of the onboarding action. @public */
export const ONBOARD_VPC_ACTION_ID = 'aws:eks:privatelink:onboard-vpc';

const DEFAULT_CATALOG_TIMEOUT_SECONDS = 60;
// The eks-privatelink backend stores at most this much text per field.
const MAX_TITLE_LENGTH = 255;
const MAX_DESCRIPTION_LENGTH = 4000;

/**
 * What the onboarding and offboarding actions need from the backend.
 *
 * @public
 */
export interface OnboardVpcActionOptions extends VpcAllowLists {
  ec2ClientFactory: Pick<Ec2ClientFactory, 'getClient'>;
  /** The inventory backend, which keeps the onboarded VPCs. */
  inventory: Pick<
    EksPrivateLinkInventoryClient,
    'recordOnboardedVpc' | 'removeOnboardedVpc'
  >;
  auth: AuthService;
  /** Decides, with the initiator's credentials, who may onboard. */
  permissions: Pick<PermissionsService, 'authorize'>;
  /** The initiator's ownership refs, which an onboarded VPC's owner must be among. */
  userInfo: UserInfoService;
  /**
   * Finds the entities that already name a VPC, checks that owner and
   * system exist, and waits until the new entity can be read, so the task's
   * links and later steps find it.
   */
  catalog: Pick<
    CatalogService,
    'getEntityByRef' | 'getEntities' | 'getEntitiesByRefs'
  >;
  /** `eksPrivateLink.defaultRegion`, for input without a region. */
  defaultRegion?: string;
  /** `eksPrivateLink.onboarding.allowAnyOwner`: skip the owner rule. */
  allowAnyOwner?: boolean;
  /** Replaces the real clock while waiting for the catalog; for tests. */
  clock?: Pick<ProvisioningClock, 'sleep' | 'now'>;
}

/**
 * A catalog entity name from the VPC's `Name` tag: lower case, runs of other
 * characters as one dash, at most 63 characters, starting and ending with a
 * letter or digit. Falls back to the VPC id.
 */
function deriveEntityName(nameTag: string | undefined, vpcId: string): string {
  const slug = (nameTag ?? '')
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 63)
    .replace(/^-+|-+$/g, '');
  return slug || vpcId;
}

function tagValue(vpc: Vpc, key: string): string | undefined {
  return vpc.Tags?.find(tag => tag.Key === key)?.Value?.trim() || undefined;
}

function where(region: string, accountId: string | undefined): string {
  return `${region}${accountId ? ` (account ${accountId})` : ''}`;
}

/** The full, lower-case ref, or a message naming the field and the form. */
function normalizeRef(
  value: string,
  field: string,
  defaultKind: string,
  example: string,
): { ref: string } | { problem: string } {
  try {
    return {
      ref: stringifyEntityRef(
        parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
      ).toLocaleLowerCase('en-US'),
    };
  } catch (error) {
    return {
      problem: `${field} '${value}' is not an entity ref (${
        (error as Error).message
      }): use the form ${example}.`,
    };
  }
}

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
export function createOnboardVpcAction(options: OnboardVpcActionOptions) {
  const { ec2ClientFactory, auth, defaultRegion, catalog } = options;

  return createTemplateAction({
    id: ONBOARD_VPC_ACTION_ID,
    description:
      'Checks that a VPC exists in AWS and puts it into the catalog as a Resource of type vpc (owner, system, title from the input), through the EKS PrivateLink catalog module. Outputs the entity ref. Supports dry run.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        vpcId: z =>
          z.string({
            description:
              'The VPC id, e.g. vpc-0a1b2c3d4e5f67890. The action checks that it exists in the region.',
          }),
        region: z =>
          z
            .string({
              description:
                'The AWS region of the VPC, e.g. us-east-1. Default: eksPrivateLink.defaultRegion.',
            })
            .optional(),
        accountId: z =>
          z
            .string({
              description:
                "The 12-digit AWS account that owns the VPC; recorded as aws.amazon.com/account-id. The backend's aws: config must have credentials for it. Omitted: the default credentials.",
            })
            .optional(),
        name: z =>
          z
            .string({
              description:
                "The entity name (letters, digits, '-', '_', '.', at most 63). Default: derived from the VPC's Name tag, else the VPC id.",
            })
            .optional(),
        title: z =>
          z
            .string({
              description:
                "The entity's display title. Default: the VPC's Name tag.",
            })
            .optional(),
        description: z =>
          z.string({ description: "The entity's description." }).optional(),
        owner: z =>
          z.string({
            description:
              'The owner as an entity ref, e.g. group:default/platform-networking, as an OwnerPicker gives it.',
          }),
        system: z =>
          z
            .string({
              description:
                'The system the VPC belongs to, as an entity ref, e.g. system:default/eks-platform.',
            })
            .optional(),
        catalogTimeoutSeconds: z =>
          z
            .number({
              description:
                'How long to wait for the entity to appear in the catalog, so the next steps and the task page link find it. 0 = do not wait. Default: 60.',
            })
            .int()
            .min(0)
            .max(600)
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({
            description:
              'The ref of the VPC entity, e.g. resource:default/payments-vpc',
          }),
        vpcId: z => z.string({ description: 'The VPC id' }),
        region: z => z.string({ description: 'The AWS region of the VPC' }),
        vpcConsoleUrl: z =>
          z.string({ description: 'The VPC in the AWS console' }),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      // A form sends optional text fields it left empty as '', not absent.
      const region = input.region?.trim() || defaultRegion;
      const accountId = input.accountId?.trim() || undefined;
      const title = input.title?.trim() || undefined;
      const description = input.description?.trim() || undefined;
      const systemInput = input.system?.trim() || undefined;
      const nameInput = input.name?.trim() || undefined;
      const owner = input.owner?.trim()
        ? normalizeRef(
            input.owner.trim(),
            'owner',
            'group',
            'group:default/platform-networking',
          )
        : {
            problem:
              'owner is empty: give the owning group or user, such as group:default/platform-networking.',
          };
      const system =
        systemInput === undefined
          ? undefined
          : normalizeRef(
              systemInput,
              'system',
              'system',
              'system:default/eks-platform',
            );

      const problems = [
        validateVpcId(input.vpcId, 'vpcId'),
        region === undefined
          ? 'region is empty and eksPrivateLink.defaultRegion is not set: give the AWS region of the VPC, such as us-east-1.'
          : validateRegion(region, 'region'),
        accountId === undefined
          ? undefined
          : validateAccountId(accountId, 'accountId'),
        nameInput !== undefined &&
        !KubernetesValidatorFunctions.isValidObjectName(nameInput)
          ? `name '${nameInput}' is not a valid entity name: use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit, such as payments-vpc.`
          : undefined,
        'problem' in owner ? owner.problem : undefined,
        system && 'problem' in system ? system.problem : undefined,
        title !== undefined && title.length > MAX_TITLE_LENGTH
          ? `title is ${title.length} characters; at most ${MAX_TITLE_LENGTH} are kept — shorten it.`
          : undefined,
        description !== undefined && description.length > MAX_DESCRIPTION_LENGTH
          ? `description is ${description.length} characters; at most ${MAX_DESCRIPTION_LENGTH} are kept — shorten it.`
          : undefined,
      ].filter((problem): problem is string => problem !== undefined);
      if (
        problems.length > 0 ||
        region === undefined ||
        !('ref' in owner) ||
        (system && !('ref' in system))
      ) {
        throw new InputError(problems.join(' '));
      }
      const vpcId = input.vpcId;
      const ownerRef = owner.ref;
      const systemRef = system && 'ref' in system ? system.ref : undefined;

      // Who may onboard what, decided before any AWS call.
      const credentials = await ctx.getInitiatorCredentials();
      await authorizeOnboarding(ownerRef, credentials, options);
      await requireInCatalog(ownerRef, 'owner', credentials, catalog);
      if (systemRef) {
        await requireInCatalog(systemRef, 'system', credentials, catalog);
      }
      checkAllowLists(
        { vpcId, region, ...(accountId ? { accountId } : {}) },
        options,
        'vpcId',
      );
      const claimants = await findEntitiesNamingVpc(
        { vpcId, region, ...(accountId ? { accountId } : {}) },
        options,
      );
      const rerun = claimants.find(
        entity =>
          entity.metadata.annotations?.[ANNOTATION_LOCATION] ===
            ONBOARDED_LOCATION &&
          String(entity.spec?.owner).toLocaleLowerCase('en-US') === ownerRef &&
          (nameInput === undefined || entity.metadata.name === nameInput),
      );
      const vpcConsoleUrl = `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#VpcDetails:VpcId=${vpcId}`;
      const outputs = (entityRef: string) => {
        ctx.output('entityRef', entityRef);
        ctx.output('vpcId', vpcId);
        ctx.output('region', region);
        ctx.output('vpcConsoleUrl', vpcConsoleUrl);
      };
      if (rerun && claimants.length === 1) {
        const entityRef = stringifyEntityRef(rerun);
        logger.info(
          `${vpcId} is already onboarded as ${entityRef} with owner ${ownerRef}: nothing to change.`,
        );
        outputs(entityRef);
        return;
      }
      if (claimants.length > 0) {
        throw await alreadyNamed(vpcId, claimants, credentials, catalog);
      }

      const client = await ec2ClientFactory.getClient({ region, accountId });
      let vpc: Vpc | undefined;
      try {
        const response = await client.send(
          new DescribeVpcsCommand({ VpcIds: [vpcId] }),
          { abortSignal: ctx.signal },
        );
        vpc = response.Vpcs?.find(candidate => candidate.VpcId === vpcId);
      } catch (error) {
        if (awsErrorCode(error) !== 'InvalidVpcID.NotFound') {
          if (isUnauthorized(error)) {
            throw new Error(
              `vpcId: the AWS credentials for ${where(
                region,
                accountId,
              )} may not call ec2:DescribeVpcs (${publicAwsMessage(
                error,
              )}). Allow ec2:DescribeVpcs for the backend's role, or give the accountId whose aws: config can.`,
            );
          }
          throw new Error(
            `vpcId: could not check ${vpcId} in ${where(
              region,
              accountId,
            )}: ${publicAwsMessage(error)}`,
          );
        }
      }
      if (!vpc) {
        throw new InputError(
          `vpcId: ${vpcId} was not found in ${where(
            region,
            accountId,
          )}. Check the VPC id and the region it lives in${
            accountId ? '' : ', and give accountId if another account owns it'
          }.`,
        );
      }

      const nameTag = tagValue(vpc, 'Name');
      const name = nameInput ?? deriveEntityName(nameTag, vpcId);
      const entityRef = stringifyEntityRef({
        kind: 'resource',
        namespace: 'default',
        name,
      });
      logger.info(
        `Found ${vpcId} in ${where(region, accountId)}${
          nameTag ? ` (Name: ${nameTag})` : ''
        }${vpc.OwnerId ? `, owned by account ${vpc.OwnerId}` : ''}, CIDR ${
          vpc.CidrBlock ?? 'unknown'
        }`,
      );
      const taken = await catalog.getEntityByRef(entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      if (taken) {
        throw new InputError(
          `name: ${entityRef} already exists in the catalog; choose another name for ${vpcId}.`,
        );
      }

      const record: Omit<OnboardedVpc, 'createdAt'> = {
        vpcId,
        region,
        accountId: accountId ?? null,
        name,
        title: title ?? nameTag ?? null,
        description: description ?? null,
        owner: ownerRef,
        system: systemRef ?? null,
      };
      outputs(entityRef);
      if (ctx.isDryRun) {
        logger.info(
          `[dry run] Would record ${vpcId} as ${entityRef}: ${JSON.stringify(
            record,
          )}`,
        );
        return;
      }

      await ctx.checkpoint({
        key: `eks-privatelink.onboard-vpc.${region}.${vpcId}`,
        fn: async () => {
          await recordOnboardedVpc(options.inventory, record);
        },
      });
      logger.info(`Recorded ${vpcId} as ${entityRef}`);
      await waitForCatalog(options, {
        entityRef,
        want: 'present',
        timeoutSeconds:
          input.catalogTimeoutSeconds ?? DEFAULT_CATALOG_TIMEOUT_SECONDS,
        logger,
        signal: ctx.signal,
      });
    },
  });
}
