/**
 * The EKS PrivateLink frontend plugin: the VPC entity card, the subnet form
 * field for the scaffolder, and the API client.
 *
 * @packageDocumentation
 */

export {
  eksPrivateLinkPlugin,
  EntityEksPrivateLinkCard,
  EksSubnetPickerFieldExtension,
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
