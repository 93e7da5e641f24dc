import { DescribeVpcsCommand, type Vpc } from '@aws-sdk/client-ec2';
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  readVpcLocator,
  validateAccountId,
  validateRegion,
  validateVpcId,
  type OnboardedVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  awsErrorCode,
  awsErrorMessage,
  isUnauthorized,
  type Ec2ClientFactory,
  type ProvisioningClock,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { examples } from './onboardVpc.examples';

/** The id of the onboarding action. @public */
export const ONBOARD_VPC_ACTION_ID = 'aws:eks:privatelink:onboard-vpc';

/** Where the catalog module of this project emits onboarded VPCs from. */
const ONBOARDED_LOCATION = 'eks-privatelink:onboarded';
const DEFAULT_CATALOG_TIMEOUT_SECONDS = 60;
const CATALOG_POLL_INTERVAL_MS = 2_000;
const BACKEND_TIMEOUT_MS = 15_000;
// The eks-privatelink backend stores at most this much text per field.
const MAX_TITLE_LENGTH = 255;
const MAX_DESCRIPTION_LENGTH = 4000;

/**
 * What the onboarding action needs from the backend.
 *
 * @public
 */
export interface OnboardVpcActionOptions {
  ec2ClientFactory: Pick<Ec2ClientFactory, 'getClient'>;
  discovery: DiscoveryService;
  auth: AuthService;
  /** `eksPrivateLink.defaultRegion`, for input without a region. */
  defaultRegion?: string;
  /**
   * With the catalog, the action refuses a name that another VPC already
   * uses, and waits until the new entity can be read, so the task's links
   * and later steps find it. Without it, the entity appears after the
   * catalog module's next poll.
   */
  catalog?: Pick<CatalogService, 'getEntityByRef'>;
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

function checkRef(
  value: string,
  field: string,
  defaultKind: string,
  example: string,
): string | undefined {
  try {
    parseEntityRef(value, { defaultKind, defaultNamespace: 'default' });
    return undefined;
  } catch (error) {
    return `${field} '${value}' is not an entity ref (${
      (error as Error).message
    }): use the form ${example}.`;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('The task was cancelled'));
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Error('The task was cancelled'));
      },
      { once: true },
    );
  });

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
  const { ec2ClientFactory, discovery, auth, defaultRegion, catalog } = options;
  const clockSleep = options.clock?.sleep ?? sleep;
  const now = options.clock?.now ?? Date.now;

  async function postOnboardedVpc(
    record: Omit<OnboardedVpc, 'createdAt'>,
  ): Promise<void> {
    const baseUrl = await discovery.getBaseUrl('eks-privatelink');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'eks-privatelink',
    });
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/onboarded-vpcs`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(record),
        signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Error(
        `Could not reach the eks-privatelink backend at ${baseUrl} to record ${
          record.vpcId
        }: ${
          (error as Error).message
        }. Check that the backend plugin @eks-privatelink/backstage-plugin-eks-privatelink-backend is installed and running, then run the task again.`,
      );
    }
    if (!response.ok) {
      const text = await response.text();
      let message = text.slice(0, 500);
      try {
        message = JSON.parse(text)?.error?.message ?? message;
      } catch {
        // Not JSON: keep the text as it came.
      }
      throw new Error(
        `The eks-privatelink backend did not record ${record.vpcId} (HTTP ${response.status}): ${message}`,
      );
    }
  }

  async function waitForEntity(
    entityRef: string,
    timeoutSeconds: number,
    logger: LoggerService,
    signal?: AbortSignal,
  ): Promise<void> {
    if (!catalog || timeoutSeconds <= 0) {
      return;
    }
    const credentials = await auth.getOwnServiceCredentials();
    const deadline = now() + timeoutSeconds * 1000;
    for (;;) {
      if (await catalog.getEntityByRef(entityRef, { credentials })) {
        logger.info(`${entityRef} is in the catalog`);
        return;
      }
      if (now() >= deadline) {
        logger.warn(
          `${entityRef} is not in the catalog after ${timeoutSeconds} s. The VPC is recorded; the entity appears after the next poll of the catalog module (eksPrivateLink.onboarding.refreshInterval). Check that @eks-privatelink/backstage-plugin-catalog-backend-module-eks-privatelink is installed in the backend.`,
        );
        return;
      }
      await clockSleep(CATALOG_POLL_INTERVAL_MS, signal);
    }
  }

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
      const system = input.system?.trim() || undefined;
      const nameInput = input.name?.trim() || undefined;

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
        input.owner?.trim()
          ? checkRef(
              input.owner,
              'owner',
              'group',
              'group:default/platform-networking',
            )
          : 'owner is empty: give the owning group or user, such as group:default/platform-networking.',
        system === undefined
          ? undefined
          : checkRef(system, 'system', 'system', 'system:default/eks-platform'),
        title !== undefined && title.length > MAX_TITLE_LENGTH
          ? `title is ${title.length} characters; at most ${MAX_TITLE_LENGTH} are kept — shorten it.`
          : undefined,
        description !== undefined && description.length > MAX_DESCRIPTION_LENGTH
          ? `description is ${description.length} characters; at most ${MAX_DESCRIPTION_LENGTH} are kept — shorten it.`
          : undefined,
      ].filter((problem): problem is string => problem !== undefined);
      if (problems.length > 0 || region === undefined) {
        throw new InputError(problems.join(' '));
      }
      const vpcId = input.vpcId;

      const client = await ec2ClientFactory.getClient({ region, accountId });
      let vpc: Vpc | undefined;
      try {
        const response = await client.send(
          new DescribeVpcsCommand({ VpcIds: [vpcId] }),
        );
        vpc = response.Vpcs?.find(candidate => candidate.VpcId === vpcId);
      } catch (error) {
        if (awsErrorCode(error) !== 'InvalidVpcID.NotFound') {
          if (isUnauthorized(error)) {
            throw new Error(
              `vpcId: the AWS credentials for ${where(
                region,
                accountId,
              )} may not call ec2:DescribeVpcs (${awsErrorMessage(
                error,
              )}). Allow ec2:DescribeVpcs for the backend's role, or give the accountId whose aws: config can.`,
            );
          }
          throw new Error(
            `vpcId: could not check ${vpcId} in ${where(
              region,
              accountId,
            )}: ${awsErrorMessage(error)}`,
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
      const record: Omit<OnboardedVpc, 'createdAt'> = {
        vpcId,
        region,
        accountId: accountId ?? null,
        name,
        title: title ?? nameTag ?? null,
        description: description ?? null,
        owner: input.owner.trim(),
        system: system ?? null,
      };
      logger.info(
        `Found ${vpcId} in ${where(region, accountId)}${
          nameTag ? ` (Name: ${nameTag})` : ''
        }${vpc.OwnerId ? `, owned by account ${vpc.OwnerId}` : ''}, CIDR ${
          vpc.CidrBlock ?? 'unknown'
        }`,
      );

      let alreadyInCatalog = false;
      if (catalog) {
        const existing = await catalog.getEntityByRef(entityRef, {
          credentials: await auth.getOwnServiceCredentials(),
        });
        if (existing) {
          const existingVpc = readVpcLocator(existing)?.vpcId;
          const location =
            existing.metadata.annotations?.[ANNOTATION_LOCATION] ?? 'unknown';
          if (existingVpc !== vpcId) {
            throw new InputError(
              `name: ${entityRef} already exists in the catalog${
                existingVpc ? ` for ${existingVpc}` : ''
              } (from ${location}); choose another name for ${vpcId}.`,
            );
          }
          alreadyInCatalog = location !== ONBOARDED_LOCATION;
          if (alreadyInCatalog) {
            logger.info(
              `${entityRef} already describes ${vpcId} in the catalog (from ${location}); nothing to record.`,
            );
          }
        }
      }

      const vpcConsoleUrl = `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#VpcDetails:VpcId=${vpcId}`;
      ctx.output('entityRef', entityRef);
      ctx.output('vpcId', vpcId);
      ctx.output('region', region);
      ctx.output('vpcConsoleUrl', vpcConsoleUrl);

      if (ctx.isDryRun) {
        logger.info(
          `[dry run] Would record ${vpcId} as ${entityRef}: ${JSON.stringify(
            record,
          )}`,
        );
        return;
      }
      if (alreadyInCatalog) {
        return;
      }

      await ctx.checkpoint({
        key: `eks-privatelink.onboard-vpc.${region}.${vpcId}`,
        fn: async () => {
          await postOnboardedVpc(record);
        },
      });
      logger.info(`Recorded ${vpcId} as ${entityRef}`);
      await waitForEntity(
        entityRef,
        input.catalogTimeoutSeconds ?? DEFAULT_CATALOG_TIMEOUT_SECONDS,
        logger,
        ctx.signal,
      );
    },
  });
}
