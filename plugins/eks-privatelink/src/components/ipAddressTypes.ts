import type { EndpointIpAddressType } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** Every endpoint `IpAddressType`, in the order the form offers them. */
export const ALL_IP_ADDRESS_TYPES: EndpointIpAddressType[] = [
  'dualstack',
  'ipv4',
  'ipv6',
];

const LABELS: Record<EndpointIpAddressType, string> = {
  ipv4: 'IPv4 (ipv4)',
  dualstack: 'Dual-stack, IPv4 and IPv6 (dualstack)',
  ipv6: 'IPv6 only (ipv6)',
};

/** An endpoint `IpAddressType` in words, with the value AWS uses. */
export function ipAddressTypeLabel(type: string): string {
  return LABELS[type as EndpointIpAddressType] ?? type;
}
