// The inventory records the API answers, built from what the stores keep
// (one entity, many, or one just read too recently to read again) or, for an
// entity whose annotations must be fixed, from the catalog alone.
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  readVpcLocator,
  type InventoryRecord,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ResolvedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import {
  EndpointInventoryStore,
  ServiceAnswerCache,
  StoredEntityRecord,
  TrackedVpcEntity,
  endpointsKey,
} from '../database/types';
import type { InventorySync } from '../sync/InventorySync';
import { RecordConfig, buildInventoryRecord } from './buildInventoryRecord';

/** What {@link InventoryRecords} reads. */
export interface InventoryRecordsOptions {
  inventory: EndpointInventoryStore;
  serviceAnswers: ServiceAnswerCache;
  config: RecordConfig;
  /** Resolves the VPC of an entity whose annotations must be fixed. */
  sync: Pick<InventorySync, 'resolve'>;
  /** `eksPrivateLink.refresh.minInterval`, in milliseconds. */
  refreshMinIntervalMs: number;
}

/** Builds the records of tracked entities. */
export class InventoryRecords {
  constructor(private readonly options: InventoryRecordsOptions) {}

  /** The stored record when its VPC was read too recently to read it again. */
  async recentRecord(
    entityRef: string,
    vpc: ResolvedVpc,
  ): Promise<InventoryRecord | undefined> {
    const stored = await this.options.inventory.getEntityRecord(entityRef);
    const lastAttempt = stored?.entity.lastAttemptAt;
    if (!stored || !lastAttempt || movedFrom(stored.entity, vpc)) {
      return undefined;
    }
    // Replicas' clocks differ a little: a read "from the future" is recent.
    const ageMs = Math.max(0, Date.now() - Date.parse(lastAttempt));
    if (ageMs >= this.options.refreshMinIntervalMs) {
      return undefined;
    }
    const record = this.toRecord(stored);
    return {
      ...record,
      sync: { ...record.sync, refreshedAgoSeconds: Math.floor(ageMs / 1000) },
    };
  }

  /**
   * The record of an entity whose annotations must be fixed: what they say,
   * no endpoints, and `sync.status: error` with what to fix. Built from the
   * catalog alone: such values are never stored.
   */
  invalidRecord(
    entityRef: string,
    entity: Entity,
    problem: string,
  ): InventoryRecord {
    const vpc = this.options.sync.resolve(entity);
    return buildInventoryRecord({
      entity: {
        entityRef,
        vpcId: readVpcLocator(entity)?.vpcId ?? '',
        region: vpc?.region ?? '',
        accountId: vpc?.accountId ?? null,
        dnsSupport: null,
        dnsHostnames: null,
        dnsCheckedAt: null,
        syncStatus: 'error',
        syncError: problem,
        lastSyncedAt: null,
        lastAttemptAt: null,
      },
      endpoints: [],
      config: this.options.config,
    });
  }

  async recordOf(entityRef: string): Promise<InventoryRecord> {
    const stored = await this.options.inventory.getEntityRecord(entityRef);
    if (!stored) {
      // Only when the entity was removed between the read and now.
      throw new NotFoundError(`No entity ${entityRef} found in the catalog`);
    }
    return this.toRecord(stored);
  }

  toRecord(stored: StoredEntityRecord): InventoryRecord {
    return buildInventoryRecord({
      entity: stored.entity,
      endpoints: stored.endpoints,
      service: stored.service,
      authService: stored.authService,
      config: this.options.config,
    });
  }

  async buildRecords(entities: TrackedVpcEntity[]): Promise<InventoryRecord[]> {
    if (entities.length === 0) {
      return [];
    }
    const { inventory, serviceAnswers, config } = this.options;
    const regions = entities.map(e => e.region);
    const [endpoints, services, authServices] = await Promise.all([
      inventory.getEndpointsForVpcs(entities),
      serviceAnswers.getServiceDescriptions(regions, 'eks'),
      serviceAnswers.getServiceDescriptions(regions, 'eks-auth'),
    ]);
    return entities.map(entity =>
      buildInventoryRecord({
        entity,
        endpoints:
          endpoints.get(
            endpointsKey(entity.vpcId, entity.region, entity.accountId),
          ) ?? [],
        service: services.get(entity.region),
        authService: authServices.get(entity.region),
        config,
      }),
    );
  }
}

/** Whether the entity's VPC annotations now name another VPC than the stored one. */
export function movedFrom(
  tracked: TrackedVpcEntity,
  vpc: ResolvedVpc,
): boolean {
  return (
    tracked.vpcId !== vpc.vpcId ||
    tracked.region !== vpc.region ||
    tracked.accountId !== (vpc.accountId ?? null)
  );
}
