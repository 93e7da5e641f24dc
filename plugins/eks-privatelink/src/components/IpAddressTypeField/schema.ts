import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The value of the `EksIpAddressTypePicker` field (the endpoint's
 * `IpAddressType`) and its `ui:options`.
 *
 * @public
 */
export const EksIpAddressTypePickerFieldSchema = makeFieldSchema({
  output: z =>
    z
      .enum(['ipv4', 'dualstack', 'ipv6'])
      .describe(
        'The IP address type of the endpoint, among those the region offers',
      ),
  uiOptions: z =>
    z.object({
      vpcField: z
        .string()
        .optional()
        .describe(
          'Name of the form field that holds the VPC entity ref (default: vpc)',
        ),
    }),
});

/**
 * The props of the `EksIpAddressTypePicker` field component.
 *
 * @public
 */
export type EksIpAddressTypePickerProps =
  typeof EksIpAddressTypePickerFieldSchema.TProps;

/**
 * The `ui:options` of the `EksIpAddressTypePicker` field.
 *
 * @public
 */
export interface EksIpAddressTypePickerUiOptions {
  vpcField?: string;
}
