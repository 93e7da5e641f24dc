import {
  DEFAULT_DATA_TIERS,
  dataProcessingCost,
  dataProcessingTiers,
  estimatePricing,
} from './pricing';

const PB = 1024 * 1024;

describe('estimatePricing', () => {
  it('prices 3 AZs in us-east-1 at 21.90 USD a month', () => {
    const estimate = estimatePricing({ region: 'us-east-1', azCount: 3 });
    expect(estimate).toMatchObject({
      currency: 'USD',
      hourlyPerAz: 0.01,
      azCount: 3,
      estimatedMonthly: 21.9,
      dataProcessingPerGb: 0.01,
      source: 'default',
    });
    expect(estimate.notes[0]).toBe(
      'Billed for every hour the endpoint exists in each Availability Zone: 0.01 USD x 3 AZs x 730 h = 21.90 USD a month.',
    );
    expect(estimate.notes).toContain(
      'A partial hour is billed as a full hour.',
    );
    expect(estimate.notes.join(' ')).toMatch(/per GB/);
    expect(estimate.notes.join(' ')).toMatch(/EKS adds no charge/);
  });

  it('costs nothing with no AZs', () => {
    expect(
      estimatePricing({ region: 'us-east-1', azCount: 0 }).estimatedMonthly,
    ).toBe(0);
  });

  it('warns that other regions use the us-east-1 price until configured', () => {
    const estimate = estimatePricing({ region: 'eu-central-1', azCount: 2 });
    expect(estimate.notes.at(-1)).toContain(
      'eksPrivateLink.pricing.regions.eu-central-1',
    );
  });

  it('takes the region override over the global config', () => {
    const estimate = estimatePricing({
      region: 'eu-central-1',
      azCount: 2,
      config: {
        currency: 'EUR',
        hourlyPerAz: 0.011,
        dataProcessingPerGb: 0.02,
        regions: { 'eu-central-1': { hourlyPerAz: 0.012 } },
      },
    });
    expect(estimate).toMatchObject({
      currency: 'EUR',
      hourlyPerAz: 0.012,
      dataProcessingPerGb: 0.02,
      estimatedMonthly: 17.52,
      source: 'config',
    });
    expect(estimate.notes.join(' ')).not.toContain('us-east-1 list prices');
  });

  it('says the cost is unknown, not 0.00, when the AZ count is unknown', () => {
    const estimate = estimatePricing({ region: 'us-east-1', azCount: null });
    expect(estimate).toMatchObject({
      azCountKnown: false,
      azCount: 0,
      hourlyPerAz: 0.01,
    });
    expect(estimate.notes[0]).toMatch(/^The monthly cost is unknown/);
    expect(estimate.notes.join(' ')).not.toContain('x 0 AZs');
  });

  it('carries the data tiers, with the configured first-tier price', () => {
    const estimate = estimatePricing({
      region: 'eu-west-1',
      azCount: 2,
      config: { regions: { 'eu-west-1': { dataProcessingPerGb: 0.011 } } },
    });
    expect(estimate.azCountKnown).toBe(true);
    expect(estimate.regionConfigured).toBe(true);
    expect(estimate.dataProcessingTiers?.map(t => t.perGb)).toEqual([
      0.011, 0.006, 0.004,
    ]);
  });

  it('says when a region has no rates of its own in the config', () => {
    const estimate = estimatePricing({
      region: 'eu-central-1',
      azCount: 2,
      config: { hourlyPerAz: 0.012 },
    });
    expect(estimate.regionConfigured).toBe(false);
    expect(estimate.notes.at(-1)).toBe(
      "No rates are configured for eu-central-1: these are the rates of eksPrivateLink.pricing; set eksPrivateLink.pricing.regions.eu-central-1 for eu-central-1's own prices.",
    );
  });

  it('uses the global config in regions without an override', () => {
    expect(
      estimatePricing({
        region: 'us-west-2',
        azCount: 1,
        config: { hourlyPerAz: 0.013, regions: { 'eu-west-1': {} } },
      }),
    ).toMatchObject({ hourlyPerAz: 0.013, estimatedMonthly: 9.49 });
  });
});

describe('dataProcessingCost', () => {
  it('charges the first tier rate up to 1 PB', () => {
    expect(dataProcessingCost(1000)).toBe(10);
    expect(dataProcessingCost(PB)).toBe(10485.76);
  });

  it('moves to the next tiers above 1 PB and 5 PB', () => {
    expect(dataProcessingCost(2 * PB)).toBe(
      Math.round((PB * 0.01 + PB * 0.006) * 100) / 100,
    );
    expect(dataProcessingCost(6 * PB)).toBe(
      Math.round((PB * 0.01 + 4 * PB * 0.006 + PB * 0.004) * 100) / 100,
    );
  });

  it('is zero for no or nonsense volume', () => {
    expect(dataProcessingCost(0)).toBe(0);
    expect(dataProcessingCost(-5)).toBe(0);
    expect(dataProcessingCost(Number.NaN)).toBe(0);
  });

  it('uses the configured first-tier price', () => {
    const tiers = dataProcessingTiers('eu-west-1', {
      dataProcessingPerGb: 0.02,
      regions: { 'eu-west-1': { dataProcessingPerGb: 0.03 } },
    });
    expect(tiers[0].perGb).toBe(0.03);
    expect(tiers[1].perGb).toBe(0.006);
    expect(dataProcessingCost(100, tiers)).toBe(3);
    expect(DEFAULT_DATA_TIERS[0].perGb).toBe(0.01);
  });
});
