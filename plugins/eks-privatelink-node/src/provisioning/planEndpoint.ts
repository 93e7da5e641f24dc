import type { EC2Client, Vpc } from '@aws-sdk/client-ec2';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { describeVpc } from '../ec2Reads';
import { checkpointKey } from './checkpoint';
import { EndpointRequestRefusedError, throwRefusals } from './errors';
import { preflightRead } from './iamDenial';
import { requestService, requestServiceName } from './requestService';
import { planDns } from './plan/dns';
import { checkPrivateHostedZones } from './plan/hostedZones';
import { checkVpcOwner } from './plan/sharedVpc';
import { endpointForDnsPlan, ipAddressTypeAfter } from './plan/endpointUpdate';
import { findExistingEndpoint, planAdoption } from './plan/existingEndpoint';
import { planNewEndpoint } from './plan/newEndpoint';
import type { PlanContext } from './plan/planContext';
import { planSecurityGroups } from './plan/securityGroups';
import { decideRules } from './plan/serviceRules';
import { planSubnets } from './plan/subnets';
import { updateDiff } from './plan/updateDiff';
import type {
  CreateFlowLogsChange,
  EndpointRequest,
  Plan,
  PlanOptions,
} from './types';

async function describeRequestedVpc({
  client,
  request,
  options,
}: PlanContext): Promise<Vpc> {
  const vpc = await preflightRead('ec2:DescribeVpcs', request, () =>
    describeVpc(client, request.vpcId, options),
  );
  if (!vpc) {
    throw new EndpointRequestRefusedError([
      {
        field: 'vpcId',
        message: `vpcId: ${request.vpcId} was not found in ${request.region}${
          request.accountId ? ` (account ${request.accountId})` : ''
        }. Check the VPC id and its region.`,
      },
    ]);
  }
  return vpc;
}

function flowLogsChanges(request: EndpointRequest): CreateFlowLogsChange[] {
  const { flowLogs } = request;
  if (!flowLogs) {
    return [];
  }
  return [
    {
      kind: 'createFlowLogs',
      key: checkpointKey(
        request.vpcId,
        'createFlowLogs',
        requestService(request),
      ),
      description: `Publish flow logs (${
        flowLogs.trafficType ?? 'ALL'
      } traffic) of the endpoint's network interfaces to ${
        flowLogs.destination
      }`,
      flowLogs,
    },
  ];
}

/** The sorted AZs of the plan's subnets; an adopted endpoint's own where a subnet was not looked at. */
function availabilityZonesOf(
  subnetIds: string[],
  subnetAvailabilityZones: Record<string, string>,
  existing: InventoryEndpoint | null,
): string[] {
  const zones = subnetIds.map(id => subnetAvailabilityZones[id]);
  return existing && !zones.every(Boolean)
    ? existing.availabilityZones
    : [...new Set(zones)].sort();
}

/**
 * Looks at AWS without changing anything and returns the ordered list of
 * changes that would give the VPC its EKS interface endpoint. Throws
 * {@link EndpointRequestRefusedError} with every refusal it can name (field
 * + fix) when the request cannot go ahead. The request is taken as
 * validated: ids, tags and the policy's JSON are the caller's to check.
 *
 * Calls (read-only): `DescribeVpcEndpointServices`, `DescribeVpcs`,
 * `DescribeVpcEndpoints` (by VPC and service), `DescribeSubnets`,
 * `DescribeSecurityGroups` (given groups, the managed group by name, groups
 * of `allowedSources`), `DescribeManagedPrefixLists` (prefix lists of
 * `allowedSources`) and, where private DNS is wanted, `DescribeVpcAttribute`
 * twice and Route 53 `ListHostedZonesByVPC` (with `options.route53Client`).
 *
 * @public
 */
export async function planEndpoint(
  client: EC2Client,
  request: EndpointRequest,
  options: PlanOptions = {},
): Promise<Plan> {
  const ctx: PlanContext = { client, request, options, notes: [] };
  const ipAddressType = request.ipAddressType ?? 'ipv4';
  const rules = await decideRules(ctx, ipAddressType);
  const vpc = await describeRequestedVpc(ctx);
  const wantPrivateDns =
    request.privateDnsEnabled ?? rules.privateDnsDefault.value;
  const { all, action, existing } = await findExistingEndpoint(
    ctx,
    wantPrivateDns,
  );
  const subnets = await planSubnets(ctx, { rules, action, ipAddressType });
  const groups = await planSecurityGroups(ctx, {
    vpc,
    action,
    existing,
    ipAddressType,
  });
  const dns = await planDns(ctx, {
    rules,
    existing: endpointForDnsPlan(request, action, existing),
    wantPrivateDns,
  });
  throwRefusals([
    ...(action === 'reuse' ? [] : checkVpcOwner(request, vpc)),
    ...(await checkPrivateHostedZones(ctx, {
      privateDnsEnabled: dns.privateDnsEnabled,
      action,
      existing,
    })),
    ...subnets.refusals,
    ...groups.refusals,
    ...dns.refusals,
  ]);
  const endpoint =
    existing && action !== 'create'
      ? planAdoption(ctx, existing, action, groups)
      : planNewEndpoint(ctx, { subnets, groups, dns, ipAddressType, all });

  return {
    vpcId: request.vpcId,
    region: request.region,
    accountId: request.accountId ?? null,
    vpcOwnerId: vpc.OwnerId ?? null,
    service: requestService(request),
    serviceName: requestServiceName(request),
    action,
    existingEndpoint: existing,
    subnetIds: endpoint.subnetIds,
    availabilityZones: availabilityZonesOf(
      endpoint.subnetIds,
      subnets.subnetAvailabilityZones,
      existing,
    ),
    subnetAvailabilityZones: subnets.subnetAvailabilityZones,
    securityGroupIds: endpoint.securityGroupIds,
    managedSecurityGroupId: groups.managedSecurityGroupId,
    privateDnsEnabled: dns.privateDnsEnabled,
    ipAddressType: existing
      ? ipAddressTypeAfter(existing, endpoint.change)
      : ipAddressType,
    vpcDns: dns.vpcDns,
    changes: [
      ...dns.changes,
      ...(groups.createGroup ? [groups.createGroup] : []),
      ...(groups.authorizeIngress ? [groups.authorizeIngress] : []),
      ...(endpoint.change ? [endpoint.change] : []),
      ...flowLogsChanges(request),
    ],
    diff: updateDiff(existing, endpoint.change, groups.createGroup?.groupName),
    notes: ctx.notes,
  };
}
