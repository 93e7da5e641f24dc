import type { Entity } from '@backstage/catalog-model';
import type { VpcLocator } from './types';

/**
 * The entity annotations that locate a VPC, in the order they are read.
 *
 * @public
 */
export const EKS_ANNOTATIONS = {
  /** The VPC id, as this project writes it. */
  vpcId: 'aws.amazon.com/vpc-id',
  /** The VPC id, as RoadieHQ's AWS VPC entity provider writes it. */
  legacyVpcId: 'amazonaws.com/vpc-id',
  /** The resource ARN, as the AWS Config catalog provider writes it. */
  arn: 'aws.amazon.com/arn',
  /** The AWS region of the VPC. */
  region: 'aws.amazon.com/region',
  /** The 12-digit AWS account id that owns the VPC. */
  accountId: 'aws.amazon.com/account-id',
} as const;

/**
 * The parts of an EC2 VPC ARN.
 *
 * @public
 */
export interface VpcArn {
  partition: string;
  region: string;
  accountId: string;
  vpcId: string;
}

// Partitions: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-eusc, ...
const VPC_ARN =
  /^arn:(aws(?:-[a-z]+)*):ec2:([a-z0-9-]+):(\d{12}):vpc\/(vpc-[0-9a-f]+)$/;

/**
 * Parses `arn:<partition>:ec2:<region>:<account>:vpc/<vpc-id>`.
 *
 * @returns the parts, or undefined when the text is not a VPC ARN.
 * @public
 */
export function parseVpcArn(arn: string): VpcArn | undefined {
  const match = VPC_ARN.exec(arn.trim());
  if (!match) {
    return undefined;
  }
  const [, partition, region, accountId, vpcId] = match;
  return { partition, region, accountId, vpcId };
}

function annotation(entity: Entity, key: string): string | undefined {
  const value = entity.metadata.annotations?.[key]?.trim();
  return value ? value : undefined;
}

/**
 * Reads where a VPC lives from an entity's annotations, first found wins:
 * the VPC id from `aws.amazon.com/vpc-id`, `amazonaws.com/vpc-id`, then the
 * VPC ARN in `aws.amazon.com/arn`; the region and account from their own
 * annotations, then from that ARN. Pure: no config, no AWS calls.
 *
 * @returns the locator, or undefined when no VPC id is found.
 * @public
 */
export function readVpcLocator(entity: Entity): VpcLocator | undefined {
  const arnText = annotation(entity, EKS_ANNOTATIONS.arn);
  const arn = arnText ? parseVpcArn(arnText) : undefined;

  const vpcId =
    annotation(entity, EKS_ANNOTATIONS.vpcId) ??
    annotation(entity, EKS_ANNOTATIONS.legacyVpcId) ??
    arn?.vpcId;
  if (!vpcId) {
    return undefined;
  }

  const locator: VpcLocator = { vpcId };
  const region = annotation(entity, EKS_ANNOTATIONS.region) ?? arn?.region;
  if (region) {
    locator.region = region;
  }
  const accountId =
    annotation(entity, EKS_ANNOTATIONS.accountId) ?? arn?.accountId;
  if (accountId) {
    locator.accountId = accountId;
  }
  return locator;
}

/**
 * Whether the entity is a VPC in the catalog's sense: `kind: Resource` with
 * `spec.type: vpc`.
 *
 * @public
 */
export function isVpcEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    typeof entity.spec?.type === 'string' &&
    entity.spec.type.toLocaleLowerCase('en-US') === 'vpc'
  );
}
