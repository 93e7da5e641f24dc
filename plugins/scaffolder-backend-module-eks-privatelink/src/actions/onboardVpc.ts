import type {
  AuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { OnboardedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type {
  Ec2ClientFactory,
  EksPrivateLinkInventoryClient,
  ProvisioningClock,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import {
  deriveEntityName,
  describeVpcToOnboard,
  tagValue,
  where,
} from './describeVpcToOnboard';
import { parseOnboardingInput } from './onboardingInput';
import { checkOnboarding } from './onboardingRules';
import { examples } from './onboardVpc.examples';
import { recordOnboardedVpc, waitForCatalog } from './onboardedVpcs';
import type { VpcAllowLists } from './vpcAccess';

/** The id of the onboarding action. @public */
export const ONBOARD_VPC_ACTION_ID = 'aws:eks:privatelink:onboard-vpc';

const DEFAULT_CATALOG_TIMEOUT_SECONDS = 60;

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
      const request = parseOnboardingInput(input, defaultRegion);
      const { vpcId, region, accountId } = request;
      const outputs = (entityRef: string) => {
        ctx.output('entityRef', entityRef);
        ctx.output('vpcId', vpcId);
        ctx.output('region', region);
        ctx.output(
          'vpcConsoleUrl',
          `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#VpcDetails:VpcId=${vpcId}`,
        );
      };

      const credentials = await ctx.getInitiatorCredentials();
      const rerun = await checkOnboarding(request, credentials, options);
      if (rerun) {
        const entityRef = stringifyEntityRef(rerun);
        logger.info(
          `${vpcId} is already onboarded as ${entityRef} with owner ${request.ownerRef}: nothing to change.`,
        );
        outputs(entityRef);
        return;
      }

      const client = await ec2ClientFactory.getClient({ region, accountId });
      const vpc = await describeVpcToOnboard(client, request, ctx.signal);
      const nameTag = tagValue(vpc, 'Name');
      const name = request.name ?? deriveEntityName(nameTag, vpcId);
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
        title: request.title ?? nameTag ?? null,
        description: request.description ?? null,
        owner: request.ownerRef,
        system: request.systemRef ?? null,
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
