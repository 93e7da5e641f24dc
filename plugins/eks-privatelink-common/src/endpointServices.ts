/**
 * The EKS services an interface endpoint can serve: the EKS API (`eks`) and
 * EKS Pod Identity (`eks-auth`, where the Pod Identity agent calls
 * `AssumeRoleForPodIdentity`). A VPC can have one endpoint of each.
 */

/**
 * An EKS service with its own interface endpoint: `eks` (the EKS API) or
 * `eks-auth` (EKS Pod Identity).
 *
 * @public
 */
export type EksEndpointService = 'eks' | 'eks-auth';

/**
 * Every {@link EksEndpointService}, the default (`eks`) first.
 *
 * @public
 */
export const EKS_ENDPOINT_SERVICES: readonly EksEndpointService[] =
  Object.freeze(['eks', 'eks-auth'] as const);

/** The service a request means when it does not say. @public */
export const DEFAULT_EKS_ENDPOINT_SERVICE: EksEndpointService = 'eks';

const LABELS: Record<EksEndpointService, string> = {
  eks: 'EKS API',
  'eks-auth': 'EKS Pod Identity (eks-auth)',
};

/**
 * Whether a value names an {@link EksEndpointService}.
 *
 * @public
 */
export function isEksEndpointService(
  value: unknown,
): value is EksEndpointService {
  return (
    typeof value === 'string' &&
    (EKS_ENDPOINT_SERVICES as readonly string[]).includes(value)
  );
}

/**
 * The PrivateLink service name of an EKS service in a region, e.g.
 * `com.amazonaws.us-east-1.eks-auth`.
 *
 * @public
 */
export function endpointServiceName(
  service: EksEndpointService,
  region: string,
): string {
  return `com.amazonaws.${region}.${service}`;
}

/**
 * The service a PrivateLink service name belongs to (`eks` or `eks-auth`);
 * undefined for any other service, `eks-fips` included.
 *
 * @public
 */
export function endpointServiceOf(
  serviceName: string | undefined,
): EksEndpointService | undefined {
  const match = /^com\.amazonaws\.[a-z0-9-]+\.([a-z-]+)$/.exec(
    serviceName ?? '',
  );
  return match && isEksEndpointService(match[1]) ? match[1] : undefined;
}

/**
 * How messages name a service: "EKS API" or "EKS Pod Identity (eks-auth)".
 *
 * @public
 */
export function endpointServiceLabel(service: EksEndpointService): string {
  return LABELS[service];
}
