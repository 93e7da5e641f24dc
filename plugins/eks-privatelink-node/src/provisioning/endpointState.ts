import type { VpcEndpoint } from '@aws-sdk/client-ec2';

/**
 * States in which an endpoint serves (or is about to serve) the VPC. Another
 * create would be a duplicate, and with private DNS AWS would refuse it.
 */
export const ACTIVE_ENDPOINT_STATES: readonly string[] = [
  'pending',
  'pendingacceptance',
  'available',
];

/**
 * The endpoint's state, lower case. The EC2 API sends camelCase
 * (`pendingAcceptance`) while the SDK's enum is PascalCase, so every
 * comparison goes through this.
 */
export function endpointState(endpoint: VpcEndpoint): string {
  return (endpoint.State ?? 'unknown').toLocaleLowerCase('en-US');
}

/** `Code: Message` of the endpoint's `LastError`, or undefined. */
export function lastErrorText(endpoint: VpcEndpoint): string | undefined {
  const { Code, Message } = endpoint.LastError ?? {};
  if (!Code && !Message) {
    return undefined;
  }
  return `${Code ?? 'UnknownError'}: ${Message ?? 'no message'}`;
}
