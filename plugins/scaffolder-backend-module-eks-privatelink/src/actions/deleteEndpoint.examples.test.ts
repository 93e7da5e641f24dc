import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  AUTH_ENDPOINT_ID,
  authEndpoint,
  ec2Error,
  endpoint,
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
      // The eks-auth example finds the VPC's EKS Pod Identity endpoint.
      const auth = (input as { service?: string }).service === 'eks-auth';
      if (auth) {
        ec2Mock
          .on(DescribeVpcEndpointsCommand)
          .resolves({ VpcEndpoints: [endpoint(), authEndpoint()] });
        ec2Mock
          .on(DescribeVpcEndpointsCommand, {
            VpcEndpointIds: [AUTH_ENDPOINT_ID],
          })
          .rejects(ec2Error('InvalidVpcEndpointId.NotFound'));
      }
      const ctx = {
        ...createMockActionContext({ logger: mockServices.logger.mock() }),
        input,
        output: jest.fn(),
      } as never;

      await createEksEndpointDeleteAction(actionOptions()).handler(ctx);

      expect(actionOutputs(ctx).vpcEndpointIds).toEqual([
        auth ? AUTH_ENDPOINT_ID : ENDPOINT_ID,
      ]);
    },
  );
});
