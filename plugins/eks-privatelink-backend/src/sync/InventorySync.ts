import type { EC2Client, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  endpointServiceName,
  readVpcLocator,
  type EksEndpointService,
  validateRegion,
  validateVpcAnnotations,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  awsErrorMessage,
  describeEksService,
  describeSubnetZones,
  findVpcEksEndpoints,
  listEksEndpoints,
  readVpcDnsAttributes,
  resolveVpc,
  toInventoryEndpoint,
  type ResolvedVpc,
  type VpcDnsAttributes,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import {
  isLive,
  type EndpointInventoryStore,
  type ObservedEndpoint,
  type PrunedHistory,
  type ServiceAnswerCache,
  type VpcEntityLocation,
} from '../database/types';
import type {
  AppliedEndpoint,
  AppliedEndpointStore,
} from '../database/DatabaseAppliedStore';
import type { NotificationLog } from '../database/DatabaseNotificationLog';
import { isLiveManaged, withAppliedDrift } from './appliedDrift';
import { describeAwsFailure, reportAwsFailure } from './describeAwsFailure';
import { entityLabels } from './entityOwner';
import { withManagedGroupDrift } from './managedGroupDrift';
import { OwnerNotifier } from './notifyOwners';
import { chooseDnsReads, DEFAULT_DNS_REFRESH_RUNS } from './dnsReads';
import { mapWithConcurrency } from './mapWithConcurrency';
import { lacksZones, subnetsWithoutZones } from './subnetZones';

/** Hands out EC2 clients; `Ec2ClientFactory` from the -node package fits. */
export interface Ec2ClientSource {
  getClient(opts: { region: string; accountId?: string }): Promise<EC2Client>;
}

/** Options of {@link InventorySync}. */
export interface InventorySyncOptions {
  inventory: EndpointInventoryStore;
  serviceAnswers: ServiceAnswerCache;
  catalog: CatalogService;
  auth: AuthService;
  clients: Ec2ClientSource;
  logger: LoggerService;
  /** `eksPrivateLink.defaultRegion`. */
  defaultRegion?: string;
  /** VPCs whose DNS attributes are read at once per account and region. */
  concurrency?: number;
  /** How long a region's `DescribeVpcEndpointServices` answer is trusted. */
  serviceAnswerMaxAgeMs?: number;
  /** `eksPrivateLink.retention`: deleted endpoints and history older go. */
  retentionMs?: number;
  /** `eksPrivateLink.sync.dnsRefreshRuns`; see {@link chooseDnsReads}. */
  dnsRefreshRuns?: number;
  /**
   * What the portal applied to managed endpoints; without it only their
   * security group rules are checked for drift.
   */
  applied?: AppliedEndpointStore;
  /**
   * Owners are told when a managed endpoint fails, disappears or drifts;
   * without it nobody is.
   */
  notifications?: { service: NotificationService; log: NotificationLog };
  now?: () => Date;
}

/** One account and region that could not be read. */
export interface FailedScope {
  region: string;
  accountId?: string;
  vpcCount: number;
  /** What the records say. */
  error: string;
  /** AWS's full text, for the log only (it may name IAM identities). */
  detail: string;
}

/** What a full sync did. */
export interface SyncRunResult {
  entities: number;
  vpcs: number;
  scopes: number;
  failed: FailedScope[];
  endpoints: number;
  dnsReads: number;
  /** Entities that name a VPC but no region, so could not be synced. */
  withoutRegion: string[];
  /** Entities whose VPC annotations do not parse, with what to fix. */
  invalid: Array<{ entityRef: string; problem: string }>;
}

/** The catalog filter of VPC entities (design: Resource of type vpc). */
export const VPC_ENTITY_FILTER = { kind: 'Resource', 'spec.type': 'vpc' };

/** The entity fields the sync needs; the rest is never fetched. */
export const VPC_ENTITY_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'metadata.title',
  'spec.type',
  'spec.owner',
];

/** The endpoint services the inventory keeps: the EKS API and EKS Pod Identity. */
const INVENTORY_SERVICES: readonly EksEndpointService[] = ['eks', 'eks-auth'];

const DEFAULT_CONCURRENCY = 8;
// The service's AZs and features change rarely; asking every few hours keeps
// the sync at one DescribeVpcEndpoints per account and region most runs.
const DEFAULT_SERVICE_ANSWER_MAX_AGE_MS = 6 * 60 * 60 * 1000;
const REF_BATCH = 500;
const DEFAULT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

