import { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { SubnetsResponse } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { EksPrivateLinkApi, eksPrivateLinkApiRef } from '../../api';
import { ENTITY_REF, SUBNETS } from '../../testUtils/fixtures';
import { EksIpAddressTypePicker } from './EksIpAddressTypePicker';
import { EksIpAddressTypePickerProps } from './schema';
import { eksIpAddressTypePickerValidation } from './validation';

const AWS_ALL: SubnetsResponse = {
  ...SUBNETS,
  ipAddressTypes: {
    value: ['ipv4', 'dualstack', 'ipv6'],
    source: 'aws',
    reason:
      'IP address types: ipv4, dualstack, ipv6 (source: DescribeVpcEndpointServices)',
  },
};

function fakeApi(answer: SubnetsResponse = AWS_ALL) {
  return {
    getInventory: jest.fn(),
    refresh: jest.fn(),
    getSubnets: jest.fn(async (_entityRef: string) => answer),
    listInventory: jest.fn(),
  } satisfies jest.Mocked<EksPrivateLinkApi>;
}

/** Holds the value the way the scaffolder form does. */
function Harness(props: {
  formContextData: Record<string, unknown>;
  initial?: string;
  onChange: (value: string | undefined) => void;
}) {
  const [value, setValue] = useState<string | undefined>(props.initial);
  const fieldProps = {
    formData: value,
    onChange: (next: string | undefined) => {
      setValue(next);
      props.onChange(next);
    },
    uiSchema: { 'ui:options': {} },
    formContext: { formData: props.formContextData },
    schema: { title: 'IP address type' },
    idSchema: { $id: 'root_ipAddressType' },
    rawErrors: [],
    required: false,
    disabled: false,
  } as unknown as EksIpAddressTypePickerProps;
  return <EksIpAddressTypePicker {...fieldProps} />;
}

async function renderField(
  api: ReturnType<typeof fakeApi>,
  formContextData: Record<string, unknown> = { vpc: ENTITY_REF },
  initial?: string,
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <TestApiProvider apis={[[eksPrivateLinkApiRef, api]]}>
      <Harness
        formContextData={formContextData}
        initial={initial}
        onChange={onChange}
      />
    </TestApiProvider>,
  );
  return onChange;
}

function validationCollector() {
  const errors: string[] = [];
  const validation = {
    addError: (message: string) => {
      errors.push(message);
      return validation;
    },
    __errors: [],
  };
  return { errors, validation };
}

describe('EksIpAddressTypePicker', () => {
  it('asks for a VPC first and calls no backend while none is chosen', async () => {
    const api = fakeApi();
    await renderField(api, {});
    expect(screen.getByText(/Choose a VPC first/)).toBeInTheDocument();
    expect(api.getSubnets).not.toHaveBeenCalled();
  });

  it('offers the types AWS lists for the region, dual-stack by default', async () => {
    const api = fakeApi();
    const onChange = await renderField(api);
    const radios = await screen.findAllByRole('radio');
    expect(radios.map(r => r.getAttribute('value'))).toEqual([
      'dualstack',
      'ipv4',
      'ipv6',
    ]);
    expect(onChange).toHaveBeenCalledWith('dualstack');
    expect(
      screen.getByRole('radio', {
        name: 'Dual-stack, IPv4 and IPv6 (dualstack)',
      }),
    ).toBeChecked();
    expect(
      screen.getByText(/source: DescribeVpcEndpointServices/),
    ).toBeInTheDocument();
    expect(api.getSubnets).toHaveBeenCalledWith(ENTITY_REF);

    await userEvent.click(screen.getByRole('radio', { name: 'IPv4 (ipv4)' }));
    expect(onChange).toHaveBeenLastCalledWith('ipv4');
  });

  it('defaults to IPv4 and says why when the VPC has no IPv6 subnets, though the region offers dual-stack', async () => {
    const api = fakeApi({
      ...AWS_ALL,
      subnets: AWS_ALL.subnets.map(subnet => ({
        ...subnet,
        ipv6CidrBlocks: [],
        ipv6Native: false,
      })),
    });
    const onChange = await renderField(api);
    await screen.findAllByRole('radio');
    expect(onChange).toHaveBeenCalledWith('ipv4');
    expect(onChange).not.toHaveBeenCalledWith('dualstack');
    expect(
      screen.getByText(/Dual-stack needs subnets with an IPv6 CIDR block/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/IPv6 needs IPv6-only subnets/),
    ).toBeInTheDocument();
  });

  it('offers only IPv4 where the region takes only IPv4, and replaces a type it does not offer', async () => {
    const api = fakeApi({
      ...SUBNETS,
      ipAddressTypes: {
        value: ['ipv4'],
        source: 'aws',
        reason: 'IP address types: ipv4 (source: DescribeVpcEndpointServices)',
      },
    });
    const onChange = await renderField(api, { vpc: ENTITY_REF }, 'ipv6');
    const radios = await screen.findAllByRole('radio');
    expect(radios.map(r => r.getAttribute('value'))).toEqual(['ipv4']);
    expect(onChange).toHaveBeenCalledWith('ipv4');
  });

  it('offers every type with the reason when AWS could not be asked', async () => {
    const reason =
      "IP address types: ipv4, dualstack, ipv6 (source: unknown, could not ask AWS (ec2:DescribeVpcEndpointServices is denied); AWS's answer to the create decides, or set eksPrivateLink.rules.ipAddressTypes)";
    const api = fakeApi({
      ...SUBNETS,
      ipAddressTypes: {
        value: ['ipv4', 'dualstack', 'ipv6'],
        source: 'unknown',
        reason,
      },
    });
    await renderField(api);
    expect(await screen.findAllByRole('radio')).toHaveLength(3);
    expect(screen.getByRole('alert')).toHaveTextContent(reason);
  });

  it('refuses a type the region does not offer, using the answer the field loaded', async () => {
    const api = fakeApi({
      ...SUBNETS,
      ipAddressTypes: {
        value: ['ipv4'],
        source: 'aws',
        reason: 'IP address types: ipv4 (source: DescribeVpcEndpointServices)',
      },
    });
    await renderField(api);
    await screen.findAllByRole('radio');
    const { errors, validation } = validationCollector();
    const context = {
      apiHolder: {
        get: (ref: { id: string }) =>
          (ref.id === eksPrivateLinkApiRef.id ? api : undefined) as never,
      },
      formData: { vpc: ENTITY_REF },
      schema: {},
    };
    await eksIpAddressTypePickerValidation('dualstack', validation, context);
    expect(errors).toEqual([
      "ipAddressType 'dualstack' is not offered for this VPC's region: choose IPv4 (ipv4).",
    ]);
    await eksIpAddressTypePickerValidation('ipv4', validation, context);
    expect(errors).toHaveLength(1);
    expect(api.getSubnets).toHaveBeenCalledTimes(1);
  });
});
