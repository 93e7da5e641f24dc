import { EC2Client } from '@aws-sdk/client-ec2';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ENDPOINT_ID,
  mockEndpointGoneAfterDelete,
  mockVpcWithEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import { mockClient } from 'aws-sdk-client-mock';
import { exampleSteps } from './__testUtils__/examples';
import {
  actionOptions,
  actionOutputs,
  mockInventorySync,
  VPC_REF,
} from './__testUtils__/fixtures';
import {
  createEksEndpointDeleteAction,
  DELETE_ENDPOINT_ACTION_ID,
} from './deleteEndpoint';
import { examples } from './deleteEndpoint.examples';

const ec2Mock = mockClient(EC2Client);
let fetchSpy: jest.SpyInstance;

beforeEach(() => {
  ec2Mock.reset();
  mockVpcWithEndpoint(ec2Mock);
  mockEndpointGoneAfterDelete(ec2Mock);
  fetchSpy = mockInventorySync();
});

afterEach(() => fetchSpy.mockRestore());

describe('aws:eks:privatelink:delete examples', () => {
  const steps = exampleSteps(examples, DELETE_ENDPOINT_ACTION_ID, {
    'parameters.vpc': VPC_REF,
  });

  it('covers every example', () => {
    expect(steps).toHaveLength(examples.length);
  });

  it.each(steps.map(step => [step.description, step.input]))(
    '%s',
    async (_description, input) => {
      const ctx = {
        ...createMockActionContext({ logger: mockServices.logger.mock() }),
        input,
        output: jest.fn(),
      } as never;

      await createEksEndpointDeleteAction(actionOptions()).handler(ctx);

      expect(actionOutputs(ctx).vpcEndpointIds).toEqual([ENDPOINT_ID]);
    },
  );
});
