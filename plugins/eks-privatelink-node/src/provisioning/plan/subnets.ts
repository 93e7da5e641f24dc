import type { EC2Client, Subnet } from '@aws-sdk/client-ec2';
import {
  checkSubnetZones,
  type EndpointIpAddressType,
  type ResolvedEksRules,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ProvisioningClock } from '../../clock';
import { describeSubnets, describeVpcSubnets } from '../../ec2Reads';
import { awsErrorCode, idsInErrorMessage } from '../../errors';
import type { Refusal } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { preflightRead } from '../iamDenial';
import type { EndpointRequest, Plan } from '../types';
import type { PlanContext } from './planContext';

/** The subnets part of a plan. */
export interface SubnetPlan {
  /** The subnets a new endpoint goes into; empty when one is adopted. */
  subnetIds: string[];
  /** Subnet id to AZ of every subnet looked at. */
  subnetAvailabilityZones: Record<string, string>;
  refusals: Refusal[];
}

function hasIpv6(subnet: Subnet): boolean {
  return (subnet.Ipv6CidrBlockAssociationSet ?? []).some(
    a => (a.Ipv6CidrBlockState?.State ?? 'associated') === 'associated',
  );
}

/** IPv6-only subnets have no IPv4 block; EC2 marks them `Ipv6Native`. */
function hasIpv4(subnet: Subnet): boolean {
  return subnet.Ipv6Native !== true;
}

/**
 * Why the subnet can't take a network interface of the endpoint's IP
 * address type, or undefined when it can: `ipv4` needs an IPv4 block,
 * `dualstack` an IPv4 and an IPv6 block, `ipv6` an IPv6-only subnet.
 */
function ipTypeProblem(
  subnet: Subnet,
  ipAddressType: EndpointIpAddressType,
): string | undefined {
  const id = subnet.SubnetId;
  if (ipAddressType === 'ipv6') {
    return subnet.Ipv6Native === true
      ? undefined
      : `subnetIds: ${id} is not IPv6-only, and an ipv6 endpoint takes only IPv6-only subnets — pick IPv6-only subnets (created with Ipv6Native) or use ipAddressType dualstack.`;
  }
  if (!hasIpv4(subnet)) {
    return `subnetIds: ${id} is IPv6-only, and ${
      ipAddressType === 'ipv4' ? 'an' : 'a'
    } ${ipAddressType} endpoint needs an IPv4 CIDR block${
      ipAddressType === 'dualstack' ? ' as well as an IPv6 one' : ''
    } — pick another subnet or use ipAddressType ipv6.`;
  }
  if (ipAddressType === 'dualstack' && !hasIpv6(subnet)) {
    return `subnetIds: ${id} has no IPv6 CIDR block, which a dualstack endpoint needs — add one to the subnet or use ipAddressType ipv4.`;
  }
  return undefined;
}

/** How automatic placement words the subnets an IP address type needs. */
const SUBNET_KIND: Record<EndpointIpAddressType, string> = {
  ipv4: 'IPv4',
  dualstack: 'dual-stack (IPv4 and IPv6)',
  ipv6: 'IPv6-only',
};

function zonesOf(subnets: Subnet[]): Record<string, string> {
  const zones: Record<string, string> = {};
  for (const s of subnets) {
    if (s.SubnetId && s.AvailabilityZone) {
      zones[s.SubnetId] = s.AvailabilityZone;
    }
  }
  return zones;
}

/**
 * One subnet per Availability Zone the service supports: the AZs in name
 * order, and in each the available subnet with the lowest id. Lowest id is
 * arbitrary but stable, so every run of the same request picks the same
 * subnets; pass `subnetIds` to choose others (private subnets, say).
 */
export function chooseSubnets(
  subnets: Subnet[],
  supportedAzs: readonly string[] | null,
  ipAddressType: EndpointIpAddressType = 'ipv4',
): Subnet[] {
  const byZone = new Map<string, Subnet>();
  for (const subnet of subnets) {
    const zone = subnet.AvailabilityZone;
    if (
      !zone ||
      !subnet.SubnetId ||
      (subnet.State !== undefined && subnet.State !== 'available') ||
      (supportedAzs !== null && !supportedAzs.includes(zone)) ||
      ipTypeProblem(subnet, ipAddressType) !== undefined
    ) {
      continue;
    }
    const current = byZone.get(zone);
    if (!current || subnet.SubnetId < current.SubnetId!) {
      byZone.set(zone, subnet);
    }
  }
  return [...byZone.keys()].sort().map(zone => byZone.get(zone)!);
}

