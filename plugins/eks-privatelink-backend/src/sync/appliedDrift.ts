import {
  describeEndpointPolicy,
  normalizePolicyDocument,
  type EndpointDrift,
  type InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type { AppliedEndpoint } from '../database/DatabaseAppliedStore';
import { isLive, type ObservedEndpoint } from '../database/types';

const UPDATE =
  'Run the template with onExisting: update to set it back, or run it with';

function words(ids: string[]): string {
  return ids.length === 0 ? 'none' : [...ids].sort().join(', ');
}

function listDrift(
  field: 'subnets' | 'securityGroups',
  noun: string,
  applied: string[],
  actual: string[],
): EndpointDrift | undefined {
  const want = new Set(applied);
  const have = new Set(actual);
  const added = [...have].filter(id => !want.has(id)).sort();
  const removed = [...want].filter(id => !have.has(id)).sort();
  if (added.length === 0 && removed.length === 0) {
    return undefined;
  }
  const changes = [
    ...(added.length > 0 ? [`${added.join(', ')} added`] : []),
    ...(removed.length > 0 ? [`${removed.join(', ')} removed`] : []),
  ].join('; ');
  return {
    field,
    expected: words(applied),
    actual: words(actual),
    message: `The endpoint's ${noun} were changed outside the portal (${changes}). ${UPDATE} the ${noun} it has now to keep them.`,
  };
}

function privateDnsDrift(
  applied: boolean,
  actual: boolean,
): EndpointDrift | undefined {
  if (applied === actual) {
    return undefined;
  }
  const state = (on: boolean) => `private DNS ${on ? 'on' : 'off'}`;
  return {
    field: 'privateDns',
    expected: state(applied),
    actual: state(actual),
    message: `Private DNS was turned ${
      actual ? 'on' : 'off'
    } outside the portal${
      actual
        ? ''
        : ', so the service name resolves to public addresses from inside the VPC'
    }. ${UPDATE} privateDnsEnabled: ${actual} to keep it.`,
  };
}

function policyDrift(
  applied: string | null,
  actual: string | null | undefined,
): EndpointDrift | undefined {
  if (normalizePolicyDocument(applied) === normalizePolicyDocument(actual)) {
    return undefined;
  }
  const want = describeEndpointPolicy(applied).summary;
  const have = describeEndpointPolicy(actual).summary;
  return {
    field: 'policy',
    expected: want,
    actual: have === want ? `${have} (a different document)` : have,
    message: `The endpoint policy was changed outside the portal. ${UPDATE} the policy it has now to keep it.`,
  };
}

/**
 * How a live endpoint differs from what the portal last applied to it:
 * subnets, security groups (the managed group included), private DNS and
 * the policy (compared as normalized JSON; AWS's default full-access
 * document equals none). Empty when nothing does.
 */
export function appliedDrift(
  endpoint: InventoryEndpoint,
  applied: AppliedEndpoint,
): EndpointDrift[] {
  return [
    listDrift('subnets', 'subnets', applied.subnetIds, endpoint.subnetIds),
    listDrift(
      'securityGroups',
      'security groups',
      applied.securityGroupIds,
      endpoint.securityGroupIds,
    ),
    privateDnsDrift(applied.privateDnsEnabled, endpoint.privateDnsEnabled),
    policyDrift(applied.policyDocument, endpoint.policyDocument),
  ].filter((d): d is EndpointDrift => d !== undefined);
}

/** Whether the portal manages the endpoint and AWS still has it in service. */
export function isLiveManaged(observed: ObservedEndpoint): boolean {
  return (
    observed.endpoint.tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE &&
    isLive(observed)
  );
}

/**
 * Adds {@link appliedDrift} to the drift of each live managed endpoint with
 * applied settings; other endpoints are returned as they are. Costs no AWS
 * call: the endpoint read has every field compared.
 */
export function withAppliedDrift(
  observed: ObservedEndpoint[],
  applied: Map<string, AppliedEndpoint>,
): ObservedEndpoint[] {
  if (applied.size === 0) {
    return observed;
  }
  return observed.map(o => {
    const settings = applied.get(o.endpoint.vpcEndpointId);
    if (!settings || !isLiveManaged(o)) {
      return o;
    }
    const drift = appliedDrift(o.endpoint, settings);
    if (drift.length === 0) {
      return o;
    }
    return {
      ...o,
      endpoint: {
        ...o.endpoint,
        drift: [...(o.endpoint.drift ?? []), ...drift],
      },
    };
  });
}
