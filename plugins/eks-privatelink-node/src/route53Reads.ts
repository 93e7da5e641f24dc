import {
  ListHostedZonesByVPCCommand,
  type HostedZoneSummary,
  type Route53Client,
  type VPCRegion,
} from '@aws-sdk/client-route-53';
import type { ProvisioningClock } from './clock';

/**
 * Every private hosted zone associated with a VPC, whichever account owns
 * the zone. The SDK has no paginator for this call, so this follows
 * `NextToken` itself.
 *
 * IAM: `route53:ListHostedZonesByVPC`.
 */
export async function listHostedZonesByVpc(
  client: Route53Client,
  vpc: { vpcId: string; region: string },
  clock: ProvisioningClock = {},
): Promise<HostedZoneSummary[]> {
  const zones: HostedZoneSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListHostedZonesByVPCCommand({
        VPCId: vpc.vpcId,
        VPCRegion: vpc.region as VPCRegion,
        NextToken: nextToken,
      }),
      { abortSignal: clock.signal },
    );
    zones.push(...(page.HostedZoneSummaries ?? []));
    if (page.NextToken && page.NextToken === nextToken) {
      throw new Error(
        `ListHostedZonesByVPC returned the page token ${nextToken} twice; stopping instead of looping`,
      );
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return zones;
}
