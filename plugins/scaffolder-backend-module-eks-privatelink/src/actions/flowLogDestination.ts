const SETTING = 'eksPrivateLink.flowLogs.allowedDestinations';

function listed(destination: string, allowed: string[]): boolean {
  return allowed.some(entry =>
    entry.endsWith('*')
      ? destination.startsWith(entry.slice(0, -1))
      : destination === entry,
  );
}

/**
 * Why a flow-log destination may not be used, or undefined when it may.
 * Flow logs copy a VPC's traffic records elsewhere, so by default they may
 * go only to a CloudWatch Logs log group in the VPC's own account; anything
 * else must be listed in app-config by the portal's administrators.
 *
 * @param vpcAccount - the VPC's account: the one given, else the owner
 *   DescribeVpcs reported.
 */
export function flowLogDestinationProblem(
  destination: string,
  vpcAccount: string | null,
  allowed: string[] = [],
): string | undefined {
  if (listed(destination, allowed)) {
    return undefined;
  }
  const fix = `choose a log group in the VPC's own account, or ask the portal's administrators to add it to ${SETTING}.`;
  const [, , service, , account] = destination.split(':');
  if (service === 's3') {
    return `flowLogs.destination: ${destination} is an S3 bucket, and S3 ARNs carry no account, so the portal can't tell that the bucket belongs to the VPC's account. Use a CloudWatch Logs log group, or ask the portal's administrators to add the bucket to ${SETTING}.`;
  }
  if (service !== 'logs' || !account) {
    return `flowLogs.destination: ${destination} is not a CloudWatch Logs log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>); ${fix}`;
  }
  if (!vpcAccount) {
    return `flowLogs.destination: the VPC's account is not known, so the portal can't tell that ${destination} is in it; give accountId, or ${fix}`;
  }
  if (account !== vpcAccount) {
    return `flowLogs.destination: ${destination} is in account ${account}, not the VPC's account ${vpcAccount}; ${fix}`;
  }
  return undefined;
}