/** The subnets the request names, and those AWS does not know. */
async function describeGivenSubnets(
  client: EC2Client,
  request: EndpointRequest,
  ids: string[],
  clock: ProvisioningClock,
): Promise<{ subnets: Subnet[]; notFound: string[] }> {
  try {
    const subnets = (
      await preflightRead('ec2:DescribeSubnets', request, () =>
        describeSubnets(client, ids, clock),
      )
    ).filter(s => ids.includes(s.SubnetId ?? ''));
    return {
      subnets,
      notFound: ids.filter(id => !subnets.some(s => s.SubnetId === id)),
    };
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidSubnetID.NotFound') {
      throw error;
    }
    return { subnets: [], notFound: idsInErrorMessage(error, 'subnet', ids) };
  }
}

/** Refuses given subnets of another VPC, in one AZ, in an unsupported AZ, or of the wrong IP family. */
function checkGivenSubnets(
  subnets: Subnet[],
  request: EndpointRequest,
  rules: ResolvedEksRules,
  ipAddressType: EndpointIpAddressType,
): Refusal[] {
  const { vpcId } = request;
  const own = subnets.filter(s => s.VpcId === vpcId);
  return [
    ...subnets
      .filter(s => s.VpcId !== vpcId)
      .map(s => ({
        field: 'subnetIds',
        message: `subnetIds: ${s.SubnetId} belongs to ${s.VpcId}, not ${vpcId}; an endpoint's subnets must be in its own VPC — pick a subnet of ${vpcId}.`,
      })),
    ...checkSubnetZones(
      own.map(s => ({
        subnetId: s.SubnetId!,
        availabilityZone: s.AvailabilityZone!,
      })),
      rules,
    ),
    ...own
      .map(s => ipTypeProblem(s, ipAddressType))
      .filter((message): message is string => message !== undefined)
      .map(message => ({ field: 'subnetIds', message })),
  ];
}

/**
 * Checks the subnets the request names, or, for a new endpoint without
 * them, chooses one per supported AZ (see {@link chooseSubnets}). Named
 * subnets are checked even when an endpoint is adopted, so that a typo is
 * reported rather than silently ignored.
 */
export async function planSubnets(
  { client, request, options, notes }: PlanContext,
  decided: {
    rules: ResolvedEksRules;
    action: Plan['action'];
    ipAddressType: EndpointIpAddressType;
  },
): Promise<SubnetPlan> {
  const { rules, ipAddressType } = decided;
  const givenIds = request.subnetIds ?? [];
  if (givenIds.length > 0) {
    const { subnets, notFound } = await describeGivenSubnets(
      client,
      request,
      givenIds,
      options,
    );
    if (notFound.length > 0) {
      return {
        subnetIds: [],
        subnetAvailabilityZones: zonesOf(subnets),
        refusals: [
          {
            field: 'subnetIds',
            message: `subnetIds: ${notFound.join(', ')} ${
              notFound.length > 1 ? 'were' : 'was'
            } not found in ${request.region}. Pick subnets of ${
              request.vpcId
            } (the form lists them), or omit subnetIds to use one per supported Availability Zone.`,
          },
        ],
      };
    }
    return {
      subnetIds: subnets
        .filter(s => s.VpcId === request.vpcId)
        .map(s => s.SubnetId!),
      subnetAvailabilityZones: zonesOf(subnets),
      refusals: checkGivenSubnets(subnets, request, rules, ipAddressType),
    };
  }
  if (decided.action !== 'create') {
    return { subnetIds: [], subnetAvailabilityZones: {}, refusals: [] };
  }

  const subnets = await preflightRead('ec2:DescribeSubnets', request, () =>
    describeVpcSubnets(client, request.vpcId, options),
  );
  const supportedAzs = rules.availabilityZones?.value ?? null;
  const chosen = chooseSubnets(subnets, supportedAzs, ipAddressType);
  if (chosen.length === 0) {
    return {
      subnetIds: [],
      subnetAvailabilityZones: zonesOf(subnets),
      refusals: [
        {
          field: 'subnetIds',
          message: `subnetIds: ${request.vpcId} has no ${
            SUBNET_KIND[ipAddressType]
          } subnet in an Availability Zone where ${
            rules.serviceName
          } is offered${
            supportedAzs ? ` (${supportedAzs.join(', ')})` : ''
          }. Create a subnet in one of them, then run again or pass it in subnetIds.`,
        },
      ],
    };
  }
  notes.push(
    `Subnets chosen, one per supported Availability Zone (lowest subnet id in each): ${chosen
      .map(s => `${s.SubnetId} (${s.AvailabilityZone})`)
      .join(', ')}.`,
  );
  return {
    subnetIds: chosen.map(s => s.SubnetId!),
    subnetAvailabilityZones: zonesOf(subnets),
    refusals: [],
  };
}
