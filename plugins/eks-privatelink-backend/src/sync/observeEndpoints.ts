// Turns the endpoints AWS listed into the inventory's observations of the
// VPCs being read, with the Availability Zones of their subnets filled in.
import type { EC2Client, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  describeSubnetZones,
  toInventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { isLive, type ObservedEndpoint } from '../database/types';
import { describeAwsFailure } from './describeAwsFailure';
import { lacksZones, subnetsWithoutZones } from './subnetZones';
import type { Scope } from './syncTypes';

/**
 * The endpoints of the scope's VPCs, joined in memory. Their AZs come from
 * the zonal DNS names, which AWS always returns: then this costs no call.
 * For endpoints without them (EC2 emulators), one `DescribeSubnets` by the
 * ids of just their subnets (200 a call) fills the AZs in; if that fails,
 * the endpoints are kept with the AZs that could be read.
 */
export async function observeEndpoints(
  client: EC2Client,
  raw: VpcEndpoint[],
  scope: Scope,
  at: Date,
  logger: LoggerService,
  signal?: AbortSignal,
): Promise<ObservedEndpoint[]> {
  const { region, accountId } = scope;
  const joined: Array<{ ep: VpcEndpoint; observed: ObservedEndpoint }> = [];
  for (const ep of raw) {
    if (ep.VpcId && ep.VpcEndpointId && scope.vpcIds.has(ep.VpcId)) {
      joined.push({
        ep,
        observed: {
          vpcId: ep.VpcId,
          endpoint: toInventoryEndpoint(ep, at),
        },
      });
    }
  }
  const missing = subnetsWithoutZones(
    joined
      .map(j => j.observed)
      .filter(isLive)
      .map(o => o.endpoint),
  );
  if (missing.length === 0) {
    return joined.map(j => j.observed);
  }
  let subnetAvailabilityZones: Record<string, string>;
  try {
    subnetAvailabilityZones = await describeSubnetZones(
      client,
      missing,
      signal,
    );
  } catch (err) {
    logger.warn(
      `Could not read the Availability Zones of ${
        missing.length
      } subnet(s) of EKS endpoints; the inventory shows the endpoints without them. ${describeAwsFailure(
        err,
        { region, accountId },
      )}`,
    );
    return joined.map(j => j.observed);
  }
  return joined.map(({ ep, observed }) =>
    isLive(observed) && lacksZones(observed.endpoint)
      ? {
          ...observed,
          endpoint: toInventoryEndpoint(ep, at, { subnetAvailabilityZones }),
        }
      : observed,
  );
}
