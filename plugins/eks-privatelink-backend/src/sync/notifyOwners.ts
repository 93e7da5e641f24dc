import type { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { createHash } from 'node:crypto';
import { accountKey } from '../database/tables';
import type {
  EndpointEventCandidate,
  EndpointEventKind,
  NotificationLog,
  VpcEntityOwner,
} from '../database/DatabaseNotificationLog';
import type { AccountRegion } from '../database/types';

/** The notifications topic owners can filter on. */
const NOTIFICATION_TOPIC = 'eks-privatelink';

/**
 * How long an endpoint must have been gone before its owner hears of it:
 * the delete action reports its deletes only after it has waited for them
 * and removed the managed group, so a sync in between must not take the
 * portal's own delete for someone else's.
 */
export const GONE_GRACE_MS = 15 * 60 * 1000;

/**
 * Endpoints gone longer than the grace plus this are not reported: they
 * went before this feature was installed, or while syncs kept failing.
 */
const GONE_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** One thing an owner is told, before it is known who the owner is. */
export interface EndpointEvent {
  kind: EndpointEventKind;
  key: string;
  candidate: EndpointEventCandidate;
}

function serviceWords(serviceName: string | null): string {
  return serviceName?.endsWith('.eks-auth')
    ? 'EKS Pod Identity endpoint'
    : 'EKS API endpoint';
}

function driftKey(candidate: EndpointEventCandidate): string {
  const sorted = [...candidate.drift].sort((a, b) =>
    `${a.field}\u0000${a.actual}`.localeCompare(`${b.field}\u0000${b.actual}`),
  );
  const hash = createHash('sha256')
    .update(sorted.map(d => `${d.field}=${d.actual}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return `${[...new Set(sorted.map(d => d.field))].join(',')}:${hash}`;
}

/**
 * The events among the candidates, with their keys: a failed endpoint (once
 * per run of failures), one gone between `goneSince` and `goneBefore`, and a
 * live one with drift (once per distinct drift).
 */
export function endpointEvents(
  candidates: EndpointEventCandidate[],
  scope: AccountRegion,
  window: { goneSince: Date; goneBefore: Date },
): EndpointEvent[] {
  const account = accountKey(scope.accountId);
  const events: EndpointEvent[] = [];
  for (const c of candidates) {
    const id = `${account}:${c.vpcEndpointId}`;
    const deletedAt = c.deletedAt ? Date.parse(c.deletedAt) : NaN;
    if (c.deletedAt || c.state === 'deleted') {
      if (
        deletedAt >= window.goneSince.getTime() &&
        deletedAt <= window.goneBefore.getTime()
      ) {
        events.push({ kind: 'gone', key: `gone:${id}`, candidate: c });
      }
    } else if (c.state === 'failed') {
      events.push({
        kind: 'failed',
        key: `failed:${id}:${c.failedSince ?? 'unknown'}`,
        candidate: c,
      });
    } else if (c.state !== 'deleting' && c.drift.length > 0) {
      events.push({
        kind: 'drift',
        key: `drift:${id}:${driftKey(c)}`,
        candidate: c,
      });
    }
  }
  return events;
}

function entityLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(name)}`;
}

/** The notification's title and description for an event. */
function describeEvent(
  event: EndpointEvent,
  entityRefs: string[],
  scope: AccountRegion,
): { title: string; description: string } {
  const c = event.candidate;
  const what = `${serviceWords(c.serviceName)} ${c.vpcEndpointId}`;
  const where = `${c.vpcId} in ${scope.region}${
    scope.accountId ? ` (account ${scope.accountId})` : ''
  }, catalog entit${entityRefs.length === 1 ? 'y' : 'ies'} ${entityRefs.join(
    ', ',
  )}`;
  switch (event.kind) {
    case 'failed':
      return {
        title: `EKS endpoint failed in ${c.vpcId}`,
        description: `The ${what} of ${where} is in state failed, so clusters there cannot be reached privately through it. Its card shows AWS's error; delete it and run the endpoint template again.`,
      };
    case 'gone':
      return {
        title: `EKS endpoint disappeared from ${c.vpcId}`,
        description: `The ${what} that the portal manages in ${where} was deleted outside the portal. Calls from the VPC now leave it for the public endpoint (or fail). Run the endpoint template again if it is still needed.`,
      };
    default:
      return {
        title: `EKS endpoint in ${c.vpcId} differs from what the portal set up`,
        description: `The ${what} of ${where} was changed outside the portal: ${c.drift
          .map(
            d => `${d.field} is now ${d.actual} (the portal set ${d.expected})`,
          )
          .join(
            '; ',
          )}. Run the template with onExisting: update to set it back, or run it with the new values to keep them.`,
      };
  }
}

/**
 * Tells the owners of the entities of a VPC when one of its managed
 * endpoints fails, disappears without the portal deleting it, or drifts.
 * Each event is recorded in the {@link NotificationLog} first; only the
 * caller that recorded it sends, so replicas and later syncs never repeat
 * it. A failed send is logged (a warning the first time) and never fails
 * the sync.
 */
export class OwnerNotifier {
  private warned = false;

  constructor(
    private readonly options: {
      log: NotificationLog;
      notifications: NotificationService;
      logger: LoggerService;
    },
  ) {}

  /** Looks at the managed endpoints of these VPCs after a sync wrote them. */
  async notifyScope(
    scope: AccountRegion,
    vpcIds: string[],
    at: Date,
  ): Promise<number> {
    const { log, logger } = this.options;
    const goneBefore = new Date(at.getTime() - GONE_GRACE_MS);
    const goneSince = new Date(goneBefore.getTime() - GONE_LOOKBACK_MS);
    const events = endpointEvents(
      await log.findCandidates(scope, vpcIds, goneSince),
      scope,
      { goneSince, goneBefore },
    );
    if (events.length === 0) {
      return 0;
    }
    const entities = await log.entitiesOf(scope, [
      ...new Set(events.map(e => e.candidate.vpcId)),
    ]);
    let sent = 0;
    for (const event of events) {
      const ofVpc = entities.filter(e => e.vpcId === event.candidate.vpcId);
      const owned = ofVpc.filter((e): e is VpcEntityOwner & { owner: string } =>
        Boolean(e.owner),
      );
      for (const e of ofVpc.filter(x => !x.owner)) {
        logger.debug(
          `EKS PrivateLink: ${e.entityRef} has no owner, so nobody is told that ${event.key} happened`,
        );
      }
      if (owned.length === 0) {
        continue;
      }
      const claimed = await log.claim(
        {
          eventKey: event.key,
          entityRef: owned[0].entityRef,
          kind: event.kind,
        },
        at,
      );
      if (claimed && (await this.send(event, owned, scope))) {
        sent += 1;
      }
    }
    return sent;
  }

  /**
   * One notification per owner, naming only that owner's entities of the
   * VPC: an owner never learns of another team's entity through it. True
   * when at least one was sent.
   */
  private async send(
    event: EndpointEvent,
    owned: Array<VpcEntityOwner & { owner: string }>,
    scope: AccountRegion,
  ): Promise<boolean> {
    let sent = false;
    for (const owner of new Set(owned.map(e => e.owner))) {
      const theirs = owned.filter(e => e.owner === owner);
      if (await this.sendTo(owner, event, theirs, scope)) {
        sent = true;
      }
    }
    return sent;
  }

  private async sendTo(
    owner: string,
    event: EndpointEvent,
    theirs: VpcEntityOwner[],
    scope: AccountRegion,
  ): Promise<boolean> {
    const { title, description } = describeEvent(
      event,
      theirs.map(e => e.entityRef),
      scope,
    );
    try {
      await this.options.notifications.send({
        recipients: { type: 'entity', entityRef: owner },
        payload: {
          title,
          description,
          link: entityLink(theirs[0].entityRef),
          severity: event.kind === 'drift' ? 'normal' : 'high',
          topic: NOTIFICATION_TOPIC,
          scope: event.key,
        },
      });
      return true;
    } catch (error) {
      const message = `EKS PrivateLink could not notify ${owner}, owner of ${
        theirs[0].entityRef
      } (${event.key}): ${
        (error as Error).message
      }. Is the notifications backend plugin installed?`;
      if (this.warned) {
        this.options.logger.debug(message);
      } else {
        this.warned = true;
        this.options.logger.warn(message);
      }
      return false;
    }
  }
}
