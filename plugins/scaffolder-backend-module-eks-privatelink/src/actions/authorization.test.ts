import { EC2Client } from '@aws-sdk/client-ec2';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  ACCOUNT,
  mockAvailableAfterCreate,
  mockCleanVpc,
  mutatingCalls,
  REGION,
  VPC_ID,
  vpcEntity,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import { mockClient } from 'aws-sdk-client-mock';
import {
  actionOptions,
  mockInventorySync,
  VPC_REF,
} from './__testUtils__/fixtures';
import { createEksEndpointCreateAction } from './createEndpoint';
import { createEksEndpointDeleteAction } from './deleteEndpoint';
import type { EksEndpointActionOptions } from './vpcInput';

const ec2Mock = mockClient(EC2Client);
const initiator = mockCredentials.user('user:default/mallory');
let fetchSpy: jest.SpyInstance;

const payments = vpcEntity({
  name: 'payments-vpc',
  vpcId: VPC_ID,
  region: REGION,
  accountId: ACCOUNT,
});
// What an attacker registers to get around the owner: a second entity,
// owned by them, that names the same VPC.
const decoy: Entity = {
  ...vpcEntity({ name: 'decoy-vpc', vpcId: VPC_ID, region: REGION }),
  spec: { type: 'vpc', owner: 'user:default/mallory' },
};

/** Permissions that allow only on the given entity refs, and record asks. */
function permissionsAllowing(...refs: string[]) {
  const asked: Array<{ permission: string; resourceRef?: string }> = [];
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: EvaluatePermissionRequest[]) =>
      requests.map(request => {
        const resourceRef =
          'resourceRef' in request ? request.resourceRef : undefined;
        asked.push({ permission: request.permission.name, resourceRef });
        return {
          result:
            resourceRef && refs.includes(resourceRef)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
  });
  return { permissions, asked };
}

function context(input: Record<string, unknown>, isDryRun = false) {
  return {
    ...createMockActionContext({ logger: mockServices.logger.mock() }),
    input,
    isDryRun,
    output: jest.fn(),
    getInitiatorCredentials: async () => initiator,
  } as never;
}

async function refusedBy(
  action: 'create' | 'delete',
  input: Record<string, unknown>,
  options: EksEndpointActionOptions,
  isDryRun = false,
): Promise<Error> {
  const create =
    action === 'create'
      ? createEksEndpointCreateAction(options)
      : createEksEndpointDeleteAction(options);
  const error = await create.handler(context(input, isDryRun)).then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(Error);
  // Nothing was read from AWS, let alone changed; the inventory was not asked.
  expect(ec2Mock.calls()).toHaveLength(0);
  expect(fetchSpy).not.toHaveBeenCalled();
  return error as Error;
}

beforeEach(() => {
  ec2Mock.reset();
  mockCleanVpc(ec2Mock);
  mockAvailableAfterCreate(ec2Mock);
  fetchSpy = mockInventorySync();
});

afterEach(() => fetchSpy.mockRestore());

describe('who may change which VPC', () => {
  it.each([
    ['create', false, 'eks-privatelink.endpoint.create'],
    ['create', true, 'eks-privatelink.endpoint.create'],
    ['delete', false, 'eks-privatelink.endpoint.delete'],
    ['delete', true, 'eks-privatelink.endpoint.delete'],
  ] as const)(
    '%s (dry run %s) is refused before any AWS call when %s is denied on the entity',
    async (action, isDryRun, permission) => {
      const { permissions, asked } = permissionsAllowing();
      const error = await refusedBy(
        action,
        { vpc: VPC_REF },
        actionOptions({ permissions }),
        isDryRun,
      );
      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toContain(permission);
      expect(error.message).toContain(VPC_REF);
      expect(error.message).toContain('group:default/platform');
      expect(asked).toEqual([{ permission, resourceRef: VPC_REF }]);
      expect(permissions.authorize).toHaveBeenCalledWith(expect.anything(), {
        credentials: initiator,
      });
    },
  );

  it('onExisting: update is a create decision too', async () => {
    const { permissions } = permissionsAllowing();
    const error = await refusedBy(
      'create',
      { vpc: VPC_REF, onExisting: 'update' },
      actionOptions({ permissions }),
    );
    expect(error.message).toContain('eks-privatelink.endpoint.create');
  });

  it('decides a raw vpcId against the entity that names it', async () => {
    const { permissions, asked } = permissionsAllowing();
    const error = await refusedBy(
      'delete',
      { vpcId: VPC_ID, region: REGION },
      actionOptions({ permissions }),
    );
    expect(error.message).toContain(VPC_REF);
    expect(asked).toEqual([
      { permission: 'eks-privatelink.endpoint.delete', resourceRef: VPC_REF },
    ]);
  });

  it('refuses a raw vpcId that no entity names: onboard it first', async () => {
    const error = await refusedBy(
      'create',
      { vpcId: 'vpc-0fedcba9876543210', region: REGION },
      actionOptions(),
    );
    expect(error.message).toContain(
      'no catalog entity names vpc-0fedcba9876543210',
    );
    expect(error.message).toContain('Onboard it first');
    expect(error.message).toContain('template:default/onboard-vpc');
  });

  it('refuses a raw vpcId named by an entity the initiator cannot read, without naming it', async () => {
    const catalog = catalogServiceMock({ entities: [payments] });
    const hiding = Object.assign(catalog, {
      getEntitiesByRefs: jest.fn(async (request: { entityRefs: string[] }) => ({
        items: request.entityRefs.map(() => undefined),
      })),
    });
    const error = await refusedBy(
      'create',
      { vpcId: VPC_ID, region: REGION },
      actionOptions({ catalog: hiding }),
    );
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toContain('you may not read');
    expect(error.message).not.toContain('payments-vpc');
  });

  it('a second entity that names the same VPC does not get around its owner', async () => {
    const { permissions, asked } = permissionsAllowing(
      'resource:default/decoy-vpc',
    );
    const error = await refusedBy(
      'create',
      { vpc: 'resource:default/decoy-vpc' },
      actionOptions({
        permissions,
        catalog: catalogServiceMock({ entities: [payments, decoy] }),
      }),
    );
    expect(error.message).toContain(VPC_REF);
    expect(asked.map(a => a.resourceRef).sort()).toEqual([
      'resource:default/decoy-vpc',
      VPC_REF,
    ]);
  });

  it('lets the owner through: the endpoint is created', async () => {
    const { permissions } = permissionsAllowing(VPC_REF);
    const ctx = context({ vpc: VPC_REF });
    await createEksEndpointCreateAction(actionOptions({ permissions })).handler(
      ctx,
    );
    expect(Object.keys(mutatingCalls(ec2Mock))).toContain(
      'CreateVpcEndpointCommand',
    );
  });

  it('takes the account from the entities when a raw vpcId gives none', async () => {
    const getClient = jest.fn(
      async (_: { region: string; accountId?: string }) =>
        new EC2Client({ region: REGION }),
    );
    await createEksEndpointCreateAction(
      actionOptions({ ec2ClientFactory: { getClient } }),
    ).handler(context({ vpcId: VPC_ID, region: REGION }));
    expect(getClient).toHaveBeenCalledWith({
      region: REGION,
      accountId: ACCOUNT,
    });
  });
});

