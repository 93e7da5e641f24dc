import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { testInventory } from './__testUtils__/fixtures';
import { exampleSteps } from './__testUtils__/examples';
import { createOnboardVpcAction, ONBOARD_VPC_ACTION_ID } from './onboardVpc';
import { examples } from './onboardVpc.examples';

const ec2Mock = mockClient(EC2Client);
let fetchSpy: jest.SpyInstance;

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

beforeEach(() => {
  ec2Mock.reset();
  ec2Mock.on(DescribeVpcsCommand).callsFake(input => ({
    Vpcs: [{ VpcId: input.VpcIds[0], OwnerId: '123456789012' }],
  }));
  fetchSpy = jest
    .spyOn(global, 'fetch')
    .mockResolvedValue(new Response('{}', { status: 200 }));
});

afterEach(() => fetchSpy.mockRestore());

describe('aws:eks:privatelink:onboard-vpc examples', () => {
  const steps = exampleSteps(examples, ONBOARD_VPC_ACTION_ID, {
    'parameters.vpcId': 'vpc-0a1b2c3d4e5f67890',
    'parameters.region': 'eu-west-1',
    'parameters.owner': 'group:default/payments',
  });

  it('covers every example', () => {
    expect(steps).toHaveLength(examples.length);
  });

  it.each(steps.map(step => [step.description, step.input]))(
    '%s',
    async (_description, input) => {
      let clock = 0;
      const action = createOnboardVpcAction({
        ec2ClientFactory: {
          getClient: async ({ region }) => new EC2Client({ region }),
        },
        inventory: testInventory(),
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
        permissions: mockServices.permissions(),
        userInfo: mockServices.userInfo({
          ownershipEntityRefs: [
            'user:default/mock',
            'group:default/payments',
            'group:default/platform-networking',
          ],
        }),
        catalog: catalogServiceMock({
          entities: [
            entity('Group', 'payments'),
            entity('Group', 'platform-networking'),
            entity('System', 'payments'),
          ],
        }),
        clock: {
          now: () => clock,
          sleep: async ms => {
            clock += ms;
          },
        },
      });
      const ctx = {
        ...createMockActionContext({ logger: mockServices.logger.mock() }),
        input,
        output: jest.fn(),
      } as never;

      await action.handler(ctx);

      const [url, init] = fetchSpy.mock.calls[0];
      expect(url).toMatch(/\/onboarded-vpcs$/);
      expect(JSON.parse(init.body)).toMatchObject({ vpcId: input.vpcId });
    },
  );
});
