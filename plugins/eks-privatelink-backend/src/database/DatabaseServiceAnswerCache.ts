import type {
  EksEndpointService,
  EksServiceDescription,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { Knex } from 'knex';
import { ServiceRow, serviceFromRow } from './rows';
import { SERVICES, chunks } from './tables';
import type { ServiceAnswerCache, StoredServiceDescription } from './types';

/**
 * The {@link ServiceAnswerCache} on the plugin's database, one row a region
 * and service.
 */
export class DatabaseServiceAnswerCache implements ServiceAnswerCache {
  constructor(private readonly knex: Knex) {}

  async getServiceDescriptions(
    regions: string[],
    service: EksEndpointService = 'eks',
  ): Promise<Map<string, StoredServiceDescription>> {
    const result = new Map<string, StoredServiceDescription>();
    for (const part of chunks([...new Set(regions)])) {
      const rows: ServiceRow[] = await this.knex(SERVICES)
        .whereIn('region', part)
        .andWhere('service', service)
        .select();
      for (const row of rows) {
        result.set(row.region, serviceFromRow(row));
      }
    }
    return result;
  }

  async saveServiceDescription(
    region: string,
    description: EksServiceDescription,
    at: Date = new Date(),
    service: EksEndpointService = 'eks',
  ): Promise<void> {
    const columns = {
      service_exists: description.exists,
      availability_zones: JSON.stringify(description.availabilityZones),
      policy_supported: description.policySupported,
      ip_address_types: JSON.stringify(description.ipAddressTypes),
      checked_at: at,
    };
    await this.knex(SERVICES)
      .insert({ region, service, ...columns })
      .onConflict(['region', 'service'])
      .merge(columns);
  }
}
