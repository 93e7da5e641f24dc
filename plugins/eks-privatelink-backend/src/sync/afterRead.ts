// What the sync does with the endpoints it read besides storing them: works
// out their drift from what the portal applied, tells owners of endpoints
// that failed, disappeared or drifted, and prunes those notes with the
// history. Each step is best effort: a failure is logged, never fails a sync.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ObservedEndpoint } from '../database/types';
import type {
  AppliedEndpoint,
  AppliedEndpointStore,
} from '../database/DatabaseAppliedStore';
import type { NotificationLog } from '../database/DatabaseNotificationLog';
import { isLiveManaged, withAppliedDrift } from './appliedDrift';
import { withManagedGroupDrift } from './managedGroupDrift';
import { OwnerNotifier } from './notifyOwners';

/** What {@link AfterRead} needs; a subset of the sync's options. */
export interface AfterReadOptions {
  logger: LoggerService;
  applied?: AppliedEndpointStore;
  notifications?: { service: NotificationService; log: NotificationLog };
}

/** The steps that follow reading endpoints from AWS. */
export class AfterRead {
  private readonly notifier?: OwnerNotifier;

  constructor(private readonly options: AfterReadOptions) {
    if (options.notifications) {
      this.notifier = new OwnerNotifier({
        log: options.notifications.log,
        notifications: options.notifications.service,
        logger: options.logger,
      });
    }
  }

  /**
   * The drift of the live managed endpoints: their security group rules
   * (see {@link withManagedGroupDrift}) and, where the portal recorded what
   * it applied, subnets, groups, private DNS and policy, compared with the
   * endpoint read itself (no further AWS call).
   */
  async withDrift(
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
  async notifyOwners(
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

  /** What the portal applied and the notifications sent, kept as long as the history. */
  async pruneNotes(before: Date): Promise<void> {
    try {
      await this.options.applied?.prune(before);
      await this.options.notifications?.log.prune(before);
    } catch (err) {
      this.options.logger.warn(
        `EKS PrivateLink could not prune applied settings and sent notifications older than ${before.toISOString()}: ${err}`,
      );
    }
  }
}
