import { mockServices } from '@backstage/backend-test-utils';
import type {
  EndpointEventCandidate,
  NotificationLog,
  VpcEntityOwner,
} from '../database/DatabaseNotificationLog';
import { GONE_GRACE_MS, OwnerNotifier, endpointEvents } from './notifyOwners';

const AT = new Date('2026-02-01T12:00:00.000Z');
const SCOPE = { region: 'us-east-1', accountId: '123456789012' };

function candidate(
  fields: Partial<EndpointEventCandidate>,
): EndpointEventCandidate {
  return {
    vpcEndpointId: 'vpce-0a000001',
    vpcId: 'vpc-0a000001',
    serviceName: 'com.amazonaws.us-east-1.eks-auth',
    state: 'available',
    failedSince: null,
    deletedAt: null,
    drift: [],
    ...fields,
  };
}

function fakeLog(
  candidates: EndpointEventCandidate[],
  entities: VpcEntityOwner[],
): NotificationLog & { claimed: Set<string> } {
  const claimed = new Set<string>();
  return {
    claimed,
    async claim({ eventKey }) {
      if (claimed.has(eventKey)) {
        return false;
      }
      claimed.add(eventKey);
      return true;
    },
    findCandidates: async () => candidates,
    entitiesOf: async () => entities,
    prune: async () => 0,
  };
}

describe('endpointEvents', () => {
  const window = {
    goneSince: new Date(AT.getTime() - 24 * 3600_000),
    goneBefore: new Date(AT.getTime() - GONE_GRACE_MS),
  };

  it('keys failures by when they began and drift by what drifted', () => {
    const drift = (actual: string) => [
      { field: 'privateDns', expected: 'on', actual, message: '' },
    ];
    const events = endpointEvents(
      [
        candidate({ state: 'failed', failedSince: '2026-02-01T11:00:00.000Z' }),
        candidate({ vpcEndpointId: 'vpce-0a000002', drift: drift('off') }),
        candidate({ vpcEndpointId: 'vpce-0a000003', drift: drift('off?') }),
      ],
      SCOPE,
      window,
    );
    expect(events.map(e => e.key)).toEqual([
      'failed:123456789012:vpce-0a000001:2026-02-01T11:00:00.000Z',
      expect.stringMatching(
        /^drift:123456789012:vpce-0a000002:privateDns:[0-9a-f]{16}$/,
      ),
      expect.stringMatching(
        /^drift:123456789012:vpce-0a000003:privateDns:[0-9a-f]{16}$/,
      ),
    ]);
    expect(events[1].key.slice(-16)).not.toBe(events[2].key.slice(-16));
  });

  it('waits out the grace before calling an endpoint gone', () => {
    const gone = (minutesAgo: number) =>
      candidate({
        state: 'deleted',
        deletedAt: new Date(AT.getTime() - minutesAgo * 60_000).toISOString(),
      });
    expect(endpointEvents([gone(5)], SCOPE, window)).toEqual([]);
    expect(endpointEvents([gone(20)], SCOPE, window)).toEqual([
      expect.objectContaining({
        kind: 'gone',
        key: 'gone:123456789012:vpce-0a000001',
      }),
    ]);
  });
});

describe('OwnerNotifier', () => {
  const failed = candidate({ state: 'failed', failedSince: AT.toISOString() });

  it("tells each owner of the VPC once, naming only that owner's entities, and skips entities without one", async () => {
    const send = jest.fn(async () => {});
    const logger = mockServices.logger.mock();
    const notifier = new OwnerNotifier({
      log: fakeLog(
        [failed],
        [
          {
            entityRef: 'resource:prod/a',
            vpcId: 'vpc-0a000001',
            owner: 'group:prod/x',
          },
          { entityRef: 'resource:prod/b', vpcId: 'vpc-0a000001', owner: null },
          {
            entityRef: 'resource:prod/c',
            vpcId: 'vpc-0a000001',
            owner: 'user:prod/y',
          },
        ],
      ),
      notifications: { send },
      logger,
    });

    expect(await notifier.notifyScope(SCOPE, ['vpc-0a000001'], AT)).toBe(1);
    expect(send).toHaveBeenCalledTimes(2);
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'group:prod/x' },
      payload: expect.objectContaining({
        title: 'EKS endpoint failed in vpc-0a000001',
        description: expect.stringContaining(
          'EKS Pod Identity endpoint vpce-0a000001 of vpc-0a000001 in us-east-1 (account 123456789012), catalog entity resource:prod/a ',
        ),
        link: '/catalog/prod/resource/a',
        severity: 'high',
      }),
    });
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'user:prod/y' },
      payload: expect.objectContaining({
        link: '/catalog/prod/resource/c',
      }),
    });
    // Neither owner learns of the other's entity.
    const descriptions = (
      send.mock.calls as unknown as Array<
        [
          {
            recipients: { entityRef: string };
            payload: { description: string };
          },
        ]
      >
    ).map(([options]) => options);
    for (const { recipients, payload } of descriptions) {
      const other =
        recipients.entityRef === 'group:prod/x'
          ? 'resource:prod/c'
          : 'resource:prod/a';
      expect(payload.description).not.toContain(other);
    }
    expect(logger.debug).toHaveBeenCalledWith(
      expect.stringContaining('resource:prod/b has no owner'),
    );
  });

  it('records nothing when no entity of the VPC has an owner', async () => {
    const send = jest.fn(async () => {});
    const log = fakeLog(
      [failed],
      [{ entityRef: 'resource:default/a', vpcId: 'vpc-0a000001', owner: null }],
    );
    const notifier = new OwnerNotifier({
      log,
      notifications: { send },
      logger: mockServices.logger.mock(),
    });
    expect(await notifier.notifyScope(SCOPE, ['vpc-0a000001'], AT)).toBe(0);
    expect(send).not.toHaveBeenCalled();
    expect(log.claimed.size).toBe(0);
  });

  it('warns once when the notifications backend is missing, and never throws', async () => {
    const send = jest.fn(async () => {
      throw new Error('Request failed with 404 Not Found');
    });
    const logger = mockServices.logger.mock();
    const entities = [
      {
        entityRef: 'resource:default/a',
        vpcId: 'vpc-0a000001',
        owner: 'group:default/x',
      },
    ];
    const notifier = new OwnerNotifier({
      log: fakeLog(
        [
          failed,
          candidate({ vpcEndpointId: 'vpce-0a000002', state: 'failed' }),
        ],
        entities,
      ),
      notifications: { send },
      logger,
    });

    await expect(
      notifier.notifyScope(SCOPE, ['vpc-0a000001'], AT),
    ).resolves.toBe(0);
    expect(send).toHaveBeenCalledTimes(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Is the notifications backend plugin installed?'),
    );
  });
});
