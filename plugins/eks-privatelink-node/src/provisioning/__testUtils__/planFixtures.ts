import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  ec2Client,
  type Ec2Mock,
  mockCleanVpc,
  mutatingCalls,
  REGION,
  VPC_ID,
} from '../../testUtils';
import { EndpointRequestRefusedError } from '../errors';
import { planEndpoint } from '../planEndpoint';
import type { CreateEndpointChange, EndpointRequest, Plan } from '../types';

/**
 * An EC2 stub that answers as {@link mockCleanVpc} describes, set up afresh
 * before each test of the calling file.
 */
export function cleanVpcMock(): Ec2Mock {
  const ec2Mock = mockClient(EC2Client);
  beforeEach(() => {
    ec2Mock.reset();
    mockCleanVpc(ec2Mock);
  });
  return ec2Mock;
}

/** The request of the fixtures' VPC, with every default. */
export const base: EndpointRequest = {
  vpcId: VPC_ID,
  region: REGION,
  accountId: ACCOUNT,
};

/** The refusal `planEndpoint` throws, after checking that nothing was changed. */
export async function refusalOf(
  ec2Mock: Ec2Mock,
  request: EndpointRequest,
  options: Parameters<typeof planEndpoint>[2] = {},
): Promise<EndpointRequestRefusedError> {
  const error = await planEndpoint(ec2Client(), request, options).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(EndpointRequestRefusedError);
  // Whatever was refused, nothing may have been changed.
  expect(mutatingCalls(ec2Mock)).toEqual({});
  return error as EndpointRequestRefusedError;
}

/** The plan's `createEndpoint` change, which must be there. */
export function createChange(plan: Plan): CreateEndpointChange {
  const change = plan.changes.find(c => c.kind === 'createEndpoint');
  expect(change).toBeDefined();
  return change as CreateEndpointChange;
}
