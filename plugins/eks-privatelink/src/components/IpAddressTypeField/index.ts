export { EksIpAddressTypePicker } from './EksIpAddressTypePicker';
export {
  EksIpAddressTypePickerFieldSchema,
  type EksIpAddressTypePickerProps,
  type EksIpAddressTypePickerUiOptions,
} from './schema';
export { eksIpAddressTypePickerValidation } from './validation';
