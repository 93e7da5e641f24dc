// What one `aws:eks:privatelink:create` step does: checks the input, settles
// the VPC and the initiator's right to change it, plans and applies the
// endpoint, writes the step's outputs and asks the inventory to re-read.
import {
  eksPrivateLinkEndpointCreatePermission,
  estimatePricing,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  EndpointRequestRefusedError,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { authorizedVpcClient } from './authorizeVpc';
import { endpointConsoleUrl, endpointsConsoleUrl } from './consoleUrl';
import type { createEksEndpointCreateAction } from './createEndpoint';
import {
  inputRefusals,
  resolvePolicyInput,
  type EndpointSettings,
} from './createEndpointInput';
import { planAndApply, privateDnsName } from './createEndpointRun';
import { appliedReport, requestInventorySync } from './requestInventorySync';
import { serviceOfInput } from './serviceInput';
import type { EksEndpointActionOptions } from './vpcInput';

/** The context the scaffolder hands the create action's handler. */
type CreateEndpointContext = Parameters<
  ReturnType<typeof createEksEndpointCreateAction>['handler']
>[0];

/** The handler of the create action. */
export async function runCreateEndpoint(
  ctx: CreateEndpointContext,
  options: EksEndpointActionOptions,
): Promise<void> {
  const { input, logger } = ctx;
  const timeoutSeconds = input.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS;
  const wait = input.wait ?? true;
  const policy = resolvePolicyInput({
    policyPreset: input.policyPreset,
    organizationId: input.organizationId,
    policyDocument: input.policyDocument,
  });
  const service = serviceOfInput(input.service);
  const settings: EndpointSettings = {
    service: 'service' in service ? service.service : undefined,
    subnetIds: input.subnetIds,
    allowedSources: input.allowedSources,
    securityGroupIds: input.securityGroupIds,
    createSecurityGroup: input.createSecurityGroup,
    privateDnsEnabled: input.privateDnsEnabled,
    manageVpcDns: input.manageVpcDns,
    ipAddressType: input.ipAddressType,
    policyDocument: policy.policyDocument,
    flowLogs: input.flowLogs,
    tags: input.tags,
    onExisting: input.onExisting,
  };
  const refusals = [
    ...('refusal' in service ? [service.refusal] : []),
    ...inputRefusals(settings, timeoutSeconds, wait),
    ...policy.refusals,
  ];
  if (refusals.length > 0) {
    throw new EndpointRequestRefusedError(refusals);
  }
  for (const note of policy.notes) {
    logger.info(`Note: ${note}`);
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
    { ...settings, thisAccountPolicy: policy.preset === 'this-account' },
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
  ctx.output('diff', plan.diff);
  ctx.output('plan', { ...plan });

  if (!ctx.isDryRun && result.steps.length > 0) {
    await requestInventorySync(options.inventory, logger, vpc, {
      applied: appliedReport(plan, result, settings.allowedSources),
    });
  }
}
