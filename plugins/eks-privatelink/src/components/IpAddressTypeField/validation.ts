import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import type { EndpointIpAddressType } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { eksPrivateLinkApiRef } from '../../api';
import { loadedSubnets } from '../SubnetPickerField/loadedSubnets';
import { vpcRefFromForm } from '../SubnetPickerField/schema';
import { ipAddressTypeLabel } from '../ipAddressTypes';
import { offeredTypes } from './offeredTypes';
import type { EksIpAddressTypePickerUiOptions } from './schema';

/**
 * Validates the `EksIpAddressTypePicker` value before the form moves on: a
 * type the region's service takes, as the field's answer says. Uses the
 * answer the field already loaded.
 *
 * @public
 */
export const eksIpAddressTypePickerValidation: CustomFieldValidator<
  EndpointIpAddressType,
  EksIpAddressTypePickerUiOptions
> = async (value, validation, context) => {
  if (!value) {
    return;
  }
  const vpcRef = vpcRefFromForm(
    context.formData,
    context.uiSchema?.['ui:options'],
  );
  const api = context.apiHolder.get(eksPrivateLinkApiRef);
  if (!vpcRef || !api) {
    return;
  }
  let offered;
  try {
    offered = offeredTypes(await loadedSubnets(api, vpcRef));
  } catch {
    // The field says why the answer could not be loaded, and the action
    // checks the type against AWS again.
    return;
  }
  if (!offered.types.includes(value)) {
    validation.addError(
      `ipAddressType '${value}' is not offered for this VPC's region: choose ${offered.types
        .map(ipAddressTypeLabel)
        .join(' or ')}.`,
    );
  }
};
