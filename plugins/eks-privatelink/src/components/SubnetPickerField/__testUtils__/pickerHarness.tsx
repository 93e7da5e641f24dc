import { useState } from 'react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  EksEndpointService,
  SubnetsResponse,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { EksPrivateLinkApi, eksPrivateLinkApiRef } from '../../../api';
import { ENTITY_REF, SUBNETS } from '../../../testUtils/fixtures';
import { EksSubnetPicker } from '../EksSubnetPicker';
import { EksSubnetPickerProps, EksSubnetPickerUiOptions } from '../schema';

/**
 * The fixture VPC's subnets as a backend that asks for each service answers:
 * us-east-1a offers both, us-east-1b only the EKS API, us-east-1e neither.
 */
const SERVICES_BY_AZ: Record<string, EksEndpointService[]> = {
  'us-east-1a': ['eks', 'eks-auth'],
  'us-east-1b': ['eks'],
};

export const SUBNETS_BY_SERVICE: SubnetsResponse = {
  ...SUBNETS,
  subnets: SUBNETS.subnets.map(subnet => ({
    ...subnet,
    supportedServices: SERVICES_BY_AZ[subnet.availabilityZone] ?? [],
  })),
};

export function fakeApi(answer: SubnetsResponse = SUBNETS) {
  return {
    getInventory: jest.fn(),
    refresh: jest.fn(),
    getSubnets: jest.fn(async (_entityRef: string) => answer),
    listInventory: jest.fn(),
  } satisfies jest.Mocked<EksPrivateLinkApi>;
}

/**
 * Holds the field's value the way the scaffolder form does, so a click
 * re-renders the field with the new selection.
 */
function Harness(props: {
  formContextData: Record<string, unknown>;
  uiOptions?: EksSubnetPickerUiOptions;
  initial?: string[];
  onChange: (value: string[] | undefined) => void;
}) {
  const [value, setValue] = useState<string[] | undefined>(props.initial);
  const fieldProps = {
    formData: value,
    onChange: (next: string[] | undefined) => {
      setValue(next);
      props.onChange(next);
    },
    uiSchema: { 'ui:options': props.uiOptions ?? {} },
    formContext: { formData: props.formContextData },
    schema: {
      title: 'Subnets',
      description: 'Where the endpoint gets its network interfaces',
    },
    idSchema: { $id: 'root_subnetIds' },
    rawErrors: [],
    required: false,
    disabled: false,
  } as unknown as EksSubnetPickerProps;
  return <EksSubnetPicker {...fieldProps} />;
}

export async function renderField(
  api: ReturnType<typeof fakeApi>,
  options: {
    formContextData?: Record<string, unknown>;
    uiOptions?: EksSubnetPickerUiOptions;
    initial?: string[];
  } = {},
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[eksPrivateLinkApiRef, api]]}>
      <Harness
        formContextData={options.formContextData ?? { vpc: ENTITY_REF }}
        uiOptions={options.uiOptions}
        initial={options.initial}
        onChange={onChange}
      />
    </TestApiProvider>,
  );
  return onChange;
}