interface Scope {
  region: string;
  accountId?: string;
  vpcIds: Set<string>;
}

function scopeKey(region: string, accountId: string | undefined): string {
  return `${accountId ?? ''}|${region}`;
}

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
  private readonly serviceAnswerMaxAgeMs: number;
  private readonly dnsRefreshRuns: number;
  private readonly now: () => Date;
  private readonly notifier?: OwnerNotifier;

  constructor(private readonly options: InventorySyncOptions) {
    if (options.notifications) {
      this.notifier = new OwnerNotifier({
        log: options.notifications.log,
        notifications: options.notifications.service,
        logger: options.logger,
      });
    }
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.serviceAnswerMaxAgeMs =
      options.serviceAnswerMaxAgeMs ?? DEFAULT_SERVICE_ANSWER_MAX_AGE_MS;
    this.now = options.now ?? (() => new Date());
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
    const entities = await this.readVpcEntities();

    const locations: VpcEntityLocation[] = [];
    const withoutRegion: string[] = [];
    const invalid: SyncRunResult['invalid'] = [];
    const stillVpcs = new Set<string>();
    for (const entity of entities) {
      const entityRef = stringifyEntityRef(entity);
      if (!readVpcLocator(entity)) {
        continue;
      }
      stillVpcs.add(entityRef);
      const problem = this.annotationProblem(entity);
      if (problem) {
        invalid.push({ entityRef, problem });
        continue;
      }
      const vpc = this.resolve(entity);
      if (!vpc) {
        withoutRegion.push(entityRef);
        continue;
      }
      locations.push({
        entityRef,
        vpcId: vpc.vpcId,
        region: vpc.region,
        accountId: vpc.accountId ?? null,
        ...entityLabels(entity),
      });
    }

    const tracked = await inventory.listEntityRefs();
    await inventory.deleteEntities(tracked.filter(ref => !stillVpcs.has(ref)));
    await inventory.upsertEntities(locations, this.now());
    await inventory.markEntitiesInvalid(invalid, this.now());

    const scopes = new Map<string, Scope>();
    for (const l of locations) {
      const accountId = l.accountId ?? undefined;
      const key = scopeKey(l.region, accountId);
      const scope = scopes.get(key) ?? {
        region: l.region,
        accountId,
        vpcIds: new Set(),
      };
      scope.vpcIds.add(l.vpcId);
      scopes.set(key, scope);
    }

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

    if (result.failed.length > 0) {
      logger.warn(
        `EKS PrivateLink inventory sync: ${result.failed.length} of ${
          result.scopes
        } account/region(s) could not be read; their records are marked stale. ${result.failed
          .map(f => `${f.error} AWS said: ${f.detail}`)
          .join(' | ')}`,
      );
    }
    if (withoutRegion.length > 0) {
      logger.warn(
        `EKS PrivateLink inventory sync skipped ${
          withoutRegion.length
        } VPC entit${
          withoutRegion.length === 1 ? 'y' : 'ies'
        } with no region (${withoutRegion.slice(0, 5).join(', ')}${
          withoutRegion.length > 5 ? ', ...' : ''
        }): add the annotation aws.amazon.com/region or set eksPrivateLink.defaultRegion.`,
      );
    }
    if (invalid.length > 0) {
      logger.warn(
        `EKS PrivateLink inventory sync skipped ${invalid.length} VPC entit${
          invalid.length === 1 ? 'y' : 'ies'
        } whose annotations must be fixed first: ${invalid
          .slice(0, 5)
          .map(i => `${i.entityRef}: ${i.problem}`)
          .join(' | ')}${invalid.length > 5 ? ' | ...' : ''}`,
      );
    }
    logger.info(
      `EKS PrivateLink inventory sync: ${result.entities} entities, ${result.vpcs} VPCs in ${result.scopes} account/region(s), ${result.endpoints} endpoints, ${result.dnsReads} DNS reads, ${result.failed.length} failed`,
    );
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
    await this.pruneNotes(before);
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

  /** What the portal applied and the notifications sent, kept as long as the history. */
  private async pruneNotes(before: Date): Promise<void> {
    try {
      await this.options.applied?.prune(before);
      await this.options.notifications?.log.prune(before);
    } catch (err) {
      this.options.logger.warn(
        `EKS PrivateLink could not prune applied settings and sent notifications older than ${before.toISOString()}: ${err}`,
      );
    }
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

  private async readVpcEntities(): Promise<Entity[]> {
    const { catalog, auth, inventory } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    const seen = new Set<string>();
    for await (const page of catalog.streamEntities(
      { filter: VPC_ENTITY_FILTER, fields: VPC_ENTITY_FIELDS },
      { credentials },
    )) {
      for (const entity of page) {
        entities.push(entity);
        seen.add(stringifyEntityRef(entity));
      }
    }

    // Entities of other kinds that name a VPC get tracked when the card asks
    // for them; keep them in the scheduled sync while they still exist.
    const others = (await inventory.listEntityRefs()).filter(
      ref => !seen.has(ref),
    );
    for (let i = 0; i < others.length; i += REF_BATCH) {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs: others.slice(i, i + REF_BATCH),
          fields: VPC_ENTITY_FIELDS,
        },
        { credentials },
      );
      for (const entity of items) {
        if (entity) {
          entities.push(entity);
        }
      }
    }
    return entities;
  }

  private async syncScope(
    scope: Scope,
    result: SyncRunResult,
    signal?: AbortSignal,
  ): Promise<void> {
    const { inventory } = this.options;
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
        this.refreshServiceAnswer(client, region, signal),
      ]);
      const endpoints = await this.withDrift(
        client,
        await this.observe(client, raw, scope, at, signal),
        accountId,
        signal,
      );

      const privateDnsVpcs = chooseDnsReads(
        endpoints,
        await inventory.getDnsReadState({ region, accountId }),
        this.dnsRefreshRuns,
      );
      const dns = new Map<string, VpcDnsAttributes>();
      const vpcErrors = new Map<string, string>();
      await mapWithConcurrency(
        privateDnsVpcs,
        this.concurrency,
        async vpcId => {
          signal?.throwIfAborted();
          try {
            dns.set(
              vpcId,
              await readVpcDnsAttributes(client, vpcId, { signal }),
            );
          } catch (err) {
            vpcErrors.set(
              vpcId,
              reportAwsFailure(
                err,
                { region, accountId, vpcId },
                this.options.logger,
              ),
            );
          }
        },
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
      await this.notifyOwners({ region, accountId }, vpcIds, at);
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
    const { inventory } = this.options;
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
        this.refreshServiceAnswer(client, region),
      ]);
      await inventory.applySnapshot({
        region,
        accountId,
        vpcIds: [vpcId],
        endpoints: await this.withDrift(
          client,
          await this.observe(
            client,
            raw,
            { region, accountId, vpcIds: new Set([vpcId]) },
            at,
          ),
          accountId,
        ),
        dns: new Map([[vpcId, dns]]),
        at,
      });
      await this.notifyOwners({ region, accountId }, [vpcId], at);
    } catch (err) {
      const error = reportAwsFailure(
        err,
        { region, accountId, vpcId },
        this.options.logger,
      );
      await inventory.markFailed({ region, accountId }, [vpcId], error, at);
      throw new Error(error, { cause: err });
    }
  }

  /**
   * The drift of the live managed endpoints: their security group rules
   * (see {@link withManagedGroupDrift}) and, where the portal recorded what
   * it applied, subnets, groups, private DNS and policy, compared with the
   * endpoint read itself (no further AWS call).
   */
  private async withDrift(
    client: EC2Client,
    observed: ObservedEndpoint[],
    accountId: string | undefined,
    signal?: AbortSignal,
  ): Promise<ObservedEndpoint[]> {
    const applied = await this.readApplied(observed, accountId);
    return withAppliedDrift(
      await withManagedGroupDrift(
        client,
        observed,
        message => this.options.logger.warn(message),
        signal,
        id => applied.get(id)?.allowedSources ?? [],
      ),
      applied,
    );
  }

  private async readApplied(
    observed: ObservedEndpoint[],
    accountId: string | undefined,
  ): Promise<Map<string, AppliedEndpoint>> {
    const ids = observed
      .filter(isLiveManaged)
      .map(o => o.endpoint.vpcEndpointId);
    if (!this.options.applied || ids.length === 0) {
      return new Map();
    }
    try {
      return await this.options.applied.getApplied(accountId, ids);
    } catch (err) {
      this.options.logger.warn(
        `Could not read what the portal applied to ${ids.length} managed EKS endpoint(s); only their security group rules are checked for drift this time: ${err}`,
      );
      return new Map();
    }
  }

  /** Best effort: a failure is logged and never fails the sync. */
  private async notifyOwners(
    scope: { region: string; accountId?: string },
    vpcIds: string[],
    at: Date,
  ): Promise<void> {
    if (!this.notifier) {
      return;
    }
    try {
      await this.notifier.notifyScope(scope, vpcIds, at);
    } catch (err) {
      this.options.logger.warn(
        `EKS PrivateLink could not work out which owners to notify for ${
          scope.region
        }${scope.accountId ? ` (account ${scope.accountId})` : ''}: ${err}`,
      );
    }
  }

  /**
   * The endpoints of the scope's VPCs, joined in memory. Their AZs come from
   * the zonal DNS names, which AWS always returns: then this costs no call.
   * For endpoints without them (EC2 emulators), one `DescribeSubnets` by the
   * ids of just their subnets (200 a call) fills the AZs in; if that fails,
   * the endpoints are kept with the AZs that could be read.
   */
  private async observe(
    client: EC2Client,
    raw: VpcEndpoint[],
    scope: Scope,
    at: Date,
    signal?: AbortSignal,
  ): Promise<ObservedEndpoint[]> {
    const { region, accountId } = scope;
    const joined: Array<{ ep: VpcEndpoint; observed: ObservedEndpoint }> = [];
    for (const ep of raw) {
      if (ep.VpcId && ep.VpcEndpointId && scope.vpcIds.has(ep.VpcId)) {
        joined.push({
          ep,
          observed: {
            vpcId: ep.VpcId,
            endpoint: toInventoryEndpoint(ep, at),
          },
        });
      }
    }
    const missing = subnetsWithoutZones(
      joined
        .map(j => j.observed)
        .filter(isLive)
        .map(o => o.endpoint),
    );
    if (missing.length === 0) {
      return joined.map(j => j.observed);
    }
    let subnetAvailabilityZones: Record<string, string>;
    try {
      subnetAvailabilityZones = await describeSubnetZones(
        client,
        missing,
        signal,
      );
    } catch (err) {
      this.options.logger.warn(
        `Could not read the Availability Zones of ${
          missing.length
        } subnet(s) of EKS endpoints; the inventory shows the endpoints without them. ${describeAwsFailure(
          err,
          { region, accountId },
        )}`,
      );
      return joined.map(j => j.observed);
    }
    return joined.map(({ ep, observed }) =>
      isLive(observed) && lacksZones(observed.endpoint)
        ? {
            ...observed,
            endpoint: toInventoryEndpoint(ep, at, { subnetAvailabilityZones }),
          }
        : observed,
    );
  }

  /**
   * Refreshes the region's `DescribeVpcEndpointServices` answer of each
   * service the inventory keeps when it is missing or old: one call per
   * service, since asking for a service the region lacks fails the whole
   * call. Best effort: the rules fall back to config, then unknown.
   */
  private async refreshServiceAnswer(
    client: EC2Client,
    region: string,
    signal?: AbortSignal,
  ): Promise<void> {
    await Promise.all(
      INVENTORY_SERVICES.map(service =>
        this.refreshOneServiceAnswer(client, region, service, signal),
      ),
    );
  }

  private async refreshOneServiceAnswer(
    client: EC2Client,
    region: string,
    service: EksEndpointService,
    signal?: AbortSignal,
  ): Promise<void> {
    const { serviceAnswers, logger } = this.options;
    try {
      const stored = (
        await serviceAnswers.getServiceDescriptions([region], service)
      ).get(region);
      const age = stored
        ? this.now().getTime() - Date.parse(stored.checkedAt)
        : Infinity;
      if (age < this.serviceAnswerMaxAgeMs) {
        return;
      }
      await serviceAnswers.saveServiceDescription(
        region,
        await describeEksService(client, region, { signal }, service),
        this.now(),
        service,
      );
    } catch (err) {
      logger.debug(
        `Could not read the ${service} endpoint service of ${region}; the rules fall back to config, else unknown: ${err}`,
      );
    }
  }
}
