import {
  DEFAULT_EKS_ENDPOINT_SERVICE,
  EKS_ENDPOINT_SERVICES,
  isEksEndpointService,
  type EksEndpointService,
  type SubnetInfo,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { EksSubnetPickerUiOptions } from './schema';

/** The form field holding the endpoints to make when `servicesField` is not set. */
export const DEFAULT_SERVICES_FIELD = 'services';

/**
 * The services the form will make endpoints for, from the field named by
 * `servicesField`: `eks`, `eks-auth`, or `both` (the two). Anything else,
 * an absent field included, means the EKS API, as the template's default.
 */
export function servicesFromForm(
  formData: Record<string, unknown> | undefined,
  uiOptions: EksSubnetPickerUiOptions | undefined,
): EksEndpointService[] {
  const value = formData?.[uiOptions?.servicesField ?? DEFAULT_SERVICES_FIELD];
  if (value === 'both') {
    return [...EKS_ENDPOINT_SERVICES];
  }
  return [isEksEndpointService(value) ? value : DEFAULT_EKS_ENDPOINT_SERVICE];
}

/**
 * Whether the service is offered in the subnet's AZ. An older backend sends
 * only `serviceSupported`, which then stands for every service.
 */
export function offersService(
  subnet: SubnetInfo,
  service: EksEndpointService,
): boolean {
  return subnet.supportedServices
    ? subnet.supportedServices.includes(service)
    : subnet.serviceSupported;
}

/** The chosen services not offered in the subnet's AZ. */
export function missingServices(
  subnet: SubnetInfo,
  services: readonly EksEndpointService[],
): EksEndpointService[] {
  return services.filter(service => !offersService(subnet, service));
}
