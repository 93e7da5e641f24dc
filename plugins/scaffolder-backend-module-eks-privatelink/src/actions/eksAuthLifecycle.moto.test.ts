import {
  DescribeSecurityGroupsCommand,
  DescribeVpcEndpointsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ACCOUNT,
  checkpointStore,
  createVpcWithSubnets,
  describeIfMoto,
  motoEc2Client,
  vpcEntity,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import {
  actionOutputs,
  mockInventorySync,
  testInventory,
} from './__testUtils__/fixtures';
import { createEksEndpointCreateAction } from './createEndpoint';
import { createEksEndpointDeleteAction } from './deleteEndpoint';

const REGION = 'us-west-2';
const VPC = 'resource:default/moto-both';

describeIfMoto(
  'EKS API and EKS Pod Identity endpoints of one VPC against moto',
  () => {
    let client: EC2Client;
    let vpcId: string;
    let createAction: ReturnType<typeof createEksEndpointCreateAction>;
    let deleteAction: ReturnType<typeof createEksEndpointDeleteAction>;
    // One store for the steps of one task, as the scaffolder keeps it.
    const task = checkpointStore();

    const context = (input: Record<string, unknown>) =>
      ({
        ...createMockActionContext({ logger: mockServices.logger.mock() }),
        input,
        output: jest.fn(),
        checkpoint: ({ key, fn }: { key: string; fn: () => Promise<never> }) =>
          task.checkpoint(key, fn),
      } as never);

    beforeAll(async () => {
      client = await motoEc2Client({ region: REGION, accountId: ACCOUNT });
      ({ vpcId } = await createVpcWithSubnets(client, {
        cidrBlock: '10.66.0.0/16',
        availabilityZones: ['us-west-2a', 'us-west-2b'],
      }));
      const options = {
        ec2ClientFactory: { getClient: async () => client },
        catalog: catalogServiceMock({
          entities: [
            vpcEntity({
              name: 'moto-both',
              vpcId,
              region: REGION,
              accountId: ACCOUNT,
            }),
          ],
        }),
        inventory: testInventory(),
        auth: mockServices.auth(),
        permissions: mockServices.permissions(),
      };
      createAction = createEksEndpointCreateAction(options);
      deleteAction = createEksEndpointDeleteAction(options);
      mockInventorySync();
    });

    afterAll(() => jest.restoreAllMocks());

    const active = async (service: string) =>
      (
        await client.send(
          new DescribeVpcEndpointsCommand({
            Filters: [
              { Name: 'vpc-id', Values: [vpcId] },
              {
                Name: 'service-name',
                Values: [`com.amazonaws.${REGION}.${service}`],
              },
            ],
          }),
        )
      ).VpcEndpoints?.filter(
        e => !['deleted', 'deleting'].includes((e.State ?? '').toLowerCase()),
      ) ?? [];
    const managedGroups = async () =>
      (
        await client.send(
          new DescribeSecurityGroupsCommand({
            Filters: [
              { Name: 'vpc-id', Values: [vpcId] },
              { Name: 'tag:eks-privatelink:vpc-endpoint-for', Values: [vpcId] },
            ],
          }),
        )
      ).SecurityGroups ?? [];

    it('creates both in one task ("Both" in the template), and a re-run creates neither again', async () => {
      const eks = context({ vpc: VPC });
      const auth = context({ vpc: VPC, service: 'eks-auth' });
      await createAction.handler(eks);
      await createAction.handler(auth);

      expect(actionOutputs(eks)).toMatchObject({
        created: true,
        serviceName: `com.amazonaws.${REGION}.eks`,
      });
      expect(actionOutputs(auth)).toMatchObject({
        created: true,
        serviceName: `com.amazonaws.${REGION}.eks-auth`,
        state: 'available',
      });
      expect(actionOutputs(auth).vpcEndpointId).not.toBe(
        actionOutputs(eks).vpcEndpointId,
      );
      expect(actionOutputs(auth).securityGroupIds).toEqual(
        actionOutputs(eks).securityGroupIds,
      );

      const again = context({ vpc: VPC, service: 'eks-auth' });
      await createAction.handler(again);
      expect(actionOutputs(again)).toMatchObject({
        created: false,
        vpcEndpointId: actionOutputs(auth).vpcEndpointId,
      });
      expect(await active('eks')).toHaveLength(1);
      expect(await active('eks-auth')).toHaveLength(1);
      expect(await managedGroups()).toHaveLength(1);
    });

    it('deletes EKS Pod Identity alone, then the EKS API with the shared group', async () => {
      const auth = context({ vpc: VPC, service: 'eks-auth' });
      await deleteAction.handler(auth);
      expect(actionOutputs(auth)).toMatchObject({
        serviceName: `com.amazonaws.${REGION}.eks-auth`,
        alreadyGone: false,
        securityGroupIds: [],
      });
      expect(await active('eks-auth')).toHaveLength(0);
      expect(await active('eks')).toHaveLength(1);
      expect(await managedGroups()).toHaveLength(1);

      const eks = context({ vpc: VPC });
      await deleteAction.handler(eks);
      expect(actionOutputs(eks).securityGroupIds).toHaveLength(1);
      expect(await active('eks')).toHaveLength(0);
      expect(await managedGroups()).toHaveLength(0);
    });
  },
);
