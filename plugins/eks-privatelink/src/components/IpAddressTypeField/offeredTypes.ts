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

/** Dual-stack where offered, else the first type offered. */
export function defaultType(
  types: EndpointIpAddressType[],
): EndpointIpAddressType | undefined {
  return types.includes('dualstack') ? 'dualstack' : types[0];
}
