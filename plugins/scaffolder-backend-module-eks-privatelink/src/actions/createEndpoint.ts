import type { EC2Client } from '@aws-sdk/client-ec2';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  eksPrivateLinkEndpointCreatePermission,
  estimatePricing,
  type InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  applyPlan,
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  EndpointRequestRefusedError,
  planEndpoint,
  type ApplyOptions,
  type ApplyResult,
  type Plan,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { endpointConsoleUrl, endpointsConsoleUrl } from './consoleUrl';
import { examples } from './createEndpoint.examples';
import { inputRefusals, type EndpointSettings } from './createEndpointInput';
import { requestInventorySync } from './requestInventorySync';
import { flowLogDestinationProblem } from './flowLogDestination';
import {
  authorizedVpcClient,
  inFormWords,
  vpcInputFields,
  withAwsTextInBackendLog,
  type EksEndpointActionOptions,
  type LocatedVpc,
} from './vpcInput';

/** The id of the create action. @public */
export const CREATE_ENDPOINT_ACTION_ID = 'aws:eks:privatelink:create';

function logPlan(logger: LoggerService, plan: Plan, dryRun: boolean) {
  const prefix = dryRun ? '[dry run] ' : '';
  logger.info(
    `${prefix}Plan for ${plan.serviceName} in ${plan.vpcId} (${plan.region}): ${
      plan.action
    }${
      plan.existingEndpoint ? ` ${plan.existingEndpoint.vpcEndpointId}` : ''
    }, ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}`,
  );
  plan.changes.forEach((change, index) =>
    logger.info(`${prefix}  ${index + 1}. ${change.description}`),
  );
  for (const note of plan.notes) {
    logger.info(`${prefix}Note: ${note}`);
  }
}

/** The name the EKS API resolves to inside the VPC, when private DNS is on. */
function privateDnsName(
  endpoint: InventoryEndpoint | null,
  plan: Plan,
): string | null {
  const enabled = endpoint
    ? endpoint.privateDnsEnabled
    : plan.privateDnsEnabled;
  if (!enabled) {
    return null;
  }
  // The regional and zonal entries start with the endpoint id; the private
  // name is the service's own.
  const own = endpoint?.dnsEntries.find(
    entry => entry.dnsName && !entry.dnsName.startsWith('vpce-'),
  );
  return own?.dnsName ?? `eks.${plan.region}.amazonaws.com`;
}

/** Refuses a flow log destination outside the allow-list (default: the VPC's own account). */
function checkFlowLogDestination(
  settings: EndpointSettings,
  vpc: LocatedVpc,
  plan: Plan,
  options: EksEndpointActionOptions,
): void {
  const problem =
    settings.flowLogs &&
    flowLogDestinationProblem(
      settings.flowLogs.destination,
      vpc.accountId ?? plan.vpcOwnerId,
      options.allowedFlowLogDestinations,
    );
  if (problem) {
    throw new InputError(problem);
  }
}

/** Plans against AWS, then applies the plan (in a dry run: probes it). */
async function planAndApply(
  client: EC2Client,
  vpc: LocatedVpc,
  settings: EndpointSettings,
  run: ApplyOptions & { logger: LoggerService },
  options: EksEndpointActionOptions,
): Promise<{ plan: Plan; result: ApplyResult }> {
  return withAwsTextInBackendLog(
    options.logger,
    `Creating the EKS endpoint of ${vpc.vpcId}`,
    () =>
      inFormWords(vpc, async () => {
        const plan = await planEndpoint(
          client,
          {
            vpcId: vpc.vpcId,
            region: vpc.region,
            accountId: vpc.accountId,
            ...settings,
          },
          { ...run, rulesConfig: options.rulesConfig },
        );
        logPlan(run.logger, plan, Boolean(run.dryRun));
        checkFlowLogDestination(settings, vpc, plan, options);
        return { plan, result: await applyPlan(client, plan, run) };
      }),
  );
}

/**
 * The `aws:eks:privatelink:create` action: finds or creates the EKS
 * interface endpoint (`com.amazonaws.<region>.eks`) of a VPC.
 *
 * Validates the input, runs a read-only pre-flight against AWS that turns
 * every problem into an error naming the field and the fix, then makes the
 * planned changes inside `ctx.checkpoint`, so a retried task never creates a
 * second endpoint. A dry run runs the same pre-flight, probes each change
 * with `DryRun: true`, and writes the plan to the log and the outputs.
 *
 * @public
 */
