import type { Entity } from '@backstage/catalog-model';

/**
 * A VPC entity (kind Resource, spec.type vpc) in the default namespace whose
 * annotations name the VPC, its region and, when given, its account.
 *
 * @public
 */
export function vpcEntity(options: {
  name: string;
  vpcId: string;
  region: string;
  accountId?: string;
}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: options.name,
      namespace: 'default',
      annotations: {
        'aws.amazon.com/vpc-id': options.vpcId,
        'aws.amazon.com/region': options.region,
        ...(options.accountId
          ? { 'aws.amazon.com/account-id': options.accountId }
          : {}),
      },
    },
    spec: { type: 'vpc', owner: 'group:default/platform' },
  };
}
