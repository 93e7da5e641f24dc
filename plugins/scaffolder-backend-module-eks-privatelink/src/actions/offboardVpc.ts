import {
  paginateDescribeVpcEndpoints,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  ANNOTATION_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { eksPrivateLinkVpcOnboardPermission } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  publicAwsMessage,
  requireVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { examples } from './offboardVpc.examples';
import type { OnboardVpcActionOptions } from './onboardVpc';
import {
  ONBOARDED_LOCATION,
  removeOnboardedVpc,
  waitForCatalog,
} from './onboardedVpcs';

/** The id of the offboarding action. @public */
export const OFFBOARD_VPC_ACTION_ID = 'aws:eks:privatelink:offboard-vpc';

const DEFAULT_CATALOG_TIMEOUT_SECONDS = 60;

/** What the offboarding action needs; the same as onboarding's. @public */
export type OffboardVpcActionOptions = Omit<
  OnboardVpcActionOptions,
  'allowAnyOwner' | 'allowedAccounts' | 'allowedRegions'
>;

/** Ids of the endpoints in the VPC that carry the portal's managed-by tag. */
async function managedEndpointIds(
  client: EC2Client,
  vpcId: string,
  abortSignal: AbortSignal | undefined,
): Promise<string[]> {
  const ids: string[] = [];
  const pages = paginateDescribeVpcEndpoints(
    { client, stopOnSameToken: true },
    {
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: `tag:${MANAGED_BY_TAG}`, Values: [MANAGED_BY_VALUE] },
      ],
    },
    { abortSignal },
  );
  for await (const page of pages) {
    for (const endpoint of page.VpcEndpoints ?? []) {
      // EC2 lists a deleted endpoint for a while; its state's case varies.
      if (
        endpoint.VpcEndpointId &&
        endpoint.State?.toLowerCase() !== 'deleted'
      ) {
        ids.push(endpoint.VpcEndpointId);
      }
    }
  }
  return ids;
}

/**
 * The `aws:eks:privatelink:offboard-vpc` action: takes a VPC that
 * `aws:eks:privatelink:onboard-vpc` brought into the catalog out again.
 * Only its owners may, and only once the portal manages no endpoint in it.
 * AWS is read, never changed. A dry run checks and removes nothing.
 *
 * @public
 */
export function createOffboardVpcAction(options: OffboardVpcActionOptions) {
  const { catalog, permissions, userInfo, auth, ec2ClientFactory } = options;

  return createTemplateAction({
    id: OFFBOARD_VPC_ACTION_ID,
    description:
      'Takes an onboarded VPC out of the catalog. Owners only; refused while the portal still manages an endpoint in the VPC (run the delete template first). Changes nothing in AWS. Supports dry run.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        vpc: z =>
          z.string({
            description:
              'The onboarded VPC as a catalog entity ref, e.g. resource:default/payments-vpc, as an EntityPicker gives it.',
          }),
        catalogTimeoutSeconds: z =>
          z
            .number({
              description:
                'How long to wait for the entity to leave the catalog. 0 = do not wait. Default: 60.',
            })
            .int()
            .min(0)
            .max(600)
            .optional(),
      },
      output: {
        entityRef: z =>
          z.string({ description: 'The ref of the entity taken out' }),
        vpcId: z => z.string({ description: 'The VPC id' }),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const credentials = await ctx.getInitiatorCredentials();
      const [decision] = await permissions.authorize(
        [{ permission: eksPrivateLinkVpcOnboardPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You may not offboard VPCs: the permission ${eksPrivateLinkVpcOnboardPermission.name} was denied. Ask the portal's administrators.`,
        );
      }
      const entity = await catalog.getEntityByRef(input.vpc, { credentials });
      if (!entity) {
        throw new InputError(
          `vpc: ${input.vpc} is not in the catalog, or you may not read it. Pick the VPC with the form's picker.`,
        );
      }
      const entityRef = stringifyEntityRef(entity);
      const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
      if (location !== ONBOARDED_LOCATION) {
        throw new InputError(
          `vpc: ${entityRef} was not onboarded through the portal (it comes from ${
            location ?? 'an unknown location'
          }), so this template can't take it out. Remove it where it is defined.`,
        );
      }
      const owner = String(entity.spec?.owner ?? '').toLocaleLowerCase('en-US');
      const ownership = auth.isPrincipal(credentials, 'user')
        ? (await userInfo.getUserInfo(credentials)).ownershipEntityRefs
        : [];
      if (!ownership.some(ref => ref.toLocaleLowerCase('en-US') === owner)) {
        throw new NotAllowedError(
          `Only the owner of ${entityRef} (${
            owner || 'not set'
          }) may take it out of the catalog, and you are not it or a member of it.`,
        );
      }

      const vpc = requireVpc(entity, { defaultRegion: options.defaultRegion });
      const client = await ec2ClientFactory.getClient(vpc);
      let managed: string[];
      try {
        managed = await managedEndpointIds(client, vpc.vpcId, ctx.signal);
      } catch (error) {
        throw new Error(
          `Could not check ${
            vpc.vpcId
          } for endpoints the portal manages: ${publicAwsMessage(
            error,
          )}. Nothing was removed; run the task again once AWS answers.`,
        );
      }
      if (managed.length > 0) {
        throw new InputError(
          `vpc: the portal still manages ${managed.join(', ')} in ${
            vpc.vpcId
          }. Run the template "Remove the private path to the Amazon EKS API" on ${entityRef} first, then offboard it.`,
        );
      }

      ctx.output('entityRef', entityRef);
      ctx.output('vpcId', vpc.vpcId);
      const key = {
        vpcId: vpc.vpcId,
        region: vpc.region,
        accountId: vpc.accountId ?? null,
      };
      if (ctx.isDryRun) {
        logger.info(`[dry run] Would take ${entityRef} out of the catalog`);
        return;
      }
      await ctx.checkpoint({
        key: `eks-privatelink.offboard-vpc.${vpc.region}.${vpc.vpcId}`,
        fn: async () => {
          await removeOnboardedVpc(options.inventory, key);
        },
      });
      logger.info(`Removed the onboarding record of ${entityRef}`);
      await waitForCatalog(options, {
        entityRef,
        want: 'gone',
        timeoutSeconds:
          input.catalogTimeoutSeconds ?? DEFAULT_CATALOG_TIMEOUT_SECONDS,
        logger,
        signal: ctx.signal,
      });
    },
  });
}
