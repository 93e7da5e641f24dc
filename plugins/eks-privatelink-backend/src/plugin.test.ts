import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { eksPrivateLinkPlugin } from './plugin';

jest.setTimeout(60_000);

const AWS_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_EC2',
];

describe('eksPrivateLinkPlugin without AWS credentials', () => {
  const saved: Record<string, string | undefined> = {};

  beforeAll(() => {
    for (const name of [
      ...AWS_VARIABLES,
      'AWS_EC2_METADATA_DISABLED',
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
    ]) {
      saved[name] = process.env[name];
    }
    for (const name of AWS_VARIABLES) {
      delete process.env[name];
    }
    // No instance metadata service and no credentials files on a laptop.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-credentials';
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  });

  it('starts, runs the scheduled sync and records what to configure', async () => {
    const { server } = await startTestBackend({
      features: [
        eksPrivateLinkPlugin,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: {
                name: 'local-vpc',
                annotations: { 'aws.amazon.com/vpc-id': 'vpc-0d000001' },
              },
              spec: { type: 'vpc', owner: 'platform' },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: { eksPrivateLink: { defaultRegion: 'eu-central-1' } },
        }),
      ],
    });

    const health = await request(server).get('/api/eks-privatelink/health');
    expect(health.status).toBe(200);

    // The list never calls AWS: what it shows was written by the scheduled run.
    const res = await request(server)
      .get('/api/eks-privatelink/inventory')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      entityRef: 'resource:default/local-vpc',
      vpc: { vpcId: 'vpc-0d000001', region: 'eu-central-1' },
      sync: { status: 'error', lastSyncedAt: null },
    });
    expect(res.body.items[0].sync.error).toMatch(
      /aws\.mainAccount|AWS_ACCESS_KEY_ID/,
    );
  });
});
