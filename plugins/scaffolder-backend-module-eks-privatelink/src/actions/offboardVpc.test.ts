import {
  DescribeVpcEndpointsCommand,
  EC2Client,
  type State,
} from '@aws-sdk/client-ec2';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { testInventory } from './__testUtils__/fixtures';
import {
  createOffboardVpcAction,
  type OffboardVpcActionOptions,
} from './offboardVpc';

const VPC_ID = 'vpc-0a1b2c3d4e5f67890';
const REGION = 'eu-west-1';
const REF = 'resource:default/payments-vpc';
const BACKEND = 'http://localhost:0/api/eks-privatelink';

const ec2Mock = mockClient(EC2Client);
let fetchSpy: jest.SpyInstance;

function vpc(location: string, owner = 'group:default/payments'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'payments-vpc',
      namespace: 'default',
      annotations: {
        'aws.amazon.com/vpc-id': VPC_ID,
        'aws.amazon.com/region': REGION,
        'backstage.io/managed-by-location': location,
      },
    },
    spec: { type: 'vpc', owner },
  };
}

function setup(
  entity: Entity,
  options: Partial<OffboardVpcActionOptions> = {},
) {
  // The entity leaves the catalog once the backend dropped its record.
  const catalog = catalogServiceMock({ entities: [entity] });
  const real = catalog.getEntityByRef.bind(catalog);
  jest
    .spyOn(catalog, 'getEntityByRef')
    .mockImplementation(async (ref, opts) =>
      fetchSpy.mock.calls.length > 0 ? undefined : real(ref, opts),
    );
  return createOffboardVpcAction({
    ec2ClientFactory: {
      getClient: async ({ region }) => new EC2Client({ region }),
    },
    inventory: testInventory(),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    permissions: mockServices.permissions(),
    userInfo: mockServices.userInfo({
      ownershipEntityRefs: ['user:default/mock', 'group:default/payments'],
    }),
    catalog,
    clock: { sleep: async () => {}, now: () => 0 },
    ...options,
  });
}

function context(isDryRun = false) {
  return {
    ...createMockActionContext({ logger: mockServices.logger.mock() }),
    input: { vpc: REF },
    isDryRun,
    output: jest.fn(),
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/mock'),
  } as never;
}

async function refusal(
  action: ReturnType<typeof setup>,
): Promise<Error & { name: string }> {
  const error = await action.handler(context()).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect(fetchSpy).not.toHaveBeenCalled();
  return error;
}

beforeEach(() => {
  ec2Mock.reset();
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
  fetchSpy = jest
    .spyOn(global, 'fetch')
    .mockResolvedValue(new Response('{"removed":true}', { status: 200 }));
});

afterEach(() => fetchSpy.mockRestore());

describe('aws:eks:privatelink:offboard-vpc', () => {
  it('removes the record of an onboarded VPC its owner offboards, then sees it leave the catalog', async () => {
    const ctx = context();
    await setup(vpc('eks-privatelink:onboarded')).handler(ctx);

    const [url, init] = fetchSpy.mock.calls[0];
    expect(url).toBe(`${BACKEND}/onboarded-vpcs/${REGION}/${VPC_ID}`);
    expect(init.method).toBe('DELETE');
    expect(
      ec2Mock.commandCalls(DescribeVpcEndpointsCommand)[0].args[0].input,
    ).toMatchObject({
      Filters: [
        { Name: 'vpc-id', Values: [VPC_ID] },
        { Name: 'tag:eks-privatelink:managed-by', Values: ['backstage'] },
      ],
    });
    expect((ctx as { output: jest.Mock }).output).toHaveBeenCalledWith(
      'entityRef',
      REF,
    );
  });

  it('needs eks-privatelink.vpc.onboard, before reading AWS', async () => {
    const error = await refusal(
      setup(vpc('eks-privatelink:onboarded'), {
        permissions: mockServices.permissions({
          result: AuthorizeResult.DENY,
        }),
      }),
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain('eks-privatelink.vpc.onboard');
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('is for the owners only', async () => {
    const error = await refusal(
      setup(vpc('eks-privatelink:onboarded', 'group:default/ledger')),
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain('Only the owner of');
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('refuses a VPC that came from somewhere else than onboarding', async () => {
    const error = await refusal(
      setup(vpc('url:https://git.example.com/catalog-info.yaml')),
    );
    expect(error.message).toContain('was not onboarded through the portal');
  });

  it('refuses while the portal manages an endpoint there, saying to run the delete template', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        // EC2 sends lower case, whatever the SDK's type says.
        { VpcEndpointId: 'vpce-0aaa', State: 'available' as State },
        { VpcEndpointId: 'vpce-0bbb', State: 'Deleted' },
      ],
    });
    const error = await refusal(setup(vpc('eks-privatelink:onboarded')));
    expect(error.message).toContain('still manages vpce-0aaa');
    expect(error.message).not.toContain('vpce-0bbb');
    expect(error.message).toContain(
      'Remove the private path to the Amazon EKS API',
    );
  });

  it('checks everything in a dry run and removes nothing', async () => {
    await setup(vpc('eks-privatelink:onboarded')).handler(context(true));
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)).toHaveLength(1);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
