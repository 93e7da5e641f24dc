// The inventory sync: reads EKS endpoints from AWS into the store, for every
// VPC entity on a schedule or for one VPC on demand. Its steps live beside
// it: vpcEntities (catalog), observeEndpoints, readScopeDns, afterRead
// (drift, notices, pruning), serviceAnswerRefresh and syncRunLog.
import type { Entity } from '@backstage/catalog-model';
import {
  endpointServiceName,
  readVpcLocator,
  validateRegion,
  validateVpcAnnotations,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  awsErrorMessage,
  findVpcEksEndpoints,
  listEksEndpoints,
  readVpcDnsAttributes,
  resolveVpc,
  type ResolvedVpc,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type { PrunedHistory } from '../database/types';
import { AfterRead } from './afterRead';
import { describeAwsFailure, reportAwsFailure } from './describeAwsFailure';
import { chooseDnsReads, DEFAULT_DNS_REFRESH_RUNS } from './dnsReads';
import { observeEndpoints } from './observeEndpoints';
import { readScopeDns } from './readScopeDns';
import { ServiceAnswerRefresh } from './serviceAnswerRefresh';
import { logSyncRun } from './syncRunLog';
import {
  INVENTORY_SERVICES,
  type InventorySyncOptions,
  type Scope,
  type SyncRunResult,
} from './syncTypes';
import {
  groupIntoScopes,
  locateVpcEntities,
  readVpcEntities,
} from './vpcEntities';

export type {
  Ec2ClientSource,
  FailedScope,
  InventorySyncOptions,
  SyncRunResult,
} from './syncTypes';
export { VPC_ENTITY_FIELDS, VPC_ENTITY_FILTER } from './vpcEntities';

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

function vpcRefreshKey(vpc: ResolvedVpc): string {
  return `${vpc.accountId ?? ''}|${vpc.region}|${vpc.vpcId}`;
}

/**
 * Reads EKS interface endpoints from AWS into the
 * {@link EndpointInventoryStore}.
 *
 * A full sync costs one paginated `DescribeVpcEndpoints` (by service name)
 * per account and region, joined to the catalog's VPC entities in memory,
 * plus two `DescribeVpcAttribute` calls per VPC that has a private-DNS
 * endpoint — the only VPCs whose DNS attributes decide whether the endpoint
 * works — when the VPC is due (see {@link chooseDnsReads}): never read, its
 * endpoints changed, or among the reads longest ago. A failed account/region
 * marks only its own records stale.
 *
 * A refresh of one VPC costs one `DescribeVpcEndpoints` filtered by `vpc-id`
 * and `service-name` plus the two DNS reads; concurrent refreshes of the same
 * VPC share one read.
 */
export class InventorySync {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly concurrency: number;
  private readonly dnsRefreshRuns: number;
  private readonly now: () => Date;
  private readonly afterRead: AfterRead;
  private readonly serviceAnswers: ServiceAnswerRefresh;

  constructor(private readonly options: InventorySyncOptions) {
    this.afterRead = new AfterRead(options);
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.now = options.now ?? (() => new Date());
    this.serviceAnswers = new ServiceAnswerRefresh({
      serviceAnswers: options.serviceAnswers,
      logger: options.logger,
      now: this.now,
      maxAgeMs: options.serviceAnswerMaxAgeMs,
    });
    this.dnsRefreshRuns = options.dnsRefreshRuns ?? DEFAULT_DNS_REFRESH_RUNS;
  }

  /** Where an entity's VPC lives, with the configured default region. */
  resolve(entity: Entity): ResolvedVpc | undefined {
    return resolveVpc(entity, { defaultRegion: this.options.defaultRegion });
  }

  /**
   * What must be fixed before the entity's VPC can be read: a VPC id,
   * region or account that is not one (in an annotation, or the default
   * region in config). Such values would not fit the inventory's columns and
   * no AWS call could use them, so they are refused before either.
   */
  annotationProblem(entity: Entity): string | undefined {
    const { defaultRegion } = this.options;
    return (
      validateVpcAnnotations(entity) ??
      (defaultRegion && !readVpcLocator(entity)?.region
        ? validateRegion(defaultRegion, 'eksPrivateLink.defaultRegion')
        : undefined)
    );
  }

  /**
   * The scheduled task: every VPC entity of the catalog, all accounts. The
   * scheduler aborts `signal` when the run exceeds its timeout; account/
   * regions not written by then keep their data and turn stale.
   */
  async syncAll(signal?: AbortSignal): Promise<SyncRunResult> {
    const { inventory, logger } = this.options;
    const entities = await readVpcEntities(this.options);
    const { locations, withoutRegion, invalid, stillVpcs } = locateVpcEntities(
      entities,
      this,
    );

    const tracked = await inventory.listEntityRefs();
    await inventory.deleteEntities(tracked.filter(ref => !stillVpcs.has(ref)));
    await inventory.upsertEntities(locations, this.now());
    await inventory.markEntitiesInvalid(invalid, this.now());

    const scopes = groupIntoScopes(locations);
    const result: SyncRunResult = {
      entities: locations.length,
      vpcs: [...scopes.values()].reduce((n, s) => n + s.vpcIds.size, 0),
      scopes: scopes.size,
      failed: [],
      endpoints: 0,
      dnsReads: 0,
      withoutRegion,
      invalid,
    };

    // Accounts and regions are independent; each bounds its own calls.
    await Promise.all(
      [...scopes.values()].map(scope => this.syncScope(scope, result, signal)),
    );

    logSyncRun(logger, result);
    return result;
  }

  /**
   * Removes endpoints deleted longer ago than `eksPrivateLink.retention`
   * and state history older than that, so the tables stop growing with
   * every endpoint that ever came and went.
   */
  async pruneHistory(): Promise<PrunedHistory> {
    const retentionMs = this.options.retentionMs ?? DEFAULT_RETENTION_MS;
    const before = new Date(this.now().getTime() - retentionMs);
    const pruned = await this.options.inventory.pruneHistory(before);
    await this.afterRead.pruneNotes(before);
    if (pruned.endpoints > 0 || pruned.stateChanges > 0) {
      this.options.logger.info(
        `EKS PrivateLink inventory: removed ${
          pruned.endpoints
        } endpoint(s) deleted and ${
          pruned.stateChanges
        } state change(s) recorded before ${before.toISOString()} (eksPrivateLink.retention)`,
      );
    }
    return pruned;
  }

  /**
   * Reads one VPC from AWS now and writes it for every entity of that VPC.
   * Concurrent calls for the same VPC share one read. Rejects with the AWS
   * failure after recording it on the entities.
   */
  refreshVpc(vpc: ResolvedVpc): Promise<void> {
    const key = vpcRefreshKey(vpc);
    const running = this.inFlight.get(key);
    if (running) {
      return running;
    }
    const refresh = this.readOneVpc(vpc).finally(() => {
      this.inFlight.delete(key);
    });
    this.inFlight.set(key, refresh);
    return refresh;
  }

  private async syncScope(
    scope: Scope,
    result: SyncRunResult,
    signal?: AbortSignal,
  ): Promise<void> {
    const { inventory, logger } = this.options;
    const { region, accountId } = scope;
    const vpcIds = [...scope.vpcIds];
    const at = this.now();
    try {
      const client = await this.options.clients.getClient({
        region,
        accountId,
      });
      const [raw] = await Promise.all([
        listEksEndpoints(client, region, signal, INVENTORY_SERVICES),
        this.serviceAnswers.refresh(client, region, signal),
      ]);
      const endpoints = await this.afterRead.withDrift(
        client,
        await observeEndpoints(client, raw, scope, at, logger, signal),
        accountId,
        signal,
      );

      const privateDnsVpcs = chooseDnsReads(
        endpoints,
        await inventory.getDnsReadState({ region, accountId }),
        this.dnsRefreshRuns,
      );
      const { dns, vpcErrors } = await readScopeDns(
        client,
        { region, accountId },
        privateDnsVpcs,
        { concurrency: this.concurrency, logger, signal },
      );

      signal?.throwIfAborted();
      await inventory.applySnapshot({
        region,
        accountId,
        vpcIds,
        endpoints,
        dns,
        vpcErrors,
        at,
      });
      result.endpoints += endpoints.length;
      result.dnsReads += privateDnsVpcs.length;
      await this.afterRead.notifyOwners({ region, accountId }, vpcIds, at);
    } catch (err) {
      const error = signal?.aborted
        ? `The sync run of ${region} (${
            accountId ? `account ${accountId}` : 'the default AWS account'
          }) was stopped by eksPrivateLink.sync.timeout before it was written; raise the timeout`
        : describeAwsFailure(err, { region, accountId });
      result.failed.push({
        region,
        accountId,
        vpcCount: vpcIds.length,
        error,
        detail: awsErrorMessage(err),
      });
      await inventory.markFailed({ region, accountId }, vpcIds, error, at);
    }
  }

  private async readOneVpc(vpc: ResolvedVpc): Promise<void> {
    const { inventory, logger } = this.options;
    const { vpcId, region, accountId } = vpc;
    const at = this.now();
    try {
      const client = await this.options.clients.getClient({
        region,
        accountId,
      });
      const [raw, dns] = await Promise.all([
        findVpcEksEndpoints(
          client,
          vpcId,
          INVENTORY_SERVICES.map(s => endpointServiceName(s, region)),
        ),
        readVpcDnsAttributes(client, vpcId),
        this.serviceAnswers.refresh(client, region),
      ]);
      await inventory.applySnapshot({
        region,
        accountId,
        vpcIds: [vpcId],
        endpoints: await this.afterRead.withDrift(
          client,
          await observeEndpoints(
            client,
            raw,
            { region, accountId, vpcIds: new Set([vpcId]) },
            at,
            logger,
          ),
          accountId,
        ),
        dns: new Map([[vpcId, dns]]),
        at,
      });
      await this.afterRead.notifyOwners({ region, accountId }, [vpcId], at);
    } catch (err) {
      const error = reportAwsFailure(err, { region, accountId, vpcId }, logger);
      await inventory.markFailed({ region, accountId }, [vpcId], error, at);
      throw new Error(error, { cause: err });
    }
  }
}
