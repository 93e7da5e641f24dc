import type {
  EndpointIpAddressType,
  SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { ALL_IP_ADDRESS_TYPES } from '../ipAddressTypes';

/** What the form offers for a VPC, and why. */
export interface OfferedTypes {
  types: EndpointIpAddressType[];
  /** The rule's sentence, naming its source; null when the backend gave none. */
  reason: string | null;
  /** Whether AWS (or config) said; false when nobody could. */
  known: boolean;
}

/**
 * The types the region's service takes, in the form's order. Without an
 * answer every type is offered, and AWS's answer to the create decides.
 */
export function offeredTypes(
  answer: SubnetsResponse | undefined,
): OfferedTypes {
  const decision = answer?.ipAddressTypes;
  if (!decision) {
    return { types: [...ALL_IP_ADDRESS_TYPES], reason: null, known: false };
  }
  return {
    types: ALL_IP_ADDRESS_TYPES.filter(type => decision.value.includes(type)),
    reason: decision.reason,
    known: decision.source !== 'unknown',
  };
}

/**
 * Whether the VPC has subnets, in AZs the service supports, that an endpoint
 * of the type can use: dual-stack needs an IPv4 and an IPv6 block, ipv6 an
 * IPv6-only subnet. Unknown (an answer without IPv6 facts) counts as yes.
 */
export function vpcCanTake(
  type: EndpointIpAddressType,
  answer: SubnetsResponse | undefined,
): boolean {
  const subnets = (answer?.subnets ?? []).filter(s => s.serviceSupported);
  if (type === 'ipv4' || subnets.some(s => s.ipv6CidrBlocks === undefined)) {
    return true;
  }
  return subnets.some(s =>
    type === 'ipv6'
      ? s.ipv6Native === true
      : !s.ipv6Native && (s.ipv6CidrBlocks?.length ?? 0) > 0 && !!s.cidrBlock,
  );
}

/**
 * Dual-stack where the region offers it and the VPC's subnets can take it,
 * else IPv4 where offered, else the first type offered.
 */
export function defaultType(
  types: EndpointIpAddressType[],
  answer?: SubnetsResponse,
): EndpointIpAddressType | undefined {
  if (types.includes('dualstack') && vpcCanTake('dualstack', answer)) {
    return 'dualstack';
  }
  return types.includes('ipv4') ? 'ipv4' : types[0];
}
