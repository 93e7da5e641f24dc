import { DescribeSubnetsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** Subnet ids per `DescribeSubnets` call. */
export const SUBNET_IDS_PER_CALL = 200;

/**
 * Whether an endpoint's AZs fall short of its subnets. An interface endpoint
 * has one subnet per AZ, so AWS's zonal DNS names name as many AZs as there
 * are subnets; an EC2 emulator may return no zonal names at all.
 */
export function lacksZones(endpoint: InventoryEndpoint): boolean {
  return endpoint.availabilityZones.length < new Set(endpoint.subnetIds).size;
}

/** The subnets of the endpoints that lack AZs, each once, sorted. */
export function subnetsWithoutZones(endpoints: InventoryEndpoint[]): string[] {
  const ids = new Set<string>();
  for (const endpoint of endpoints) {
    if (lacksZones(endpoint)) {
      endpoint.subnetIds.forEach(id => ids.add(id));
    }
  }
  return [...ids].sort();
}

/**
 * Subnet id to AZ name: `DescribeSubnets` by `SubnetIds`, at most
 * {@link SUBNET_IDS_PER_CALL} per call, one after the other.
 *
 * IAM: `ec2:DescribeSubnets`.
 */
export async function describeSubnetZones(
  client: EC2Client,
  subnetIds: string[],
): Promise<Record<string, string>> {
  const zones: Record<string, string> = {};
  for (let i = 0; i < subnetIds.length; i += SUBNET_IDS_PER_CALL) {
    const part = subnetIds.slice(i, i + SUBNET_IDS_PER_CALL);
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await client.send(
        new DescribeSubnetsCommand({ SubnetIds: part, NextToken: token }),
      );
      for (const subnet of page.Subnets ?? []) {
        if (subnet.SubnetId && subnet.AvailabilityZone) {
          zones[subnet.SubnetId] = subnet.AvailabilityZone;
        }
      }
      token = page.NextToken || undefined;
      if (token && seen.has(token)) {
        throw new Error(
          `DescribeSubnets returned the page token ${token} twice; stopping instead of looping`,
        );
      }
      if (token) {
        seen.add(token);
      }
    } while (token);
  }
  return zones;
}
