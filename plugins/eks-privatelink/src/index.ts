/**
 * The EKS PrivateLink frontend plugin: the VPC entity card, the subnet and
 * IP address type form fields for the scaffolder, and the API client.
 *
 * @packageDocumentation
 */

export {
  eksPrivateLinkPlugin,
  EntityEksPrivateLinkCard,
  EksSubnetPickerFieldExtension,
  EksIpAddressTypePickerFieldExtension,
} from './plugin';
export { isEksPrivateLinkAvailable } from './isEksPrivateLinkAvailable';
export {
  eksPrivateLinkApiRef,
  EksPrivateLinkClient,
  type EksPrivateLinkApi,
} from './api';
export type { EksPrivateLinkCardProps } from './components/EksPrivateLinkCard';
export {
  EksSubnetPicker,
  EksSubnetPickerFieldSchema,
  eksSubnetPickerValidation,
  type EksSubnetPickerProps,
  type EksSubnetPickerUiOptions,
} from './components/SubnetPickerField';
export {
  EksIpAddressTypePicker,
  EksIpAddressTypePickerFieldSchema,
  eksIpAddressTypePickerValidation,
  type EksIpAddressTypePickerProps,
  type EksIpAddressTypePickerUiOptions,
} from './components/IpAddressTypeField';
