// The records of VPCs onboarded through the portal, from which the catalog
// module makes entities: saving one (once per VPC and name), removing one,
// listing them.
import { ConflictError } from '@backstage/errors';
import type { OnboardedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { OnboardedVpcStore } from '../database/types';

/** The onboarded-VPC side of {@link InventoryService}. */
export class OnboardedVpcs {
  constructor(private readonly store: OnboardedVpcStore) {}

  /**
   * Records an onboarded VPC. The same VPC with the same name and owner
   * again is a no-op; a VPC or a name that another record holds is a
   * `ConflictError`, whoever got there first.
   */
  async save(vpc: Omit<OnboardedVpc, 'createdAt'>): Promise<OnboardedVpc> {
    const kept = await this.store.insertOnboardedVpc(vpc);
    const sameVpc =
      kept.vpcId === vpc.vpcId &&
      kept.region === vpc.region &&
      kept.accountId === vpc.accountId;
    if (sameVpc && kept.name === vpc.name && kept.owner === vpc.owner) {
      return kept;
    }
    throw new ConflictError(
      sameVpc
        ? `${vpc.vpcId} in ${vpc.region} is already recorded for onboarding under another name or owner; open its entity instead of onboarding it again.`
        : `The name ${vpc.name} is already taken by another onboarded VPC; choose another name for ${vpc.vpcId}.`,
    );
  }

  /** Removes an onboarded VPC's record; the catalog module drops its entity. */
  async remove(
    vpc: Pick<OnboardedVpc, 'vpcId' | 'region' | 'accountId'>,
  ): Promise<{ removed: boolean }> {
    return {
      removed: await this.store.deleteOnboardedVpc(vpc),
    };
  }

  async list(): Promise<{ items: OnboardedVpc[] }> {
    return { items: await this.store.listOnboardedVpcs() };
  }
}
