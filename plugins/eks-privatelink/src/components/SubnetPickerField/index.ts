export { EksSubnetPicker } from './EksSubnetPicker';
export {
  EksSubnetPickerFieldSchema,
  type EksSubnetPickerProps,
  type EksSubnetPickerUiOptions,
} from './schema';
export { eksSubnetPickerValidation } from './validation';
