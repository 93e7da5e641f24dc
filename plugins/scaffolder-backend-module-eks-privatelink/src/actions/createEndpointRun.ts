// The work of the create action between its input and its outputs: plan
// against AWS, log the plan, check what needs the plan, apply it.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  endpointPolicyForPreset,
  type InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  applyPlan,
  EndpointRequestRefusedError,
  planEndpoint,
  type ApplyOptions,
  type ApplyResult,
  type Plan,
  type PlanOptions,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { inFormWords, withAwsTextInBackendLog } from './awsErrorText';
import type { EndpointSettings } from './createEndpointInput';
import { describeVpcToOnboard } from './describeVpcToOnboard';
import { flowLogDestinationProblem } from './flowLogDestination';
import { serviceWords } from './serviceInput';
import type { EksEndpointActionOptions, LocatedVpc } from './vpcInput';

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
  for (const row of plan.diff) {
    logger.info(`${prefix}  ${row.field}: ${row.before} → ${row.after}`);
  }
  for (const note of plan.notes) {
    logger.info(`${prefix}Note: ${note}`);
  }
}

/** The name the service resolves to inside the VPC, when private DNS is on. */
export function privateDnsName(
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
  return (
    own?.dnsName ??
    (plan.service === 'eks-auth'
      ? `eks-auth.${plan.region}.api.aws`
      : `eks.${plan.region}.amazonaws.com`)
  );
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

/**
 * Plans the request against AWS. The `this-account` policy names the VPC's
 * account: the one the input or the entity gives, else the owner that one
 * DescribeVpcs reports.
 */
async function planRequest(
  client: EC2Client,
  vpc: LocatedVpc,
  settings: EndpointSettings,
  thisAccountPolicy: boolean,
  planOptions: PlanOptions,
): Promise<Plan> {
  const plan = (policyDocument = settings.policyDocument) =>
    planEndpoint(
      client,
      {
        vpcId: vpc.vpcId,
        region: vpc.region,
        accountId: vpc.accountId,
        ...settings,
        policyDocument,
      },
      planOptions,
    );
  if (!thisAccountPolicy) {
    return plan();
  }
  const accountId =
    vpc.accountId ??
    (await describeVpcToOnboard(client, vpc, planOptions.signal)).OwnerId;
  if (!accountId) {
    throw new EndpointRequestRefusedError([
      {
        field: 'policyPreset',
        message: `policyPreset this-account needs the account of ${vpc.vpcId}, and neither the input nor AWS named it: give accountId (or the VPC entity's account annotation), or pick another preset.`,
      },
    ]);
  }
  return plan(endpointPolicyForPreset('this-account', { accountId })!);
}

/** Plans against AWS, then applies the plan (in a dry run: probes it). */
export async function planAndApply(
  client: EC2Client,
  vpc: LocatedVpc,
  settings: EndpointSettings & { thisAccountPolicy: boolean },
  run: ApplyOptions & { logger: LoggerService },
  options: EksEndpointActionOptions,
): Promise<{ plan: Plan; result: ApplyResult }> {
  const { thisAccountPolicy, ...request } = settings;
  return withAwsTextInBackendLog(
    options.logger,
    `Creating the ${serviceWords(request.service)} endpoint of ${vpc.vpcId}`,
    () =>
      inFormWords(vpc, async () => {
        const plan = await planRequest(
          client,
          vpc,
          request,
          thisAccountPolicy,
          {
            ...run,
            rulesConfig: options.rulesConfig,
            route53Client: await options.ec2ClientFactory.getRoute53Client?.(
              vpc,
            ),
          },
        );
        logPlan(run.logger, plan, Boolean(run.dryRun));
        checkFlowLogDestination(request, vpc, plan, options);
        return { plan, result: await applyPlan(client, plan, run) };
      }),
  );
}
