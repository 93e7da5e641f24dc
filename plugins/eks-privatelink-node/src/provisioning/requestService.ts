import {
  DEFAULT_EKS_ENDPOINT_SERVICE,
  endpointServiceLabel,
  endpointServiceName,
  type EksEndpointService,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/** A request that may name its service; `eks` when it does not. */
export interface ServiceScoped {
  region: string;
  service?: EksEndpointService;
}

/** The service a request is for. */
export function requestService(request: {
  service?: EksEndpointService;
}): EksEndpointService {
  return request.service ?? DEFAULT_EKS_ENDPOINT_SERVICE;
}

/** The PrivateLink service name a request is for, e.g. `com.amazonaws.us-east-1.eks-auth`. */
export function requestServiceName(request: ServiceScoped): string {
  return endpointServiceName(requestService(request), request.region);
}

/** How messages name the request's endpoint: "EKS" or "EKS Pod Identity (eks-auth)". */
export function requestServiceLabel(request: {
  service?: EksEndpointService;
}): string {
  const service = requestService(request);
  return service === 'eks' ? 'EKS' : endpointServiceLabel(service);
}

/**
 * The name the endpoint's private DNS answers for, which a Route 53 private
 * hosted zone of the same name blocks: `eks.<region>.amazonaws.com` for the
 * EKS API, `eks-auth.<region>.api.aws` for EKS Pod Identity.
 */
export function privateDnsNameOf(request: ServiceScoped): string {
  return requestService(request) === 'eks'
    ? `eks.${request.region}.amazonaws.com`
    : `eks-auth.${request.region}.api.aws`;
}
