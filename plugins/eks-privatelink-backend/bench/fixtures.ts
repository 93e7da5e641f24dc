import type { Entity } from '@backstage/catalog-model';
import { FakeEc2, awsEndpoint } from '../src/__testUtils__/FakeEc2';

/** The account/regions of the benchmark; the fake keys accounts by region. */
export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];

export function vpcId(i: number): string {
  return `vpc-${i.toString(16).padStart(17, '0')}`;
}

export function endpointId(i: number): string {
  return `vpce-${i.toString(16).padStart(17, '0')}`;
}

export function entityName(i: number): string {
  return `vpc-${String(i).padStart(5, '0')}`;
}

export function regionOf(i: number): string {
  return REGIONS[i % REGIONS.length];
}

/** VPC entities spread round-robin over {@link REGIONS}. */
export function vpcEntities(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: entityName(i),
      annotations: {
        'aws.amazon.com/vpc-id': vpcId(i),
        'aws.amazon.com/region': regionOf(i),
        'backstage.io/managed-by-location': 'url:https://example.com/bench',
        'backstage.io/managed-by-origin-location':
          'url:https://example.com/bench',
      },
    },
    spec: { type: 'vpc', owner: 'group:default/platform' },
  }));
}

/**
 * Gives the first `endpoints` VPCs an EKS endpoint, `privateDnsShare` of
 * them with private DNS, and every VPC its DNS attributes.
 */
export function populateFakeEc2(
  ec2: FakeEc2,
  options: { vpcs: number; endpoints: number; privateDnsShare: number },
): { privateDnsVpcs: number } {
  let privateDnsVpcs = 0;
  for (let i = 0; i < options.vpcs; i++) {
    ec2.setDns(vpcId(i), true, true);
    if (i < options.endpoints) {
      const privateDns = i < options.endpoints * options.privateDnsShare;
      privateDnsVpcs += privateDns ? 1 : 0;
      ec2.putEndpoint(
        regionOf(i),
        awsEndpoint({
          id: endpointId(i),
          vpcId: vpcId(i),
          region: regionOf(i),
          privateDns,
        }),
      );
    }
  }
  return { privateDnsVpcs };
}
