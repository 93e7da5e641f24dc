import type { Entity } from '@backstage/catalog-model';
import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { FakeEc2, awsEndpoint } from '../src/__testUtils__/FakeEc2';
import { endpointId, entityName, regionOf, vpcId } from './fixtures';

/** The two owners of the fleet; the bench users are members of the first. */
export const FLEET_GROUPS = ['group:default/fleet-a', 'group:default/fleet-b'];

/** What a fleet VPC has, chosen by {@link fleetMix}. */
export type FleetShape = 'eks' | 'eks+auth' | 'none' | 'failed';

/**
 * A fixed, scattered mix per VPC, independent of its owner (even/odd) and
 * region (mod 3): 40 % an available EKS endpoint, 20 % an available EKS
 * and an available EKS Auth endpoint, 30 % none, 10 % a failed EKS one.
 */
export function fleetMix(i: number): FleetShape {
  const bucket = (Math.imul(i + 1, 2654435761) >>> 0) % 10;
  if (bucket < 4) {
    return 'eks';
  }
  if (bucket < 6) {
    return 'eks+auth';
  }
  return bucket < 9 ? 'none' : 'failed';
}

/** VPC entity `i` of the fleet: owner A for even i, B for odd i. */
export function fleetEntities(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: entityName(i),
      title: `Fleet VPC ${i}`,
      annotations: {
        'aws.amazon.com/vpc-id': vpcId(i),
        'aws.amazon.com/region': regionOf(i),
        'backstage.io/managed-by-location': 'url:https://example.com/bench',
        'backstage.io/managed-by-origin-location':
          'url:https://example.com/bench',
      },
    },
    spec: { type: 'vpc', owner: FLEET_GROUPS[i % 2] },
  }));
}

/** An EKS Auth interface endpoint, shaped as EC2 describes one. */
export function authEndpoint(options: {
  id: string;
  vpcId: string;
  region: string;
  state?: string;
}): VpcEndpoint {
  const eks = awsEndpoint({ ...options, privateDns: true });
  return {
    ...eks,
    ServiceName: `com.amazonaws.${options.region}.eks-auth`,
    DnsEntries: eks.DnsEntries?.map(entry => ({
      ...entry,
      DnsName: entry.DnsName?.replace('.eks.', '.eks-auth.').replace(
        `eks.${options.region}.amazonaws.com`,
        `eks-auth.${options.region}.api.aws`,
      ),
    })),
  };
}

/** The EKS Auth endpoint of VPC `i`, its id apart from the EKS one's. */
export function authEndpointId(i: number): string {
  return endpointId(0x80000000 + i);
}

/**
 * Puts the endpoints of {@link fleetMix} into the fake EC2 for `count` VPCs
 * and counts them per shape.
 */
export function populateFleet(
  ec2: FakeEc2,
  count: number,
): Record<FleetShape, number> {
  const shapes: Record<FleetShape, number> = {
    eks: 0,
    'eks+auth': 0,
    none: 0,
    failed: 0,
  };
  for (let i = 0; i < count; i++) {
    const shape = fleetMix(i);
    shapes[shape]++;
    const region = regionOf(i);
    ec2.setDns(vpcId(i), true, true);
    if (shape === 'none') {
      continue;
    }
    ec2.putEndpoint(
      region,
      awsEndpoint({
        id: endpointId(i),
        vpcId: vpcId(i),
        region,
        state: shape === 'failed' ? 'failed' : 'available',
      }),
    );
    if (shape === 'eks+auth') {
      ec2.putEndpoint(
        region,
        authEndpoint({ id: authEndpointId(i), vpcId: vpcId(i), region }),
      );
    }
  }
  return shapes;
}
