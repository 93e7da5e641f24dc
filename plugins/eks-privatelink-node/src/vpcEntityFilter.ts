import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { EKS_ANNOTATIONS } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ResolvedVpc } from './resolveVpc';

/**
 * A catalog filter for the entities that may name the VPC, in any annotation
 * form of the catalog contract. The catalog matches whole values only, so
 * without the account the ARN is not known in full and every entity with an
 * ARN is a candidate: resolve each result (`resolveVpc`) to keep the ones
 * that really name the VPC.
 *
 * @public
 */
export function vpcEntityFilter(
  vpc: ResolvedVpc,
): Array<Record<string, string | symbol>> {
  return [
    { [`metadata.annotations.${EKS_ANNOTATIONS.vpcId}`]: vpc.vpcId },
    { [`metadata.annotations.${EKS_ANNOTATIONS.legacyVpcId}`]: vpc.vpcId },
    {
      [`metadata.annotations.${EKS_ANNOTATIONS.arn}`]: vpc.accountId
        ? `arn:aws:ec2:${vpc.region}:${vpc.accountId}:vpc/${vpc.vpcId}`
        : CATALOG_FILTER_EXISTS,
    },
  ];
}
