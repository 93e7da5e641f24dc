import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { eksPrivateLinkApiRef } from '../../api';
import { ENTITY_REF } from '../../testUtils/fixtures';
import { fakeApi, renderField } from './__testUtils__/pickerHarness';
import { eksSubnetPickerValidation } from './validation';

describe('EksSubnetPicker', () => {
  it('asks for a VPC first and calls no backend while none is chosen', async () => {
    const api = fakeApi();
    await renderField(api, { formContextData: {} });

    expect(
      screen.getByText(/Choose a VPC first \(form field “vpc”\)/),
    ).toBeInTheDocument();
    expect(api.getSubnets).not.toHaveBeenCalled();
  });

  it('lists the subnets of the chosen VPC by Availability Zone', async () => {
    const api = fakeApi();
    await renderField(api);

    expect(
      await screen.findByRole('checkbox', {
        name: 'subnet-0aaaaaaaaaaaaaaa1 · private-a · 10.0.1.0/24',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('us-east-1a (use1-az1)')).toBeInTheDocument();
    expect(screen.getByText('us-east-1b (use1-az2)')).toBeInTheDocument();
    expect(screen.getAllByRole('checkbox')).toHaveLength(4);
    expect(api.getSubnets).toHaveBeenCalledWith(ENTITY_REF);
    expect(screen.getByRole('group', { name: 'Subnets' })).toBeInTheDocument();
  });

  it('disables subnets in AZs the service does not support, and says why', async () => {
    await renderField(fakeApi());

    const unsupported = await screen.findByRole('checkbox', {
      name: /subnet-0eeeeeeeeeeeeeee5/,
    });
    expect(unsupported).toBeDisabled();
    expect(
      screen.getByText(
        "The EKS endpoint service is not offered in us-east-1e: its subnets can't be used.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: /subnet-0bbbbbbbbbbbbbbb2/ }),
    ).toBeEnabled();
  });

  it('says that an empty selection means one subnet per supported AZ', async () => {
    await renderField(fakeApi());

    expect(
      await screen.findByText(
        'Automatic: none selected, so the endpoint gets one subnet in each Availability Zone the EKS endpoint service supports (2 in vpc-0a1b2c3d4e5f60718).',
      ),
    ).toBeInTheDocument();
  });

  it('adds and removes subnets as they are ticked', async () => {
    const onChange = await renderField(fakeApi());
    const subnetA = await screen.findByRole('checkbox', {
      name: /subnet-0aaaaaaaaaaaaaaa1/,
    });

    await userEvent.click(subnetA);
    expect(onChange).toHaveBeenLastCalledWith(['subnet-0aaaaaaaaaaaaaaa1']);
    expect(subnetA).toBeChecked();
    expect(screen.getByText(/^1 selected/)).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('checkbox', { name: /subnet-0bbbbbbbbbbbbbbb2/ }),
    );
    expect(onChange).toHaveBeenLastCalledWith([
      'subnet-0aaaaaaaaaaaaaaa1',
      'subnet-0bbbbbbbbbbbbbbb2',
    ]);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await userEvent.click(subnetA);
    expect(onChange).toHaveBeenLastCalledWith(['subnet-0bbbbbbbbbbbbbbb2']);
  });

  it('refuses two subnets in one AZ with an inline message', async () => {
    await renderField(fakeApi());

    await userEvent.click(
      await screen.findByRole('checkbox', { name: /subnet-0aaaaaaaaaaaaaaa1/ }),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: /subnet-0aaaaaaaaaaaaaaa2/ }),
    );

    // -common's checkSubnetZones words the refusal; what the user must see
    // is both ids, the AZ and the fix.
    expect(screen.getByRole('alert')).toHaveTextContent(
      /^subnet-0aaaaaaaaaaaaaaa1 and subnet-0aaaaaaaaaaaaaaa2 are .*in us-east-1a; an interface endpoint takes one subnet per Availability Zone — keep one of them/,
    );
  });

  it('shows a chosen subnet in an AZ without the service inline', async () => {
    await renderField(fakeApi(), { initial: ['subnet-0eeeeeeeeeeeeeee5'] });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'subnet-0eeeeeeeeeeeeeee5 is in us-east-1e, where com.amazonaws.us-east-1.eks is not offered (supported: us-east-1a, us-east-1b); pick a subnet in a supported Availability Zone.',
    );
  });

  it("lets the form's validation use the subnets it loaded, with no second request", async () => {
    const api = fakeApi();
    await renderField(api);
    await screen.findAllByRole('checkbox');

    const errors: string[] = [];
    const validation = {
      addError: (message: string) => {
        errors.push(message);
        return validation;
      },
      __errors: [],
    };
    await eksSubnetPickerValidation(
      ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'],
      validation,
      {
        apiHolder: {
          get: ref =>
            (ref.id === eksPrivateLinkApiRef.id ? api : undefined) as never,
        },
        formData: { vpc: ENTITY_REF },
        schema: {},
      },
    );

    expect(errors).toHaveLength(1);
    expect(api.getSubnets).toHaveBeenCalledTimes(1);
  });

  it('goes back to automatic placement on request', async () => {
    const onChange = await renderField(fakeApi(), {
      initial: ['subnet-0aaaaaaaaaaaaaaa1'],
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Use automatic placement' }),
    );

    expect(onChange).toHaveBeenLastCalledWith([]);
    expect(screen.getByText(/^Automatic: none selected/)).toBeInTheDocument();
  });

  it('reads the VPC from the form field named in ui:options vpcField', async () => {
    const api = fakeApi();
    await renderField(api, {
      formContextData: { network: 'resource:default/shared-services' },
      uiOptions: { vpcField: 'network' },
    });

    await screen.findAllByRole('checkbox');
    expect(api.getSubnets).toHaveBeenCalledWith(
      'resource:default/shared-services',
    );
  });

  it('says when the subnets could not be loaded, and that empty still works', async () => {
    const api = fakeApi();
    api.getSubnets.mockRejectedValue(
      new Error('AccessDenied on DescribeSubnets'),
    );
    await renderField(api);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      `Could not load the subnets of ${ENTITY_REF}: AccessDenied on DescribeSubnets.`,
    );
    expect(
      within(alert).getByText(/leave the selection empty/),
    ).toBeInTheDocument();
  });
});
