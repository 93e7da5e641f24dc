import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  validateSubnetId,
  type SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { eksPrivateLinkApiRef } from '../../api';
import { loadedSubnets } from './loadedSubnets';
import { EksSubnetPickerUiOptions, vpcRefFromForm } from './schema';
import { selectionProblems } from './selectionProblems';
import { servicesFromForm } from './serviceSupport';

/**
 * Validates the `EksSubnetPicker` value before the form moves on: well-formed
 * ids, subnets of the chosen VPC in AZs where every chosen service (the form
 * field named by `servicesField`) is offered, and at most one per
 * Availability Zone. An empty selection is valid (automatic placement).
 * Uses the subnets the field already loaded.
 *
 * @public
 */
export const eksSubnetPickerValidation: CustomFieldValidator<
  string[],
  EksSubnetPickerUiOptions
> = async (value, validation, context) => {
  if (!value || value.length === 0) {
    return;
  }
  const malformed = value
    .map(id => validateSubnetId(id))
    .filter((problem): problem is string => problem !== undefined);
  if (malformed.length > 0) {
    malformed.forEach(problem => validation.addError(problem));
    return;
  }

  const uiOptions = context.uiSchema?.['ui:options'];
  const vpcRef = vpcRefFromForm(context.formData, uiOptions);
  const api = context.apiHolder.get(eksPrivateLinkApiRef);
  if (!vpcRef || !api) {
    return;
  }
  let subnets: SubnetsResponse;
  try {
    subnets = await loadedSubnets(api, vpcRef);
  } catch {
    // The field itself shows why the subnets could not be loaded, and the
    // scaffolder action checks the subnets against AWS again; a network
    // failure here must not keep the user from going on.
    return;
  }
  const services = servicesFromForm(context.formData, uiOptions);
  selectionProblems(value, subnets, services).forEach(problem =>
    validation.addError(problem),
  );
};
