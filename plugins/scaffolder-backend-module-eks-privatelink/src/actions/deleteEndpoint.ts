import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  eksPrivateLinkEndpointDeletePermission,
  endpointServiceName,
  validateTimeoutSeconds,
  validateVpcEndpointId,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  deleteEksEndpoint,
  type Checkpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { authorizedVpcClient } from './authorizeVpc';
import { inFormWords, withAwsTextInBackendLog } from './awsErrorText';
import { examples } from './deleteEndpoint.examples';
import { requestInventorySync } from './requestInventorySync';
import {
  SERVICE_INPUT_DESCRIPTION,
  SERVICE_NAME_OUTPUT_DESCRIPTION,
  serviceOfInput,
  serviceWords,
} from './serviceInput';
import { vpcInputFields, type EksEndpointActionOptions } from './vpcInput';

/** The id of the delete action. @public */
export const DELETE_ENDPOINT_ACTION_ID = 'aws:eks:privatelink:delete';

/**
 * The `aws:eks:privatelink:delete` action: deletes the EKS interface
 * endpoints the portal made in a VPC (those with the managed-by tag) and the
 * security group the create action made for them, and waits until they are
 * gone. Endpoints someone else made are listed and left alone, unless
 * `vpcEndpointId` names one together with `includeUnmanaged: true`. A VPC
 * without an EKS endpoint is success. `service: eks-auth` deletes EKS Pod
 * Identity's endpoint instead; the other service's endpoint and the managed
 * group it still uses stay.
 * A dry run probes the deletes with `DryRun: true`.
 *
 * @public
 */
export function createEksEndpointDeleteAction(
  options: EksEndpointActionOptions,
) {
  return createTemplateAction({
    id: DELETE_ENDPOINT_ACTION_ID,
    description:
      'Deletes the AWS PrivateLink interface endpoint for the Amazon EKS API (or, with service eks-auth, for EKS Pod Identity) that the portal made in a VPC, and the security group aws:eks:privatelink:create made for it, then waits until they are gone. Endpoints the portal did not make are left alone unless named in vpcEndpointId with includeUnmanaged. Already gone is success. Supports dry run.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...vpcInputFields,
        service: z =>
          z
            .enum(['eks', 'eks-auth'], {
              description: SERVICE_INPUT_DESCRIPTION,
            })
            .optional(),
        vpcEndpointId: z =>
          z
            .string({
              description:
                'Delete only this endpoint of the service in the VPC (vpce-...). Without it, every endpoint of the service the portal made in the VPC is deleted. An endpoint the portal did not make also needs includeUnmanaged: true.',
            })
            .optional(),
        includeUnmanaged: z =>
          z
            .boolean({
              description:
                'Allow vpcEndpointId to name an EKS endpoint the portal did not make (one without the tag eks-privatelink:managed-by=backstage). Such endpoints are otherwise listed and left alone. Default: false.',
            })
            .optional(),
        wait: z =>
          z
            .boolean({
              description:
                'Wait until the endpoint is gone, then delete its security group. With false the group is deleted only if nothing holds it any more. Default: true.',
            })
            .optional(),
        timeoutSeconds: z =>
          z
            .number({
              description:
                'How long to wait, in whole seconds from 1 to 3600. Default: 600.',
            })
            .optional(),
      },
      output: {
        serviceName: z =>
          z.string({ description: SERVICE_NAME_OUTPUT_DESCRIPTION }),
        vpcEndpointId: z =>
          z.string({
            description:
              'The EKS endpoint deleted (in a dry run: that would be deleted); empty when there was none. A VPC normally has one; see vpcEndpointIds for all.',
          }),
        vpcEndpointIds: z =>
          z.array(z.string(), {
            description:
              'The EKS endpoints deleted (in a dry run: that would be deleted).',
          }),
        alreadyGone: z =>
          z.boolean({
            description: 'True when the VPC had no EKS endpoint to delete.',
          }),
        securityGroupIds: z =>
          z.array(z.string(), {
            description:
              'The managed security groups deleted (in a dry run: that would be deleted).',
          }),
        unmanagedEndpointIds: z =>
          z.array(z.string(), {
            description:
              'EKS endpoints of the VPC the portal did not make, left alone.',
          }),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const timeoutSeconds =
        input.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
      const chosen = serviceOfInput(input.service);
      if ('refusal' in chosen) {
        throw new InputError(chosen.refusal.message);
      }
      const { service } = chosen;
      const words = serviceWords(service);
      const inputProblem =
        validateTimeoutSeconds(timeoutSeconds) ??
        (input.vpcEndpointId === undefined
          ? undefined
          : validateVpcEndpointId(input.vpcEndpointId, 'vpcEndpointId'));
      if (inputProblem) {
        throw new InputError(inputProblem);
      }
      const { vpc, client } = await authorizedVpcClient(
        ctx,
        eksPrivateLinkEndpointDeletePermission,
        options,
      );
      const checkpoint: Checkpoint = (key, fn) => ctx.checkpoint({ key, fn });
      const result = await withAwsTextInBackendLog(
        options.logger,
        `Deleting the ${words} endpoint of ${vpc.vpcId}`,
        () =>
          inFormWords(vpc, () =>
            deleteEksEndpoint(
              client,
              {
                ...vpc,
                service,
                vpcEndpointId: input.vpcEndpointId,
                includeUnmanaged: input.includeUnmanaged,
              },
              {
                ...options.clock,
                signal: ctx.signal,
                logger,
                timeoutSeconds,
                wait: input.wait ?? true,
                dryRun: ctx.isDryRun,
                checkpoint,
              },
            ),
          ),
      );
      for (const note of result.notes) {
        logger.info(note);
      }
      if (result.alreadyGone) {
        logger.info(
          `${vpc.vpcId} has no ${words} endpoint${
            result.unmanagedEndpointIds.length > 0 ? ' the portal manages' : ''
          }: nothing to delete`,
        );
      }

      ctx.output('serviceName', endpointServiceName(service, vpc.region));
      ctx.output('vpcEndpointId', result.vpcEndpointIds[0] ?? '');
      ctx.output('vpcEndpointIds', result.vpcEndpointIds);
      ctx.output('alreadyGone', result.alreadyGone);
      ctx.output('securityGroupIds', result.securityGroupIds);
      ctx.output('unmanagedEndpointIds', result.unmanagedEndpointIds);

      const changed =
        result.vpcEndpointIds.length > 0 || result.securityGroupIds.length > 0;
      if (!ctx.isDryRun && changed) {
        await requestInventorySync(options.inventory, logger, vpc, {
          deletedEndpointIds: result.vpcEndpointIds,
        });
      }
    },
  });
}
