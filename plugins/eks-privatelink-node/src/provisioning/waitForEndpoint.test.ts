import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ec2Client,
  ec2Error,
  endpoint,
  ENDPOINT_ID,
  instantSleep,
  wireState,
} from '../testUtils';
import { EndpointFailedError, EndpointWaitTimeoutError } from './errors';
import { waitForEndpoint, waitForEndpointDeleted } from './waitForEndpoint';

const ec2Mock = mockClient(EC2Client);
const inState = (state: string) => ({
  VpcEndpoints: [endpoint({ State: wireState(state) })],
});

beforeEach(() => ec2Mock.reset());

describe('waitForEndpoint', () => {
  it('backs off from 2 s by half again each time, capped at 15 s', async () => {
    const stub = ec2Mock.on(DescribeVpcEndpointsCommand);
    for (let i = 0; i < 7; i++) {
      stub.resolvesOnce(inState('pending'));
    }
    stub.resolves(inState('available'));
    const time = instantSleep();

    const found = await waitForEndpoint(ec2Client(), ENDPOINT_ID, time);

    expect(found.VpcEndpointId).toBe(ENDPOINT_ID);
    expect(time.waits).toEqual([2000, 3000, 4500, 6750, 10125, 15000, 15000]);
    expect(
      ec2Mock.commandCalls(DescribeVpcEndpointsCommand)[0].args[0].input,
    ).toEqual({ VpcEndpointIds: [ENDPOINT_ID] });
  });

  it('compares states without regard to case and accepts pendingAcceptance', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce(inState('Pending'))
      .resolves(inState('pendingAcceptance'));
    const found = await waitForEndpoint(
      ec2Client(),
      ENDPOINT_ID,
      instantSleep(),
    );
    expect(found.State).toBe('pendingAcceptance');
  });

  it('keeps looking while AWS does not list the new endpoint yet, or throttles', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .rejectsOnce(ec2Error('InvalidVpcEndpointId.NotFound'))
      .resolvesOnce({ VpcEndpoints: [] })
      .resolves(inState('available'));
    const found = await waitForEndpoint(
      ec2Client(),
      ENDPOINT_ID,
      instantSleep(),
    );
    expect(found.State).toBe('available');
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)).toHaveLength(3);
  });

  it('fails with LastError when the endpoint goes failed', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        endpoint({
          State: wireState('Failed'),
          LastError: { Code: 'InvalidParameter', Message: 'bad subnet' },
        }),
      ],
    });
    const error = await waitForEndpoint(
      ec2Client(),
      ENDPOINT_ID,
      instantSleep(),
    ).catch(e => e);
    expect(error).toBeInstanceOf(EndpointFailedError);
    expect(error.message).toContain(
      `${ENDPOINT_ID} failed: InvalidParameter: bad subnet`,
    );
  });

  it('fails when the endpoint is deleted while being waited for', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves(inState('deleted'));
    await expect(
      waitForEndpoint(ec2Client(), ENDPOINT_ID, instantSleep()),
    ).rejects.toThrow(`${ENDPOINT_ID} went deleted`);
  });

  it('times out naming the endpoint, its last state and that a re-run adopts it', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves(inState('pending'));
    const time = instantSleep();
    const error = await waitForEndpoint(ec2Client(), ENDPOINT_ID, {
      ...time,
      timeoutSeconds: 60,
    }).catch(e => e);
    expect(error).toBeInstanceOf(EndpointWaitTimeoutError);
    expect(error.vpcEndpointId).toBe(ENDPOINT_ID);
    expect(error.message).toContain(
      `${ENDPOINT_ID} is still pending after 60 s`,
    );
    expect(error.message).toContain('run the task again and it adopts');
    // Never sleeps past the deadline.
    expect(time.now()).toBe(60_000);
  });

  it('stops when the caller aborts', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves(inState('pending'));
    const controller = new AbortController();
    const waiting = waitForEndpoint(ec2Client(), ENDPOINT_ID, {
      signal: controller.signal,
      onState: () => controller.abort(new Error('task cancelled')),
    });
    await expect(waiting).rejects.toThrow('task cancelled');
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)).toHaveLength(1);
  });
});

describe('waitForEndpointDeleted', () => {
  it('waits while deleting and returns once AWS no longer lists it', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce(inState('deleting'))
      .rejects(ec2Error('InvalidVpcEndpointId.NotFound'));
    await expect(
      waitForEndpointDeleted(ec2Client(), ENDPOINT_ID, instantSleep()),
    ).resolves.toBeUndefined();
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)).toHaveLength(2);
  });

  it('accepts the deleted state as gone', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves(inState('Deleted'));
    await expect(
      waitForEndpointDeleted(ec2Client(), ENDPOINT_ID, instantSleep()),
    ).resolves.toBeUndefined();
  });

  it('times out with the reason of an endpoint that stays failed', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        endpoint({
          State: wireState('failed'),
          LastError: { Code: 'InternalError', Message: 'stuck' },
        }),
      ],
    });
    await expect(
      waitForEndpointDeleted(ec2Client(), ENDPOINT_ID, {
        ...instantSleep(),
        timeoutSeconds: 10,
      }),
    ).rejects.toThrow(
      `${ENDPOINT_ID} is still failed (InternalError: stuck) after 10 s`,
    );
  });
});
