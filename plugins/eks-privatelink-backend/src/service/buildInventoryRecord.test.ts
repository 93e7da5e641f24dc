import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { TrackedVpcEntity } from '../database/types';
import { buildInventoryRecord } from './buildInventoryRecord';

const entity: TrackedVpcEntity = {
  entityRef: 'resource:default/osaka-vpc',
  vpcId: 'vpc-0f000001',
  region: 'ap-northeast-3',
  accountId: '123456789012',
  dnsSupport: true,
  dnsHostnames: false,
  dnsCheckedAt: '2026-01-01T00:00:00.000Z',
  syncStatus: 'stale',
  syncError: 'RequestLimitExceeded: slow down',
  lastSyncedAt: '2026-01-01T00:00:00.000Z',
  lastAttemptAt: '2026-01-01T00:05:00.000Z',
};

function endpoint(
  id: string,
  zones: string[],
  deletedAt: string | null = null,
): InventoryEndpoint {
  return {
    vpcEndpointId: id,
    state: deletedAt ? 'deleted' : 'available',
    privateDnsEnabled: true,
    ipAddressType: 'ipv4',
    subnetIds: zones.map((_, i) => `subnet-0${i}`),
    availabilityZones: zones,
    networkInterfaceIds: [],
    securityGroupIds: [],
    dnsEntries: [],
    createdAt: null,
    lastSeenAt: null,
    lastError: null,
    deletedAt,
  };
}

describe('buildInventoryRecord', () => {
  it('prices only the endpoints AWS still bills and carries the sync outcome', () => {
    const record = buildInventoryRecord({
      entity,
      endpoints: [
        endpoint('vpce-01', [
          'ap-northeast-3a',
          'ap-northeast-3b',
          'ap-northeast-3c',
        ]),
        endpoint('vpce-00', ['ap-northeast-3a'], '2025-12-01T00:00:00.000Z'),
      ],
      config: {
        pricing: { regions: { 'ap-northeast-3': { hourlyPerAz: 0.012 } } },
      },
    });
    expect(record.pricing).toMatchObject({
      azCount: 3,
      hourlyPerAz: 0.012,
      estimatedMonthly: 26.28,
      source: 'config',
    });
    expect(record.sync).toEqual({
      status: 'stale',
      lastSyncedAt: '2026-01-01T00:00:00.000Z',
      error: 'RequestLimitExceeded: slow down',
    });
    expect(record.vpc).toEqual({
      vpcId: 'vpc-0f000001',
      region: 'ap-northeast-3',
      accountId: '123456789012',
      dnsSupport: true,
      dnsHostnames: false,
    });
    expect(record.serviceName).toBe('com.amazonaws.ap-northeast-3.eks');
  });

  it('says which endpoints the portal manages, and their service', () => {
    const record = buildInventoryRecord({
      entity,
      endpoints: [
        {
          ...endpoint('vpce-01', ['ap-northeast-3a']),
          tags: { 'eks-privatelink:managed-by': 'backstage', team: 'a' },
        },
        {
          ...endpoint('vpce-02', ['ap-northeast-3a']),
          tags: { 'eks-privatelink:managed-by': 'terraform' },
        },
        endpoint('vpce-03', ['ap-northeast-3a']),
      ],
      config: {},
    });
    expect(
      record.endpoints.map(e => [e.vpcEndpointId, e.managed, e.serviceName]),
    ).toEqual([
      ['vpce-01', true, 'com.amazonaws.ap-northeast-3.eks'],
      ['vpce-02', false, 'com.amazonaws.ap-northeast-3.eks'],
      ['vpce-03', false, 'com.amazonaws.ap-northeast-3.eks'],
    ]);
  });

  it('takes region support from the seed, config, then what AWS said', () => {
    const seed = buildInventoryRecord({ entity, endpoints: [], config: {} });
    expect(seed.regionSupported).toBe(false);
    expect(seed.regionSupportReason).toContain('eksPrivateLink.rules');
    expect(seed.pricing.azCount).toBe(0);

    const configured = buildInventoryRecord({
      entity,
      endpoints: [],
      config: { rules: { unavailableRegions: [] } },
    });
    expect(configured.regionSupported).toBe(true);

    const live = buildInventoryRecord({
      entity,
      endpoints: [],
      service: {
        serviceName: 'com.amazonaws.ap-northeast-3.eks',
        exists: true,
        availabilityZones: ['ap-northeast-3a'],
        policySupported: true,
        ipAddressTypes: ['ipv4'],
      },
      config: {},
    });
    expect(live.regionSupported).toBe(true);
    expect(live.regionSupportReason).toBeNull();
  });

  it('prices a new endpoint in every AZ that offers the service when the VPC has none in service', () => {
    const service = {
      serviceName: 'com.amazonaws.ap-northeast-3.eks',
      exists: true,
      availabilityZones: [
        'ap-northeast-3a',
        'ap-northeast-3b',
        'ap-northeast-3c',
      ],
      policySupported: true,
      ipAddressTypes: ['ipv4'],
    };
    const deletedOnly = [
      endpoint('vpce-00', ['ap-northeast-3a'], '2025-12-01T00:00:00.000Z'),
    ];
    const record = buildInventoryRecord({
      entity,
      endpoints: deletedOnly,
      service,
      config: {},
    });
    expect(record.pricing).toMatchObject({
      azCount: 3,
      estimatedMonthly: 21.9,
    });
    expect(record.pricing.notes[0]).toBe(
      'No endpoint yet: this estimates a new one with a subnet in each of the 3 Availability Zones of ap-northeast-3 that offer com.amazonaws.ap-northeast-3.eks. Fewer subnets cost less: the price is per AZ.',
    );
    expect(record.pricing.notes[1]).toContain('x 3 AZs x 730 h = 21.90 USD');

    // A live endpoint is priced as it is, without the new-endpoint note.
    const withEndpoint = buildInventoryRecord({
      entity,
      endpoints: [endpoint('vpce-01', ['ap-northeast-3a']), ...deletedOnly],
      service,
      config: {},
    });
    expect(withEndpoint.pricing.azCount).toBe(1);
    expect(withEndpoint.pricing.notes.join(' ')).not.toContain(
      'No endpoint yet',
    );

    // Without the service's AZs (never described, or not offered) there is
    // nothing to count.
    expect(
      buildInventoryRecord({ entity, endpoints: [], config: {} }).pricing
        .azCount,
    ).toBe(0);
    const notOffered = buildInventoryRecord({
      entity,
      endpoints: [],
      service: { ...service, exists: false, availabilityZones: [] },
      config: {},
    });
    expect(notOffered.pricing.azCount).toBe(0);
    expect(notOffered.pricing.notes.join(' ')).not.toContain('No endpoint yet');
  });
});
