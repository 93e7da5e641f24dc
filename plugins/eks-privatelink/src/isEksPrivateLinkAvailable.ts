import type { Entity } from '@backstage/catalog-model';
import { readVpcLocator } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * Whether the EKS PrivateLink card applies to an entity: a VPC id can be read
 * from its annotations (`aws.amazon.com/vpc-id`, `amazonaws.com/vpc-id` or a
 * VPC ARN in `aws.amazon.com/arn`).
 *
 * @public
 */
export function isEksPrivateLinkAvailable(entity: Entity): boolean {
  return readVpcLocator(entity) !== undefined;
}
