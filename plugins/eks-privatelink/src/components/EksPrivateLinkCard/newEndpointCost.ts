import {
  estimatePricing,
  type PricingEstimate,
  type SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * The AZs automatic placement would use for a new endpoint: those where the
 * VPC has a subnet and the service is offered, sorted.
 */
export function placementZones(subnets: SubnetsResponse): string[] {
  return [
    ...new Set(
      subnets.subnets
        .filter(subnet => subnet.serviceSupported)
        .map(subnet => subnet.availabilityZone),
    ),
  ].sort();
}

/**
 * What a new endpoint in `azCount` AZs costs a month before data, at the
 * record's rates (which the backend already took from config).
 */
export function monthlyAtRecordRates(
  pricing: PricingEstimate,
  region: string,
  azCount: number,
): number {
  return estimatePricing({
    region,
    azCount,
    config: {
      currency: pricing.currency,
      hourlyPerAz: pricing.hourlyPerAz,
      dataProcessingPerGb: pricing.dataProcessingPerGb,
    },
  }).estimatedMonthly;
}

// Notes of the record about the AZ count, which the card replaces with its
// own count from the VPC's subnets.
const AZ_COUNT_NOTE =
  /^(No endpoint yet|The monthly cost is unknown|Billed for every hour)/;

/** The record's pricing notes that still hold once the card counted AZs. */
export function notesBesideCount(pricing: PricingEstimate): string[] {
  return pricing.notes.filter(note => !AZ_COUNT_NOTE.test(note));
}
