import type { SubnetsResponse } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { EksPrivateLinkApi } from '../../api';

/**
 * The subnets the field loaded, per API instance and VPC entity ref. The
 * scaffolder runs a field's validation outside the component, with only the
 * form data and the API holder; this is how the validation reads what the
 * component already fetched instead of asking the backend again. Keyed by
 * the API instance so that separate apps (and tests) never share answers.
 */
const loaded = new WeakMap<
  EksPrivateLinkApi,
  Map<string, Promise<SubnetsResponse>>
>();

/**
 * Fetches the subnets of a VPC and keeps the answer for the validation. The
 * field calls this each time it shows a VPC, so it never shows subnets read
 * before the form was opened. A failed load is not kept: the next look asks
 * again.
 */
export function loadSubnets(
  api: EksPrivateLinkApi,
  vpcRef: string,
): Promise<SubnetsResponse> {
  const byVpc = loaded.get(api) ?? new Map<string, Promise<SubnetsResponse>>();
  loaded.set(api, byVpc);
  const request = api.getSubnets(vpcRef);
  byVpc.set(vpcRef, request);
  request.catch(() => {
    if (byVpc.get(vpcRef) === request) {
      byVpc.delete(vpcRef);
    }
  });
  return request;
}

/**
 * The subnets the field loaded for a VPC (still in flight, or done), or a
 * fresh load when the field has not loaded them.
 */
export function loadedSubnets(
  api: EksPrivateLinkApi,
  vpcRef: string,
): Promise<SubnetsResponse> {
  return loaded.get(api)?.get(vpcRef) ?? loadSubnets(api, vpcRef);
}
