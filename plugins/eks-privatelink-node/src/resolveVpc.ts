import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  EKS_ANNOTATIONS,
  readVpcLocator,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** Where a VPC lives, with the region settled. @public */
export interface ResolvedVpc {
  vpcId: string;
  region: string;
  /** Absent: the default credentials' account. */
  accountId?: string;
}

/** Options of {@link resolveVpc}. @public */
export interface ResolveVpcOptions {
  /** `eksPrivateLink.defaultRegion`, used when the entity names no region. */
  defaultRegion?: string;
}

/**
 * Resolves an entity to its VPC: the id, region and account from the
 * annotations (see `readVpcLocator`), the region falling back to
 * `defaultRegion`.
 *
 * @returns undefined when the entity names no VPC, or names one but no region
 *   can be found; {@link requireVpc} says which.
 * @public
 */
export function resolveVpc(
  entity: Entity,
  options: ResolveVpcOptions = {},
): ResolvedVpc | undefined {
  const locator = readVpcLocator(entity);
  if (!locator) {
    return undefined;
  }
  const region = locator.region ?? options.defaultRegion;
  if (!region) {
    return undefined;
  }
  const resolved: ResolvedVpc = { vpcId: locator.vpcId, region };
  if (locator.accountId) {
    resolved.accountId = locator.accountId;
  }
  return resolved;
}

/**
 * Like {@link resolveVpc}, but throws an `InputError` that names the missing
 * annotation or setting.
 *
 * @public
 */
export function requireVpc(
  entity: Entity,
  options: ResolveVpcOptions = {},
): ResolvedVpc {
  const resolved = resolveVpc(entity, options);
  if (resolved) {
    return resolved;
  }
  const ref = stringifyEntityRef(entity);
  if (!readVpcLocator(entity)) {
    throw new InputError(
      `${ref} names no VPC: add the annotation ${EKS_ANNOTATIONS.vpcId} (e.g. vpc-0a1b2c3d4e5f67890) or ${EKS_ANNOTATIONS.arn} with the VPC's ARN.`,
    );
  }
  throw new InputError(
    `${ref} names a VPC but no region: add the annotation ${EKS_ANNOTATIONS.region} (e.g. us-east-1) or set eksPrivateLink.defaultRegion in app-config.`,
  );
}