describe('allow-lists', () => {
  it('refuses a region outside eksPrivateLink.allowedRegions', async () => {
    const error = await refusedBy(
      'create',
      { vpc: VPC_REF },
      actionOptions({ allowedRegions: ['eu-central-1'] }),
    );
    expect(error.message).toContain('eksPrivateLink.allowedRegions');
    expect(error.message).toContain(REGION);
  });

  it('refuses an account outside eksPrivateLink.allowedAccounts', async () => {
    const error = await refusedBy(
      'delete',
      { vpc: VPC_REF },
      actionOptions({ allowedAccounts: ['111111111111'] }),
    );
    expect(error.message).toContain('eksPrivateLink.allowedAccounts');
    expect(error.message).toContain(ACCOUNT);
  });

  it('lets a listed region and account through', async () => {
    await createEksEndpointCreateAction(
      actionOptions({ allowedAccounts: [ACCOUNT], allowedRegions: [REGION] }),
    ).handler(context({ vpc: VPC_REF }));
    expect(Object.keys(mutatingCalls(ec2Mock))).toContain(
      'CreateVpcEndpointCommand',
    );
  });
});

describe('flow-log destinations', () => {
  const flowLogs = (destination: string) => ({
    destinationType: destination.includes(':s3:') ? 's3' : 'cloud-watch-logs',
    destination,
    deliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/flow-logs`,
  });

  async function refusedAfterPreflight(
    destination: string,
    options = actionOptions(),
  ): Promise<Error> {
    const error = await createEksEndpointCreateAction(options)
      .handler(context({ vpc: VPC_REF, flowLogs: flowLogs(destination) }))
      .then(
        () => undefined,
        e => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect(mutatingCalls(ec2Mock)).toEqual({});
    return error as Error;
  }

  it('refuses a log group in another account, naming the setting', async () => {
    const error = await refusedAfterPreflight(
      'arn:aws:logs:us-east-1:999999999999:log-group:exfil',
    );
    expect(error.message).toContain('999999999999');
    expect(error.message).toContain(
      'eksPrivateLink.flowLogs.allowedDestinations',
    );
  });

  it('refuses an S3 bucket that is not listed, since its ARN names no account', async () => {
    const error = await refusedAfterPreflight('arn:aws:s3:::someone-elses');
    expect(error.message).toContain('S3 ARNs carry no account');
  });

  it('takes a destination that app-config lists', async () => {
    const destination = 'arn:aws:logs:us-east-1:999999999999:log-group:central';
    const options = actionOptions({
      allowedFlowLogDestinations: [
        'arn:aws:logs:us-east-1:999999999999:log-group:*',
      ],
    });
    const error = await createEksEndpointCreateAction(options)
      .handler(context({ vpc: VPC_REF, flowLogs: flowLogs(destination) }))
      .then(
        () => undefined,
        e => e as Error,
      );
    expect(error?.message ?? '').not.toContain('allowedDestinations');
    expect(Object.keys(mutatingCalls(ec2Mock))).toContain(
      'CreateVpcEndpointCommand',
    );
  });
});
