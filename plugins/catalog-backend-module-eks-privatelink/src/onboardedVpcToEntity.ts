import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  DEFAULT_NAMESPACE,
  Entity,
} from '@backstage/catalog-model';
import {
  EKS_ANNOTATIONS,
  OnboardedVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * The location that entities of onboarded VPCs are managed by. It is no
 * file or URL: the catalog needs the annotation, and the key ties the
 * entities to this provider so another source can't silently take them over.
 *
 * @public
 */
export const ONBOARDED_VPC_LOCATION = 'eks-privatelink:onboarded';

/**
 * The catalog entity of an onboarded VPC: a `Resource` of type `vpc` that
 * carries the annotations the EKS PrivateLink plugins read, in the default
 * namespace so `resource:default/<name>` finds it.
 *
 * @public
 */
export function onboardedVpcToEntity(vpc: OnboardedVpc): Entity {
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: ONBOARDED_VPC_LOCATION,
    [ANNOTATION_ORIGIN_LOCATION]: ONBOARDED_VPC_LOCATION,
    [EKS_ANNOTATIONS.vpcId]: vpc.vpcId,
    [EKS_ANNOTATIONS.region]: vpc.region,
  };
  if (vpc.accountId) {
    annotations[EKS_ANNOTATIONS.accountId] = vpc.accountId;
  }

  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: vpc.name,
      namespace: DEFAULT_NAMESPACE,
      annotations,
      links: [
        {
          url: `https://${vpc.region}.console.aws.amazon.com/vpcconsole/home?region=${vpc.region}#VpcDetails:VpcId=${vpc.vpcId}`,
          title: 'VPC in the AWS console',
          icon: 'cloud',
        },
      ],
    },
    spec: {
      type: 'vpc',
      owner: vpc.owner,
    },
  };
  if (vpc.title) {
    entity.metadata.title = vpc.title;
  }
  if (vpc.description) {
    entity.metadata.description = vpc.description;
  }
  if (vpc.system) {
    entity.spec!.system = vpc.system;
  }
  return entity;
}
