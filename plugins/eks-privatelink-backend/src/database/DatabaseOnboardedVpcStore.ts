import type { OnboardedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { Knex } from 'knex';
import { OnboardedRow, onboardedFromRow } from './rows';
import { ONBOARDED } from './tables';
import type { OnboardedVpcStore } from './types';

// The table's primary key. No account given is stored as '' (see the
// migration), so that the key stays unique.
function onboardedKey(
  vpc: Pick<OnboardedVpc, 'vpcId' | 'region' | 'accountId'>,
) {
  return {
    vpc_id: vpc.vpcId,
    region: vpc.region,
    account_id: vpc.accountId ?? '',
  };
}

/** The {@link OnboardedVpcStore} on the plugin's database. */
export class DatabaseOnboardedVpcStore implements OnboardedVpcStore {
  constructor(private readonly knex: Knex) {}

  async insertOnboardedVpc(
    vpc: Omit<OnboardedVpc, 'createdAt'>,
    at: Date = new Date(),
  ): Promise<OnboardedVpc> {
    const key = onboardedKey(vpc);
    await this.knex(ONBOARDED)
      .insert({
        ...key,
        name: vpc.name,
        title: vpc.title,
        description: vpc.description,
        owner: vpc.owner,
        system: vpc.system,
        created_at: at,
        updated_at: at,
      })
      .onConflict()
      .ignore();
    const row: OnboardedRow | undefined =
      (await this.knex(ONBOARDED).where(key).first()) ??
      (await this.knex(ONBOARDED).where({ name: vpc.name }).first());
    if (!row) {
      // Only when another writer removed it in between.
      throw new Error(`${vpc.vpcId} was not recorded; try again`);
    }
    return onboardedFromRow(row);
  }

  async deleteOnboardedVpc(
    vpc: Pick<OnboardedVpc, 'vpcId' | 'region' | 'accountId'>,
  ): Promise<boolean> {
    const removed = await this.knex(ONBOARDED)
      .where(onboardedKey(vpc))
      .delete();
    return removed > 0;
  }

  async listOnboardedVpcs(): Promise<OnboardedVpc[]> {
    const rows: OnboardedRow[] = await this.knex(ONBOARDED)
      .select()
      .orderBy(['region', 'vpc_id', 'account_id']);
    return rows.map(onboardedFromRow);
  }
}
