import type { PricingEstimate } from './types';

/** Per-region price overrides. @public */
export interface PricingRates {
  /** Price of one endpoint in one Availability Zone for one hour. */
  hourlyPerAz?: number;
  /** Price per GB of the first data-processing tier. */
  dataProcessingPerGb?: number;
}

/**
 * The shape of `eksPrivateLink.pricing` in app-config.
 *
 * @public
 */
export interface PricingConfig extends PricingRates {
  /** ISO 4217 code the rates are in; `USD` by default. */
  currency?: string;
  /** Overrides by region name, e.g. `eu-central-1`. */
  regions?: Record<string, PricingRates>;
}

/** One data-processing tier: a price up to a volume. @public */
export interface DataProcessingTier {
  /** Size of the tier in GB; null for the last, unbounded tier. */
  sizeGb: number | null;
  perGb: number;
}

/** Hours in a billing month, as AWS's own price examples count them. @public */
export const HOURS_PER_MONTH = 730;

// AWS's price list counts tiers in binary units: 1 PB = 1,048,576 GB.
const GB_PER_PB = 1024 * 1024;

/**
 * The PrivateLink list prices of us-east-1 and us-west-2.
 *
 * @public
 */
export const DEFAULT_PRICING = Object.freeze({
  currency: 'USD',
  hourlyPerAz: 0.01,
  dataProcessingPerGb: 0.01,
});

/**
 * Data processed through interface endpoints, summed over a region per
 * month: the first 1 PB, the next 4 PB, then everything above 5 PB.
 *
 * @public
 */
export const DEFAULT_DATA_TIERS: readonly DataProcessingTier[] = Object.freeze([
  { sizeGb: GB_PER_PB, perGb: 0.01 },
  { sizeGb: 4 * GB_PER_PB, perGb: 0.006 },
  { sizeGb: null, perGb: 0.004 },
]);

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/**
 * The monthly cost of processing `gb` gigabytes, filling each tier in turn.
 *
 * @public
 */
export function dataProcessingCost(
  gb: number,
  tiers: readonly DataProcessingTier[] = DEFAULT_DATA_TIERS,
): number {
  if (!Number.isFinite(gb) || gb <= 0) {
    return 0;
  }
  let left = gb;
  let cost = 0;
  for (const tier of tiers) {
    const inTier = tier.sizeGb === null ? left : Math.min(left, tier.sizeGb);
    cost += inTier * tier.perGb;
    left -= inTier;
    if (left <= 0) {
      break;
    }
  }
  return roundCents(cost);
}

/**
 * The data tiers with the first tier's price taken from config; the lower
 * tiers keep AWS's list prices.
 *
 * @public
 */
export function dataProcessingTiers(
  region: string,
  config?: PricingConfig,
): DataProcessingTier[] {
  const firstTier =
    config?.regions?.[region]?.dataProcessingPerGb ??
    config?.dataProcessingPerGb;
  return DEFAULT_DATA_TIERS.map((tier, index) =>
    index === 0 && firstTier !== undefined
      ? { ...tier, perGb: firstTier }
      : { ...tier },
  );
}

function money(amount: number, currency: string): string {
  return `${amount.toFixed(2)} ${currency}`;
}

/**
 * Estimates what an EKS interface endpoint costs a month before data:
 * price per AZ-hour x AZs x 730 hours. Rates come from
 * `eksPrivateLink.pricing.regions.<region>`, then `eksPrivateLink.pricing`,
 * then the us-east-1 list price.
 *
 * `azCount: null` means the number of AZs is unknown (no endpoint, and the
 * VPC's subnets could not be read): the estimate then carries the rates,
 * `azCountKnown: false` and a note saying the cost is unknown, never a
 * price of 0.
 *
 * @public
 */
export function estimatePricing(options: {
  region: string;
  azCount: number | null;
  config?: PricingConfig;
}): PricingEstimate {
  const { region, config } = options;
  const known = options.azCount !== null && Number.isFinite(options.azCount);
  const azCount = known
    ? Math.max(0, Math.floor(options.azCount as number))
    : 0;
  const regional = config?.regions?.[region];
  const currency = config?.currency ?? DEFAULT_PRICING.currency;
  const hourlyPerAz =
    regional?.hourlyPerAz ?? config?.hourlyPerAz ?? DEFAULT_PRICING.hourlyPerAz;
  const dataProcessingPerGb =
    regional?.dataProcessingPerGb ??
    config?.dataProcessingPerGb ??
    DEFAULT_PRICING.dataProcessingPerGb;
  const regionConfigured =
    regional?.hourlyPerAz !== undefined ||
    regional?.dataProcessingPerGb !== undefined;
  const fromConfig =
    regionConfigured ||
    config?.hourlyPerAz !== undefined ||
    config?.dataProcessingPerGb !== undefined;
  const estimatedMonthly = roundCents(hourlyPerAz * azCount * HOURS_PER_MONTH);

  const hourly = known
    ? `Billed for every hour the endpoint exists in each Availability Zone: ${money(
        hourlyPerAz,
        currency,
      )} x ${azCount} AZ${
        azCount === 1 ? '' : 's'
      } x ${HOURS_PER_MONTH} h = ${money(estimatedMonthly, currency)} a month.`
    : `The monthly cost is unknown: the number of Availability Zones the endpoint would use could not be read. Each AZ costs ${money(
        hourlyPerAz,
        currency,
      )} x ${HOURS_PER_MONTH} h = ${money(
        roundCents(hourlyPerAz * HOURS_PER_MONTH),
        currency,
      )} a month.`;
  const notes = [
    hourly,
    'A partial hour is billed as a full hour.',
    `Data processed through the endpoint is billed on top: ${money(
      dataProcessingPerGb,
      currency,
    )} per GB for the first 1 PB a month, less above that, summed over all interface endpoints in the region.`,
    'Amazon EKS adds no charge of its own: standard AWS PrivateLink pricing applies.',
  ];
  if (!regionConfigured && region !== 'us-east-1' && region !== 'us-west-2') {
    notes.push(
      fromConfig
        ? `No rates are configured for ${region}: these are the rates of eksPrivateLink.pricing; set eksPrivateLink.pricing.regions.${region} for ${region}'s own prices.`
        : `Rates are the us-east-1 list prices; set eksPrivateLink.pricing.regions.${region} for ${region}'s own prices.`,
    );
  }

  return {
    currency,
    hourlyPerAz,
    azCount,
    azCountKnown: known,
    estimatedMonthly,
    dataProcessingPerGb,
    dataProcessingTiers: dataProcessingTiers(region, config),
    source: fromConfig ? 'config' : 'default',
    regionConfigured,
    notes,
  };
}
