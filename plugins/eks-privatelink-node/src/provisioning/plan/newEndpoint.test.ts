import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
} from '@aws-sdk/client-ec2';
import {
  ec2Client,
  endpoint,
  REGION,
  SG_GIVEN,
  subnet,
  SUBNET_A,
  SUBNET_B,
  VPC_ID,
  wireState,
} from '../../testUtils';
import {
  cleanVpcMock,
  base,
  createChange,
} from '../__testUtils__/planFixtures';
import { planEndpoint } from '../planEndpoint';

const ec2Mock = cleanVpcMock();

describe('planEndpoint, a new endpoint', () => {
  it('derives the same token for the same request and a new one when a parameter changes', async () => {
    const request = {
      ...base,
      subnetIds: [SUBNET_B, SUBNET_A],
      securityGroupIds: [SG_GIVEN],
    };
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [subnet(SUBNET_A, `${REGION}a`), subnet(SUBNET_B, `${REGION}b`)],
    });
    ec2Mock
      .on(DescribeSecurityGroupsCommand, { GroupIds: [SG_GIVEN] })
      .resolves({ SecurityGroups: [{ GroupId: SG_GIVEN, VpcId: VPC_ID }] });

    const first = createChange(await planEndpoint(ec2Client(), request));
    const reordered = createChange(
      await planEndpoint(ec2Client(), {
        ...request,
        subnetIds: [SUBNET_A, SUBNET_B],
      }),
    );
    const tagged = createChange(
      await planEndpoint(ec2Client(), {
        ...request,
        tags: { team: 'platform' },
      }),
    );

    expect(first.clientToken).toMatch(/^eks-privatelink-[0-9a-f]{48}$/);
    expect(first.clientToken!.length).toBeLessThanOrEqual(64);
    expect(reordered.clientToken).toBe(first.clientToken);
    expect(tagged.clientToken).not.toBe(first.clientToken);
  });

  it('does not let a failed endpoint block a new one, and says so', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        endpoint({
          VpcEndpointId: 'vpce-0fa11edfa11edfa11',
          State: wireState('failed'),
          LastError: { Code: 'InsufficientCapacity', Message: 'try later' },
        }),
      ],
    });

    const plan = await planEndpoint(ec2Client(), base);

    expect(plan.action).toBe('create');
    expect(plan.notes.join(' ')).toContain(
      'vpce-0fa11edfa11edfa11 in this VPC is failed (InsufficientCapacity: try later)',
    );
    expect(createChange(plan).history).toEqual(['vpce-0fa11edfa11edfa11']);
  });

  it('waits for an endpoint that is still deleting before creating', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [endpoint({ State: wireState('deleting') })],
    });
    const plan = await planEndpoint(ec2Client(), base);
    expect(createChange(plan).waitForDeletion).toEqual([
      'vpce-0123456789abcdef0',
    ]);
  });
});
