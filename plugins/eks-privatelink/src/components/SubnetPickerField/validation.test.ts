import type { ApiHolder } from '@backstage/core-plugin-api';
import type { SubnetsResponse } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { EksPrivateLinkApi, eksPrivateLinkApiRef } from '../../api';
import { ENTITY_REF, SUBNETS } from '../../testUtils/fixtures';
import { SUBNETS_BY_SERVICE } from './__testUtils__/pickerHarness';
import { loadSubnets } from './loadedSubnets';
import { eksSubnetPickerValidation } from './validation';

// -common's checkSubnetZones words the refusal; what the user must see is
// both ids, the AZ and the fix.
const SAME_AZ_REFUSAL = expect.stringMatching(
  /^subnet-0aaaaaaaaaaaaaaa1 and subnet-0aaaaaaaaaaaaaaa2 are .*in us-east-1a; an interface endpoint takes one subnet per Availability Zone — keep one of them/,
);

function setup(
  getSubnets = jest.fn(async (): Promise<SubnetsResponse> => SUBNETS),
) {
  const api: EksPrivateLinkApi = {
    getInventory: jest.fn(),
    refresh: jest.fn(),
    getSubnets,
    listInventory: jest.fn(),
  };
  const apiHolder: ApiHolder = {
    get: ref => (ref.id === eksPrivateLinkApiRef.id ? api : undefined) as never,
  };
  const errors: string[] = [];
  const validation = {
    addError: (message: string) => {
      errors.push(message);
      return validation;
    },
    __errors: [],
  };
  const run = (
    value: string[] | undefined,
    formData: Record<string, string> = { vpc: ENTITY_REF },
    servicesField?: string,
  ) =>
    eksSubnetPickerValidation(value as string[], validation, {
      apiHolder,
      formData,
      schema: {},
      uiSchema: servicesField ? { 'ui:options': { servicesField } } : {},
    });
  return { run, errors, getSubnets, api };
}

describe('eksSubnetPickerValidation', () => {
  it('accepts an empty selection (automatic placement) without asking the backend', async () => {
    const { run, errors, getSubnets } = setup();
    await run([]);
    await run(undefined);
    expect(errors).toEqual([]);
    expect(getSubnets).not.toHaveBeenCalled();
  });

  it('accepts one subnet per supported AZ', async () => {
    const { run, errors } = setup();
    await run(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2']);
    expect(errors).toEqual([]);
  });

  it('refuses two subnets in the same AZ, naming both and the fix', async () => {
    const { run, errors } = setup();
    await run(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2']);
    expect(errors).toEqual([SAME_AZ_REFUSAL]);
  });

  it('refuses a subnet in an AZ without the service, and one from another VPC', async () => {
    const { run, errors } = setup();
    await run(['subnet-0eeeeeeeeeeeeeee5', 'subnet-0fffffffffffffff6']);
    expect(errors).toEqual([
      'subnet-0eeeeeeeeeeeeeee5 is in us-east-1e, where com.amazonaws.us-east-1.eks is not offered (supported: us-east-1a, us-east-1b); pick a subnet in a supported Availability Zone.',
      'subnet-0fffffffffffffff6 is not a subnet of vpc-0a1b2c3d4e5f60718; choose one of its subnets',
    ]);
  });

  it('refuses a malformed id before asking the backend', async () => {
    const { run, errors, getSubnets } = setup();
    await run(['subnet-XYZ']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'subnet-XYZ' is not a subnet id");
    expect(getSubnets).not.toHaveBeenCalled();
  });

  it('reads the subnets the field loaded instead of asking the backend again', async () => {
    const { run, errors, getSubnets, api } = setup();
    await loadSubnets(api, ENTITY_REF);
    await run(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2']);
    expect(errors).toEqual([SAME_AZ_REFUSAL]);
    expect(getSubnets).toHaveBeenCalledTimes(1);
  });

  describe('with a choice of services', () => {
    const perService = () => setup(jest.fn(async () => SUBNETS_BY_SERVICE));

    it('with both, refuses a subnet in an AZ only the EKS API offers, naming the subnet, AZ, service and fix', async () => {
      const { run, errors } = perService();
      await run(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'], {
        vpc: ENTITY_REF,
        services: 'both',
      });
      expect(errors).toEqual([
        'subnet-0bbbbbbbbbbbbbbb2 is in us-east-1b, where com.amazonaws.us-east-1.eks-auth is not offered (supported: us-east-1a); pick a subnet in a supported Availability Zone.',
      ]);
    });

    it('with eks, accepts the same subnets as before', async () => {
      const { run, errors } = perService();
      await run(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'], {
        vpc: ENTITY_REF,
        services: 'eks',
      });
      expect(errors).toEqual([]);
    });

    it('with both, says a broken rule shared by the services once', async () => {
      const { run, errors } = perService();
      await run(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2'], {
        vpc: ENTITY_REF,
        services: 'both',
      });
      expect(errors).toEqual([SAME_AZ_REFUSAL]);
    });

    it('reads the choice from the field named by servicesField', async () => {
      const { run, errors } = perService();
      await run(
        ['subnet-0bbbbbbbbbbbbbbb2'],
        { vpc: ENTITY_REF, endpoints: 'eks-auth', services: 'eks' },
        'endpoints',
      );
      expect(errors).toEqual([
        expect.stringContaining(
          'subnet-0bbbbbbbbbbbbbbb2 is in us-east-1b, where com.amazonaws.us-east-1.eks-auth is not offered',
        ),
      ]);
    });
  });

  it('lets the form go on when the subnets cannot be read', async () => {
    const { run, errors } = setup(
      jest.fn(async () => {
        throw new Error('backend down');
      }),
    );
    await run(['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0aaaaaaaaaaaaaaa2']);
    expect(errors).toEqual([]);
  });
});