export function createEksEndpointCreateAction(
  options: EksEndpointActionOptions,
) {
  return createTemplateAction({
    id: CREATE_ENDPOINT_ACTION_ID,
    description:
      'Finds or creates the AWS PrivateLink interface endpoint for the Amazon EKS API (com.amazonaws.<region>.eks) in a VPC, turning on the VPC DNS attributes private DNS needs. Supports dry run.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...vpcInputFields,
        subnetIds: z =>
          z
            .array(z.string(), {
              description:
                'Subnets for the endpoint network interfaces, at most one per Availability Zone, each in an AZ the EKS service supports. Omitted or empty: one subnet in each supported AZ, the lowest subnet id in each.',
            })
            .optional(),
        securityGroupIds: z =>
          z
            .array(z.string(), {
              description:
                'Security groups of the VPC to attach to the endpoint network interfaces. They must admit TCP 443 from the callers.',
            })
            .optional(),
        createSecurityGroup: z =>
          z
            .boolean({
              description:
                "Create a security group that allows TCP 443 from the VPC's IPv4 CIDR blocks and attach it. Default: true when securityGroupIds is not given.",
            })
            .optional(),
        privateDnsEnabled: z =>
          z
            .boolean({
              description:
                'Resolve eks.<region>.amazonaws.com to the endpoint inside the VPC, so callers need no change. Needs the VPC attributes enableDnsSupport and enableDnsHostnames. Default: true.',
            })
            .optional(),
        manageVpcDns: z =>
          z
            .boolean({
              description:
                'Turn on enableDnsSupport, then enableDnsHostnames, where private DNS needs them and they are off. With false, a VPC that has one off is refused. Default: true.',
            })
            .optional(),
        ipAddressType: z =>
          z
            .enum(['ipv4', 'dualstack', 'ipv6'], {
              description:
                'IP address type of the endpoint. Checked against what AWS reports for the region. Default: ipv4.',
            })
            .optional(),
        policyDocument: z =>
          z
            .union([z.string(), z.record(z.unknown())], {
              description:
                'An endpoint policy (IAM policy JSON, as a string or an object). Refused where the service takes no endpoint policy. Default: full access.',
            })
            .optional(),
        flowLogs: z =>
          z
            .object(
              {
                destinationType: z.enum(['cloud-watch-logs', 's3'], {
                  description: 'Where the flow logs go.',
                }),
                destination: z.string({
                  description:
                    'ARN of the CloudWatch Logs log group or of the S3 bucket (optionally with a folder).',
                }),
                deliverLogsPermissionArn: z
                  .string({
                    description:
                      'ARN of the IAM role that VPC Flow Logs assumes to publish to CloudWatch Logs. Required for cloud-watch-logs.',
                  })
                  .optional(),
                trafficType: z
                  .enum(['ACCEPT', 'REJECT', 'ALL'], {
                    description: 'Which traffic to log. Default: ALL.',
                  })
                  .optional(),
              },
              {
                description:
                  "Publish VPC flow logs of the endpoint's network interfaces. Needs wait: true.",
              },
            )
            .optional(),
        tags: z =>
          z
            .record(z.string(), {
              description:
                'Tags for the endpoint and the security group it creates. Keys may not start with aws: or eks-privatelink:.',
            })
            .optional(),
        wait: z =>
          z
            .boolean({
              description:
                'Wait until the endpoint is available before the step ends. Default: true.',
            })
            .optional(),
        timeoutSeconds: z =>
          z
            .number({
              description:
                'How long to wait for the endpoint, in whole seconds from 1 to 3600. Default: 600. A run that times out can be re-run: it adopts the endpoint.',
            })
            .optional(),
        onExisting: z =>
          z
            .enum(['reuse', 'update', 'fail'], {
              description:
                'When the VPC already has an EKS endpoint: reuse it as it is (default), update its subnets and security groups to match, or fail.',
            })
            .optional(),
      },
      output: {
        vpcEndpointId: z =>
          z.string({
            description:
              'The endpoint id (vpce-...); empty in a dry run that would create one.',
          }),
        state: z =>
          z.string({
            description:
              'The endpoint state in lower case (available, pending, ...); "planned" in a dry run that would create one.',
          }),
        created: z =>
          z.boolean({
            description:
              'True when this run created the endpoint, false when it reused or updated an existing one (and in a dry run).',
          }),
        serviceName: z =>
          z.string({ description: 'com.amazonaws.<region>.eks' }),
        privateDnsName: z =>
          z
            .string({
              description:
                'The name that resolves to the endpoint inside the VPC (eks.<region>.amazonaws.com), or null without private DNS.',
            })
            .nullable(),
        dnsEntries: z =>
          z.array(z.object({ dnsName: z.string(), hostedZoneId: z.string() }), {
            description: 'The DNS names of the endpoint.',
          }),
        networkInterfaceIds: z =>
          z.array(z.string(), {
            description: 'One network interface per subnet.',
          }),
        subnetIds: z =>
          z.array(z.string(), { description: 'The subnets of the endpoint.' }),
        securityGroupIds: z =>
          z.array(z.string(), {
            description: 'The security groups of the endpoint.',
          }),
        availabilityZones: z =>
          z.array(z.string(), {
            description: 'The Availability Zones of the endpoint.',
          }),
        estimatedMonthlyCost: z =>
          z.number({
            description:
              'Hourly price per AZ x AZs x 730 h, in the currency of eksPrivateLink.pricing (USD by default), before data processing.',
          }),
        consoleUrl: z =>
          z.string({
            description: 'The endpoint in the AWS VPC console.',
          }),
        plan: z =>
          z.object(
            {
              action: z.enum(['create', 'reuse', 'update']),
              changes: z.array(
                z.object({
                  kind: z.string({
                    description:
                      'enableDnsSupport, enableDnsHostnames, createSecurityGroup, authorizeIngress, createEndpoint, modifyEndpoint or createFlowLogs',
                  }),
                  description: z.string(),
                }),
              ),
              notes: z.array(z.string()),
            },
            {
              description:
                'What the run changes (or, in a dry run, would change), in order, and notes on the choices made. Changes and the plan carry more fields (subnets, parameters, the existing endpoint).',
            },
          ),
      },
    },
    async handler(ctx) {
      const { input, logger } = ctx;
      const timeoutSeconds =
        input.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
      const wait = input.wait ?? true;
      const settings: EndpointSettings = {
        subnetIds: input.subnetIds,
        securityGroupIds: input.securityGroupIds,
        createSecurityGroup: input.createSecurityGroup,
        privateDnsEnabled: input.privateDnsEnabled,
        manageVpcDns: input.manageVpcDns,
        ipAddressType: input.ipAddressType,
        policyDocument: input.policyDocument,
        flowLogs: input.flowLogs,
        tags: input.tags,
        onExisting: input.onExisting,
      };
      const refusals = inputRefusals(settings, timeoutSeconds, wait);
      if (refusals.length > 0) {
        throw new EndpointRequestRefusedError(refusals);
      }

      const { vpc, client } = await authorizedVpcClient(
        ctx,
        eksPrivateLinkEndpointCreatePermission,
        options,
      );
      logger.info(
        `Checking ${vpc.vpcId} in ${vpc.region} (${vpc.entityRef}) before changing anything`,
      );
      const { plan, result } = await planAndApply(
        client,
        vpc,
        settings,
        {
          ...options.clock,
          signal: ctx.signal,
          logger,
          timeoutSeconds,
          wait,
          dryRun: ctx.isDryRun,
          checkpoint: (key, fn) => ctx.checkpoint({ key, fn }),
        },
        options,
      );
      for (const note of result.notes) {
        logger.info(note);
      }

      const endpoint = result.endpoint;
      const availabilityZones = endpoint?.availabilityZones.length
        ? endpoint.availabilityZones
        : plan.availabilityZones;
      const pricing = estimatePricing({
        region: vpc.region,
        azCount: availabilityZones.length,
        config: options.pricingConfig,
      });
      logger.info(pricing.notes[0]);

      ctx.output('vpcEndpointId', endpoint?.vpcEndpointId ?? '');
      ctx.output('state', endpoint?.state ?? 'planned');
      ctx.output('created', result.created);
      ctx.output('serviceName', plan.serviceName);
      ctx.output('privateDnsName', privateDnsName(endpoint, plan));
      ctx.output('dnsEntries', endpoint?.dnsEntries ?? []);
      ctx.output('networkInterfaceIds', endpoint?.networkInterfaceIds ?? []);
      ctx.output('subnetIds', endpoint?.subnetIds ?? plan.subnetIds);
      ctx.output(
        'securityGroupIds',
        endpoint?.securityGroupIds ?? plan.securityGroupIds,
      );
      ctx.output('availabilityZones', availabilityZones);
      ctx.output('estimatedMonthlyCost', pricing.estimatedMonthly);
      ctx.output(
        'consoleUrl',
        endpoint
          ? endpointConsoleUrl(vpc.region, endpoint.vpcEndpointId)
          : endpointsConsoleUrl(vpc.region),
      );
      ctx.output('plan', { ...plan });

      if (!ctx.isDryRun && result.steps.length > 0) {
        await requestInventorySync(options.inventory, logger, vpc);
      }
    },
  });
}
