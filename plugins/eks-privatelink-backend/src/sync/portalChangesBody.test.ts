import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import request from 'supertest';
import type { AppliedEndpointStore } from '../database/DatabaseAppliedStore';
import type { InventoryService } from '../service/InventoryService';
import { createRouter } from '../service/router';

const applied = {
  vpcEndpointId: 'vpce-0a1b2c3d4e5f67890',
  serviceName: 'com.amazonaws.us-east-1.eks',
  subnetIds: ['subnet-0a1b2c3d'],
  securityGroupIds: ['sg-0a1b2c3d'],
  privateDnsEnabled: true,
  policyDocument: null,
  allowedSources: ['10.9.0.0/16'],
};

async function app(
  defaultCredentials: BackstageCredentials = mockCredentials.service(),
) {
  const calls: string[] = [];
  const store: AppliedEndpointStore = {
    recordPortalChanges: jest.fn(async () => {
      calls.push('record');
    }),
    getApplied: async () => new Map(),
    prune: async () => 0,
  };
  const service = {
    syncVpc: jest.fn(async () => {
      calls.push('sync');
      return { items: [] };
    }),
  } as unknown as InventoryService;
  const router = await createRouter({
    service,
    httpAuth: mockServices.httpAuth({ defaultCredentials }),
    permissions: mockServices.permissions(),
    applied: store,
  });
  const server = express()
    .use(router)
    .use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
  return { server, store, service, calls };
}

describe('POST /sync/vpc with what the actions did', () => {
  it('stores what was applied and deleted, then re-reads the VPC', async () => {
    const { server, store, service, calls } = await app();
    const response = await request(server)
      .post('/sync/vpc')
      .send({
        vpcId: 'vpc-0a1b2c3d',
        region: 'us-east-1',
        applied,
        deletedEndpointIds: ['vpce-0a1b2c3e'],
      });

    expect(response.status).toBe(200);
    expect(store.recordPortalChanges).toHaveBeenCalledWith(
      { vpcId: 'vpc-0a1b2c3d', region: 'us-east-1' },
      { applied, deletedEndpointIds: ['vpce-0a1b2c3e'] },
    );
    expect(service.syncVpc).toHaveBeenCalledWith({
      vpcId: 'vpc-0a1b2c3d',
      region: 'us-east-1',
    });
    expect(calls).toEqual(['record', 'sync']);
  });

  it.each([
    [
      'a group id as endpoint id',
      { deletedEndpointIds: ['sg-0a1b2c3d'] },
      /deletedEndpointIds/,
    ],
    [
      'more than 50 deleted endpoints',
      { deletedEndpointIds: Array.from({ length: 51 }, () => 'vpce-0a1b2c3d') },
      /at most 50/,
    ],
    [
      'a VPC id as subnet',
      { applied: { ...applied, subnetIds: ['vpc-0a1b2c3d'] } },
      /subnetIds/,
    ],
    [
      'a malformed group id',
      { applied: { ...applied, securityGroupIds: ['sg-xyz'] } },
      /securityGroupIds/,
    ],
    [
      'another service',
      { applied: { ...applied, serviceName: 'com.amazonaws.us-east-1.s3' } },
      /EKS endpoint service/,
    ],
    [
      'a source that is none',
      { applied: { ...applied, allowedSources: ['nowhere'] } },
      /allowedSources\[0\]/,
    ],
    [
      'a policy longer than AWS takes',
      { applied: { ...applied, policyDocument: 'x'.repeat(20_481) } },
      /20480/,
    ],
  ])('refuses %s', async (_name, extra, message) => {
    const { server, store, service } = await app();
    const response = await request(server)
      .post('/sync/vpc')
      .send({ vpcId: 'vpc-0a1b2c3d', region: 'us-east-1', ...extra });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(store.recordPortalChanges).not.toHaveBeenCalled();
    expect(service.syncVpc).not.toHaveBeenCalled();
  });

  it('takes it only from other backend plugins', async () => {
    const { server, store } = await app(mockCredentials.user());
    const response = await request(server)
      .post('/sync/vpc')
      .send({ vpcId: 'vpc-0a1b2c3d', region: 'us-east-1', applied });

    expect(response.status).toBe(403);
    expect(store.recordPortalChanges).not.toHaveBeenCalled();
  });
});
