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
      dnsCheckedAt: '2026-01-01T00:00:00.000Z',
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

  it('never refuses the region on the seed word when AWS was not asked', () => {
    const unknown = buildInventoryRecord({ entity, endpoints: [], config: {} });
    expect(unknown.regionSupported).toBe(true);
    expect(unknown.regionSupportReason).toContain(
      'Could not ask AWS whether com.amazonaws.ap-northeast-3.eks is offered in ap-northeast-3 (the inventory holds no answer of DescribeVpcEndpointServices for ap-northeast-3: the last sync could not read it)',
    );
    expect(unknown.regionSupportReason).not.toContain('not available');
    expect(unknown.regionSupportHistory).toMatch(
      /seed.*\(2023\).*not available in ap-northeast-3/,
    );

    const configured = buildInventoryRecord({
      entity,
      endpoints: [],
      config: { rules: { unavailableRegions: ['ap-northeast-3'] } },
    });
    expect(configured.regionSupported).toBe(false);
    expect(configured.regionSupportReason).toContain('app-config');
    expect(configured.regionSupportHistory).toBeNull();

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
    expect(live.regionSupportHistory).toBeNull();
  });

  it('leaves the cost of a new endpoint unknown rather than counting the region AZs', () => {
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
      azCount: 0,
      azCountKnown: false,
      estimatedMonthly: 0,
      hourlyPerAz: 0.01,
    });
    expect(record.pricing.notes[0]).toBe(
      'No endpoint yet: a new one is billed for each Availability Zone it is placed in; automatic placement uses every AZ where the VPC has a subnet and com.amazonaws.ap-northeast-3.eks is offered.',
    );
    expect(record.pricing.notes[1]).toMatch(/^The monthly cost is unknown/);
    expect(record.pricing.notes.join(' ')).not.toContain('x 0 AZs');

    // A live endpoint is priced as it is, without the new-endpoint note.
    const withEndpoint = buildInventoryRecord({
      entity,
      endpoints: [endpoint('vpce-01', ['ap-northeast-3a']), ...deletedOnly],
      service,
      config: {},
    });
    expect(withEndpoint.pricing).toMatchObject({
      azCount: 1,
      azCountKnown: true,
      estimatedMonthly: 7.3,
    });
    expect(withEndpoint.pricing.notes.join(' ')).not.toContain(
      'No endpoint yet',
    );
  });

  it('keeps the endpoint policy the sync stored', () => {
    const policy = '{"Statement":[]}';
    const record = buildInventoryRecord({
      entity,
      endpoints: [
        { ...endpoint('vpce-01', ['ap-northeast-3a']), policyDocument: policy },
      ],
      config: {},
    });
    expect(record.endpoints[0].policyDocument).toBe(policy);
  });

  it('answers for each endpoint service on its own: Pod Identity may be missing where the EKS API is offered', () => {
    const record = buildInventoryRecord({
      entity,
      endpoints: [],
      service: {
        serviceName: 'com.amazonaws.ap-northeast-3.eks',
        exists: true,
        availabilityZones: ['ap-northeast-3a', 'ap-northeast-3b'],
        policySupported: true,
        ipAddressTypes: ['ipv4'],
        checkedAt: '2026-11-01T00:00:00.000Z',
      },
      authService: {
        serviceName: 'com.amazonaws.ap-northeast-3.eks-auth',
        exists: false,
        availabilityZones: [],
        policySupported: null,
        ipAddressTypes: [],
        checkedAt: '2026-11-01T00:00:00.000Z',
      },
      config: {},
    });
    expect(record.regionSupported).toBe(true);
    expect(record.services).toEqual([
      {
        service: 'eks',
        serviceName: 'com.amazonaws.ap-northeast-3.eks',
        regionSupported: true,
        regionSupportReason: null,
        availabilityZones: ['ap-northeast-3a', 'ap-northeast-3b'],
        checkedAt: '2026-11-01T00:00:00.000Z',
      },
      expect.objectContaining({
        service: 'eks-auth',
        serviceName: 'com.amazonaws.ap-northeast-3.eks-auth',
        regionSupported: false,
        regionSupportReason: expect.stringContaining(
          'com.amazonaws.ap-northeast-3.eks-auth',
        ),
      }),
    ]);
  });
});
