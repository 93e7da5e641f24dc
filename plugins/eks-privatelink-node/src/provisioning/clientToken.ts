import { createHash } from 'node:crypto';
import type { CreateEndpointParameters } from './types';

/** EC2 accepts idempotency tokens of up to 64 ASCII characters. */
const TOKEN_PREFIX = 'eks-privatelink-';
const HASH_CHARS = 64 - TOKEN_PREFIX.length;

// Default sort compares UTF-16 code units: the same order on every machine.
function sortedRecord(record: Record<string, string>): [string, string][] {
  return Object.keys(record)
    .sort()
    .map(key => [key, record[key]]);
}

/**
 * The `ClientToken` of one `CreateVpcEndpoint` request, derived from
 * everything that request says: account, region, VPC, service and the
 * parameters (lists sorted, so their order does not matter).
 *
 * The same request therefore always carries the same token, and AWS answers
 * a repeat with the endpoint it already made instead of a second one; any
 * change of parameter gives a new token, so a changed request is never
 * mistaken for a repeat (which AWS would refuse with
 * `IdempotentParameterMismatch`).
 *
 * `history` lists EKS endpoints of this VPC that were deleted: AWS remembers
 * a token for some time after its endpoint is gone, and would otherwise hand
 * back the deleted endpoint when the same request is made again.
 */
export function endpointClientToken(options: {
  accountId: string | null;
  region: string;
  parameters: CreateEndpointParameters;
  history?: string[];
}): string {
  const { accountId, region, parameters: p } = options;
  const canonical = JSON.stringify({
    accountId: accountId ?? '',
    region,
    vpcId: p.vpcId,
    serviceName: p.serviceName,
    type: 'Interface',
    subnetIds: [...p.subnetIds].sort(),
    securityGroupIds: [...p.securityGroupIds].sort(),
    privateDnsEnabled: p.privateDnsEnabled,
    ipAddressType: p.ipAddressType,
    policyDocument: p.policyDocument,
    tags: sortedRecord(p.tags),
    history: [...(options.history ?? [])].sort(),
  });
  const hash = createHash('sha256').update(canonical).digest('hex');
  return `${TOKEN_PREFIX}${hash.slice(0, HASH_CHARS)}`;
}
