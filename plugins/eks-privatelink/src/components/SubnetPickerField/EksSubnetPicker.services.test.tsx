import { screen } from '@testing-library/react';
import type { SubnetsResponse } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { ENTITY_REF, SUBNETS } from '../../testUtils/fixtures';
import {
  fakeApi,
  renderField,
  SUBNETS_BY_SERVICE,
} from './__testUtils__/pickerHarness';
import type { EksSubnetPickerUiOptions } from './schema';

const POD_IDENTITY_MISSING_IN_B =
  "EKS Pod Identity (eks-auth) is not offered in us-east-1b: its subnets can't be used while both endpoints are made.";

function render(
  services: string | undefined,
  options: {
    answer?: SubnetsResponse;
    initial?: string[];
    uiOptions?: EksSubnetPickerUiOptions;
    field?: string;
  } = {},
) {
  const formContextData: Record<string, unknown> = { vpc: ENTITY_REF };
  if (services !== undefined) {
    formContextData[options.field ?? 'services'] = services;
  }
  return renderField(fakeApi(options.answer ?? SUBNETS_BY_SERVICE), {
    formContextData,
    initial: options.initial,
    uiOptions: options.uiOptions,
  });
}

function checkbox(subnetId: string) {
  return screen.findByRole('checkbox', { name: new RegExp(subnetId) });
}

describe('EksSubnetPicker with a choice of services', () => {
  it('with both, disables a subnet in an AZ only the EKS API offers and says which service lacks it', async () => {
    await render('both');

    expect(await checkbox('subnet-0bbbbbbbbbbbbbbb2')).toBeDisabled();
    expect(screen.getByText(POD_IDENTITY_MISSING_IN_B)).toBeInTheDocument();
    expect(await checkbox('subnet-0aaaaaaaaaaaaaaa1')).toBeEnabled();
    expect(
      screen.getByText(
        "EKS API and EKS Pod Identity (eks-auth) are not offered in us-east-1e: its subnets can't be used.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Automatic: none selected, so each endpoint gets one subnet in each Availability Zone its service supports (EKS API: 2, EKS Pod Identity (eks-auth): 1 in vpc-0a1b2c3d4e5f60718).',
      ),
    ).toBeInTheDocument();
  });

  it('with both, refuses inline a subnet already chosen in such an AZ', async () => {
    await render('both', { initial: ['subnet-0bbbbbbbbbbbbbbb2'] });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'subnet-0bbbbbbbbbbbbbbb2 is in us-east-1b, where com.amazonaws.us-east-1.eks-auth is not offered (supported: us-east-1a); pick a subnet in a supported Availability Zone.',
    );
  });

  it('with eks-auth alone, disables the AZs EKS Pod Identity lacks', async () => {
    await render('eks-auth');

    expect(await checkbox('subnet-0bbbbbbbbbbbbbbb2')).toBeDisabled();
    expect(
      screen.getByText(
        "EKS Pod Identity (eks-auth) is not offered in us-east-1b: its subnets can't be used.",
      ),
    ).toBeInTheDocument();
  });

  it.each([['eks'], [undefined]])(
    'with services %s, keeps every AZ the EKS API offers',
    async services => {
      await render(services);

      expect(await checkbox('subnet-0bbbbbbbbbbbbbbb2')).toBeEnabled();
      expect(await checkbox('subnet-0eeeeeeeeeeeeeee5')).toBeDisabled();
      expect(screen.queryByText(/eks-auth/)).not.toBeInTheDocument();
      expect(
        screen.getByText(
          "The EKS endpoint service is not offered in us-east-1e: its subnets can't be used.",
        ),
      ).toBeInTheDocument();
    },
  );

  it('reads the choice from the form field named in ui:options servicesField', async () => {
    await render('both', {
      field: 'endpoints',
      uiOptions: { servicesField: 'endpoints' },
    });

    expect(await checkbox('subnet-0bbbbbbbbbbbbbbb2')).toBeDisabled();
    expect(screen.getByText(POD_IDENTITY_MISSING_IN_B)).toBeInTheDocument();
  });

  it('falls back to serviceSupported for every service when the backend sends no supportedServices', async () => {
    await render('both', { answer: SUBNETS });

    expect(await checkbox('subnet-0bbbbbbbbbbbbbbb2')).toBeEnabled();
    expect(await checkbox('subnet-0eeeeeeeeeeeeeee5')).toBeDisabled();
    expect(
      screen.queryByText(POD_IDENTITY_MISSING_IN_B),
    ).not.toBeInTheDocument();
  });
});
