import {
  CreateFlowLogsCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  endpoint,
  mockAvailableAfterCreate,
  mockAuthService,
  mockCleanVpc,
  REGION,
  SERVICE,
  SG_GIVEN,
  SUBNET_A,
  SUBNET_B,
  VPC_ID,
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
  CREATE_ENDPOINT_ACTION_ID,
  createEksEndpointCreateAction,
} from './createEndpoint';
import { examples } from './createEndpoint.examples';

const ec2Mock = mockClient(EC2Client);
let fetchSpy: jest.SpyInstance;

beforeEach(() => {
  ec2Mock.reset();
  mockCleanVpc(ec2Mock);
  mockAvailableAfterCreate(ec2Mock);
  // What the examples name beyond a clean VPC: dual-stack offered, as AWS
  // offers it for EKS today, a group of the VPC, and a flow-log destination
  // that takes the logs.
  ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
    ServiceDetails: [
      {
        ServiceName: SERVICE,
        AvailabilityZones: [`${REGION}a`, `${REGION}b`],
        VpcEndpointPolicySupported: true,
        SupportedIpAddressTypes: ['ipv4', 'ipv6'],
      },
    ],
  });
  ec2Mock
    .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
    .resolves({ SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: VPC_ID }] });
  // The eks-auth example asks AWS about EKS Pod Identity.
  mockAuthService(ec2Mock);
  ec2Mock
    .on(CreateFlowLogsCommand)
    .resolves({ FlowLogIds: ['fl-0123456789abcdef0'], Unsuccessful: [] });
  fetchSpy = mockInventorySync();
});

afterEach(() => fetchSpy.mockRestore());

describe('aws:eks:privatelink:create examples', () => {
  const steps = exampleSteps(examples, CREATE_ENDPOINT_ACTION_ID, {
    'parameters.vpc': VPC_REF,
    'parameters.subnetIds': [SUBNET_A, SUBNET_B],
  });

  it('covers every example', () => {
    expect(steps).toHaveLength(examples.length);
  });

  it.each(steps.map(step => [step.description, step.input]))(
    '%s',
    async (_description, input) => {
      // An update finds the endpoint the portal made earlier.
      if ((input as { onExisting?: string }).onExisting === 'update') {
        ec2Mock
          .on(DescribeVpcEndpointsCommand)
          .resolves({ VpcEndpoints: [endpoint()] });
      }
      const ctx = {
        ...createMockActionContext({ logger: mockServices.logger.mock() }),
        input,
        output: jest.fn(),
      } as never;

      await createEksEndpointCreateAction(actionOptions()).handler(ctx);

      const outputs = actionOutputs(ctx);
      expect(outputs.vpcEndpointId).toMatch(/^vpce-/);
      expect(outputs.state).toBe('available');
    },
  );
});
