import {
  checkPrivateDns,
  type InventoryEndpoint,
  type ResolvedEksRules,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { readVpcDnsAttributes, type VpcDnsAttributes } from '../../ec2Reads';
import type { EksEndpointService } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { checkpointKey } from '../checkpoint';
import { privateDnsNameOf, requestService } from '../requestService';
import type { Refusal } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { preflightRead } from '../iamDenial';
import type {
  EnableDnsHostnamesChange,
  EnableDnsSupportChange,
} from '../types';
import type { PlanContext } from './planContext';

/** The DNS part of a plan. */
export interface DnsPlan {
  /** Whether the endpoint has (or gets) private DNS. */
  privateDnsEnabled: boolean;
  /** The VPC's DNS attributes; read only where private DNS needs them. */
  vpcDns: VpcDnsAttributes | null;
  /** Support first: AWS turns hostnames on only while support is on. */
  changes: Array<EnableDnsSupportChange | EnableDnsHostnamesChange>;
  refusals: Refusal[];
}

function enableChanges(
  vpcId: string,
  vpcDns: VpcDnsAttributes,
  service: EksEndpointService,
): DnsPlan['changes'] {
  const attributes = [
    ['enableDnsSupport', vpcDns.dnsSupport],
    ['enableDnsHostnames', vpcDns.dnsHostnames],
  ] as const;
  return attributes
    .filter(([, on]) => !on)
    .map(([kind]) => ({
      kind,
      key: checkpointKey(vpcId, kind, service),
      description: `Turn on ${kind} of ${vpcId} (private DNS needs it)`,
      vpcId,
    }));
}

/**
 * Private DNS needs both VPC DNS attributes on. A new endpoint is refused
 * when one is off and `manageVpcDns` is false; otherwise the plan turns them
 * on. An adopted endpoint keeps its private DNS setting, and a note says
 * when its name does not resolve.
 */
export async function planDns(
  { client, request, options, notes }: PlanContext,
  decided: {
    rules: ResolvedEksRules;
    existing: InventoryEndpoint | null;
    wantPrivateDns: boolean;
  },
): Promise<DnsPlan> {
  const { vpcId, region } = request;
  const { existing } = decided;
  const privateDnsEnabled = existing
    ? existing.privateDnsEnabled
    : decided.wantPrivateDns;
  if (!privateDnsEnabled) {
    return { privateDnsEnabled, vpcDns: null, changes: [], refusals: [] };
  }
  const manageVpcDns = request.manageVpcDns ?? true;
  const vpcDns = await preflightRead('ec2:DescribeVpcAttribute', request, () =>
    readVpcDnsAttributes(client, vpcId, options),
  );
  const refusal = checkPrivateDns(
    { privateDnsEnabled, manageVpcDns, ...vpcDns, vpcId },
    decided.rules,
  );
  if (refusal) {
    if (!existing) {
      return { privateDnsEnabled, vpcDns, changes: [], refusals: [refusal] };
    }
    notes.push(
      `${
        existing.vpcEndpointId
      } has private DNS on but ${vpcId} has a DNS attribute off, so ${privateDnsNameOf(
        {
          region,
          service: request.service,
        },
      )} does not resolve to it; set manageVpcDns to true to fix that.`,
    );
  }
  return {
    privateDnsEnabled,
    vpcDns,
    changes: manageVpcDns
      ? enableChanges(vpcId, vpcDns, requestService(request))
      : [],
    refusals: [],
  };
}
