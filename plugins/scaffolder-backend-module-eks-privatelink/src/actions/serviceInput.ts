import {
  EKS_ENDPOINT_SERVICES,
  endpointServiceLabel,
  isEksEndpointService,
  type EksEndpointService,
  type Refusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * The description of the `service` input of the create and delete actions:
 * which EKS service's endpoint (`eks`, the default, or `eks-auth`).
 */
export const SERVICE_INPUT_DESCRIPTION =
  'Which EKS service the endpoint serves: eks (the EKS API, com.amazonaws.<region>.eks) or eks-auth (EKS Pod Identity, com.amazonaws.<region>.eks-auth, where the Pod Identity agent calls AssumeRoleForPodIdentity). A VPC has at most one endpoint of each; they share the security group the action makes. Default: eks.';

/** The description of the `serviceName` output. */
export const SERVICE_NAME_OUTPUT_DESCRIPTION =
  'The PrivateLink service name: com.amazonaws.<region>.eks, or com.amazonaws.<region>.eks-auth for service eks-auth.';

/**
 * The service the input asks for, or a refusal naming the field: the
 * handler is also called without the schema's check (dry runs of old
 * templates, tests), so an unknown value is refused here too.
 */
export function serviceOfInput(
  value: unknown,
): { service: EksEndpointService } | { refusal: Refusal } {
  if (value === undefined || value === null || value === '') {
    return { service: 'eks' };
  }
  if (isEksEndpointService(value)) {
    return { service: value };
  }
  return {
    refusal: {
      field: 'service',
      message: `service: '${String(
        value,
      )}' is not an EKS endpoint service. Use ${EKS_ENDPOINT_SERVICES.map(
        s => `${s} (${endpointServiceLabel(s)})`,
      ).join(' or ')}, or leave it out for eks.`,
    },
  };
}

/** How messages name the chosen service's endpoint: "EKS" or "EKS Pod Identity (eks-auth)". */
export function serviceWords(service: EksEndpointService = 'eks'): string {
  return service === 'eks' ? 'EKS' : endpointServiceLabel(service);
}
