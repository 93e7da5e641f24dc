import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * The value of the `EksSubnetPicker` field (subnet ids; empty means one
 * subnet per supported Availability Zone, chosen by the action) and its
 * `ui:options`.
 *
 * @public
 */
export const EksSubnetPickerFieldSchema = makeFieldSchema({
  output: z =>
    z
      .array(z.string())
      .describe(
        'Subnet ids for the endpoint, at most one per Availability Zone; empty = one per supported AZ',
      ),
  uiOptions: z =>
    z.object({
      vpcField: z
        .string()
        .optional()
        .describe(
          'Name of the form field that holds the VPC entity ref (default: vpc)',
        ),
      servicesField: z
        .string()
        .optional()
        .describe(
          'Name of the form field that holds the endpoints to make: eks, eks-auth or both (default: services)',
        ),
    }),
});

/**
 * The props of the `EksSubnetPicker` field component.
 *
 * @public
 */
export type EksSubnetPickerProps = typeof EksSubnetPickerFieldSchema.TProps;

/**
 * The `ui:options` of the `EksSubnetPicker` field.
 *
 * @public
 */
export interface EksSubnetPickerUiOptions {
  vpcField?: string;
  /**
   * The form field holding the endpoints to make (`eks`, `eks-auth` or
   * `both`; default field `services`). A subnet can then be ticked only where
   * every chosen service is offered. Without that field, the EKS API.
   */
  servicesField?: string;
}

/** The form field holding the VPC entity ref when `vpcField` is not set. */
export const DEFAULT_VPC_FIELD = 'vpc';

/** Reads the VPC entity ref that the subnet picker depends on. */
export function vpcRefFromForm(
  formData: Record<string, unknown> | undefined,
  uiOptions: EksSubnetPickerUiOptions | undefined,
): string | undefined {
  const value = formData?.[uiOptions?.vpcField ?? DEFAULT_VPC_FIELD];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
