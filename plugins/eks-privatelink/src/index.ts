/**
 * The EKS PrivateLink frontend plugin: the VPC entity card, the fleet page,
 * the subnet and IP address type form fields for the scaffolder, and the API
 * client.
 *
 * @packageDocumentation
 */

export {
  eksPrivateLinkPlugin,
  EntityEksPrivateLinkCard,
  EksSubnetPickerFieldExtension,
  EksIpAddressTypePickerFieldExtension,
  EksPrivateLinkFleetPage,
} from './plugin';
export { rootRouteRef as eksPrivateLinkFleetRouteRef } from './routes';
export { isEksPrivateLinkAvailable } from './isEksPrivateLinkAvailable';
export {
  eksPrivateLinkApiRef,
  EksPrivateLinkClient,
  type EksPrivateLinkApi,
  type InventoryListRequest,
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
