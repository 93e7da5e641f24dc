import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { testInventory } from './__testUtils__/fixtures';
import { exampleSteps } from './__testUtils__/examples';
import { createOffboardVpcAction, OFFBOARD_VPC_ACTION_ID } from './offboardVpc';
import { examples } from './offboardVpc.examples';

const ec2Mock = mockClient(EC2Client);
const REF = 'resource:default/payments-vpc';
let fetchSpy: jest.SpyInstance;

beforeEach(() => {
  ec2Mock.reset();
  ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
  fetchSpy = jest
    .spyOn(global, 'fetch')
    .mockResolvedValue(new Response('{"removed":true}', { status: 200 }));
});

afterEach(() => fetchSpy.mockRestore());

describe('aws:eks:privatelink:offboard-vpc examples', () => {
  const steps = exampleSteps(examples, OFFBOARD_VPC_ACTION_ID, {
    'parameters.vpc': REF,
  });

  it('covers every example', () => {
    expect(steps).toHaveLength(examples.length);
  });

  it.each(steps.map(step => [step.description, step.input]))(
    '%s',
    async (_description, input) => {
      const action = createOffboardVpcAction({
        ec2ClientFactory: {
          getClient: async ({ region }) => new EC2Client({ region }),
        },
        inventory: testInventory(),
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
        permissions: mockServices.permissions(),
        userInfo: mockServices.userInfo({
          ownershipEntityRefs: ['user:default/mock', 'group:default/payments'],
        }),
        catalog: catalogServiceMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: {
                name: 'payments-vpc',
                namespace: 'default',
                annotations: {
                  'aws.amazon.com/vpc-id': 'vpc-0a1b2c3d4e5f67890',
                  'aws.amazon.com/region': 'eu-west-1',
                  'backstage.io/managed-by-location':
                    'eks-privatelink:onboarded',
                },
              },
              spec: { type: 'vpc', owner: 'group:default/payments' },
            },
          ],
        }),
        clock: { now: () => 0, sleep: async () => {} },
      });
      const ctx = {
        ...createMockActionContext({ logger: mockServices.logger.mock() }),
        input: { ...input, catalogTimeoutSeconds: 0 },
        output: jest.fn(),
      } as never;

      await action.handler(ctx);

      const [url, init] = fetchSpy.mock.calls[0];
      expect(url).toMatch(
        /\/onboarded-vpcs\/eu-west-1\/vpc-0a1b2c3d4e5f67890$/,
      );
      expect(init.method).toBe('DELETE');
    },
  );
});
