import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ec2Error } from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import { mockClient } from 'aws-sdk-client-mock';
import { testInventory } from './__testUtils__/fixtures';
import { createOnboardVpcAction, OnboardVpcActionOptions } from './onboardVpc';

const VPC_ID = 'vpc-0a1b2c3d4e5f67890';
const REGION = 'eu-west-1';
const BACKEND = 'http://localhost:0/api/eks-privatelink';

const ec2Mock = mockClient(EC2Client);
let fetchSpy: jest.SpyInstance;

type Action = ReturnType<typeof createOnboardVpcAction>;
type Context = Parameters<Action['handler']>[0];
type Input = Context['input'];

function vpcEntity(name: string, vpcId: string, location: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'aws.amazon.com/vpc-id': vpcId,
        'aws.amazon.com/region': REGION,
        'backstage.io/managed-by-location': location,
      },
    },
    spec: { type: 'vpc', owner: 'group:default/platform-networking' },
  };
}

const PAYMENTS_GROUP: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};
const PAYMENTS_SYSTEM: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};
const OTHER_GROUP: Entity = {
  ...PAYMENTS_GROUP,
  metadata: { name: 'ledger', namespace: 'default' },
};

/** A catalog with the owner and system the tests onboard for. */
function catalogWith(...entities: Entity[]) {
  return catalogServiceMock({
    entities: [PAYMENTS_GROUP, PAYMENTS_SYSTEM, OTHER_GROUP, ...entities],
  });
}

function setup(options: Partial<OnboardVpcActionOptions> = {}) {
  const getClient = jest.fn(
    async (opts: { region: string; accountId?: string }) =>
      new EC2Client({ region: opts.region }),
  );
  // Time moves only when the action sleeps, so a wait for the catalog ends.
  let clock = 0;
  const sleep = jest.fn(async (ms: number) => {
    clock += ms;
  });
  const action = createOnboardVpcAction({
    ec2ClientFactory: { getClient },
    inventory: testInventory(),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    permissions: mockServices.permissions(),
    // The initiator of createMockActionContext, a member of payments.
    userInfo: mockServices.userInfo({
      ownershipEntityRefs: ['user:default/mock', 'group:default/payments'],
    }),
    catalog: catalogWith(),
    clock: { sleep, now: () => clock },
    ...options,
  });
  return { action, getClient, sleep };
}

function context(input: Partial<Input>, extra: Partial<Context> = {}) {
  // createMockActionContext drops isDryRun and signal, so they are spread in.
  return {
    ...createMockActionContext({
      input: {
        vpcId: VPC_ID,
        region: REGION,
        owner: 'group:default/payments',
        ...input,
      } as Input,
      logger: mockServices.logger.mock(),
    }),
    ...extra,
  } as Context;
}

/** The JSON body of the POST the action sent to the backend. */
function postedBody() {
  const [url, init] = fetchSpy.mock.calls[0];
  expect(url).toBe(`${BACKEND}/onboarded-vpcs`);
  expect(init.method).toBe('POST');
  return JSON.parse(init.body);
}

beforeEach(() => {
  ec2Mock.reset();
  ec2Mock.on(DescribeVpcsCommand).resolves({
    Vpcs: [
      {
        VpcId: VPC_ID,
        OwnerId: '123456789012',
        CidrBlock: '10.20.0.0/16',
        Tags: [{ Key: 'Name', Value: 'Payments VPC (prod)' }],
      },
    ],
  });
  fetchSpy = jest
    .spyOn(global, 'fetch')
    .mockResolvedValue(new Response('{}', { status: 200 }));
});

afterEach(() => fetchSpy.mockRestore());

describe('aws:eks:privatelink:onboard-vpc', () => {
  it('records the VPC with the backend, named after its Name tag, and outputs the entity ref', async () => {
    const { action, getClient } = setup();
    const ctx = context({
      description: 'Card processing',
      system: 'system:default/payments',
    });

    await action.handler(ctx);

    expect(getClient).toHaveBeenCalledWith({
      region: REGION,
      accountId: undefined,
    });
    expect(ec2Mock.commandCalls(DescribeVpcsCommand)[0].args[0].input).toEqual({
      VpcIds: [VPC_ID],
    });
    expect(postedBody()).toEqual({
      vpcId: VPC_ID,
      region: REGION,
      accountId: null,
      name: 'payments-vpc-prod',
      title: 'Payments VPC (prod)',
      description: 'Card processing',
      owner: 'group:default/payments',
      system: 'system:default/payments',
    });
    const headers = new Headers(fetchSpy.mock.calls[0][1].headers);
    expect(headers.get('authorization')).toMatch(/^Bearer .*eks-privatelink/);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/payments-vpc-prod',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'vpcConsoleUrl',
      `https://${REGION}.console.aws.amazon.com/vpcconsole/home?region=${REGION}#VpcDetails:VpcId=${VPC_ID}`,
    );
  });

  it('takes the name, title and account given, and uses that account in AWS', async () => {
    const { action, getClient } = setup();
    const ctx = context({
      accountId: '210987654321',
      name: 'payments',
      title: 'Payments',
    });

    await action.handler(ctx);

    expect(getClient).toHaveBeenCalledWith({
      region: REGION,
      accountId: '210987654321',
    });
    expect(postedBody()).toMatchObject({
      accountId: '210987654321',
      name: 'payments',
      title: 'Payments',
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/payments',
    );
  });

  it('falls back to the VPC id as the name when the VPC has no Name tag', async () => {
    ec2Mock.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: VPC_ID }] });
    const { action } = setup();
    const ctx = context({});

    await action.handler(ctx);

    expect(postedBody()).toMatchObject({ name: VPC_ID, title: null });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      `resource:default/${VPC_ID}`,
    );
  });

  it('treats optional fields a form left empty as not given', async () => {
    const { action, getClient } = setup({ defaultRegion: 'us-east-2' });

    await action.handler(
      context({
        region: '',
        accountId: '',
        name: '',
        title: '',
        description: '',
        system: '',
      }),
    );

    expect(getClient).toHaveBeenCalledWith({
      region: 'us-east-2',
      accountId: undefined,
    });
    expect(postedBody()).toMatchObject({
      accountId: null,
      name: 'payments-vpc-prod',
      title: 'Payments VPC (prod)',
      description: null,
      system: null,
    });
  });

  it('uses eksPrivateLink.defaultRegion when the input has no region', async () => {
    const { action, getClient } = setup({ defaultRegion: 'us-east-2' });

    await action.handler(context({ region: undefined }));

    expect(getClient).toHaveBeenCalledWith({
      region: 'us-east-2',
      accountId: undefined,
    });
    expect(postedBody()).toMatchObject({ region: 'us-east-2' });
  });

  it('refuses bad input with every problem named, before calling AWS', async () => {
    const { action } = setup();

    const error = await action
      .handler(
        context({
          vpcId: 'vpc-XYZ',
          region: undefined,
          accountId: '1234',
          name: 'Not A Name!',
          owner: '',
        }),
      )
      .catch(e => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain("vpcId 'vpc-XYZ' is not a VPC id");
    expect(error.message).toContain(
      'region is empty and eksPrivateLink.defaultRegion is not set',
    );
    expect(error.message).toContain(
      "accountId '1234' is not an AWS account id",
    );
    expect(error.message).toContain(
      "name 'Not A Name!' is not a valid entity name",
    );
    expect(error.message).toContain('owner is empty');
    expect(ec2Mock.calls()).toHaveLength(0);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('says which VPC id and region were not found', async () => {
    ec2Mock
      .on(DescribeVpcsCommand)
      .rejects(
        ec2Error(
          'InvalidVpcID.NotFound',
          `The vpc ID '${VPC_ID}' does not exist`,
        ),
      );
    const { action } = setup();

    const error = await action.handler(context({})).catch(e => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `vpcId: ${VPC_ID} was not found in ${REGION}. Check the VPC id and the region it lives in, and give accountId if another account owns it.`,
    );
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('names the missing IAM permission when DescribeVpcs is denied', async () => {
    ec2Mock
      .on(DescribeVpcsCommand)
      .rejects(ec2Error('UnauthorizedOperation', 'You are not authorized'));
    const { action } = setup();

    await expect(action.handler(context({}))).rejects.toThrow(
      /may not call ec2:DescribeVpcs \(UnauthorizedOperation: You are not authorized\)/,
    );
  });

  it('checks the VPC in a dry run but records nothing', async () => {
    const { action } = setup();
    const ctx = context({}, { isDryRun: true });

    await action.handler(ctx);

    expect(ec2Mock.commandCalls(DescribeVpcsCommand)).toHaveLength(1);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/payments-vpc-prod',
    );
    expect(ctx.logger.info).toHaveBeenCalledWith(
      expect.stringContaining(
        `[dry run] Would record ${VPC_ID} as resource:default/payments-vpc-prod`,
      ),
    );
  });

  it('reports what the backend refused', async () => {
    fetchSpy.mockResolvedValue(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: 'body field owner is required',
          },
          request: {
            method: 'POST',
            url: '/api/eks-privatelink/onboarded-vpcs',
          },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      ),
    );
    const { action } = setup();

    await expect(action.handler(context({}))).rejects.toThrow(
      `The eks-privatelink backend did not record ${VPC_ID} (HTTP 400): body field owner is required`,
    );
  });

  it('says how to fix an unreachable backend', async () => {
    fetchSpy.mockRejectedValue(new TypeError('fetch failed'));
    const { action } = setup();

    await expect(action.handler(context({}))).rejects.toThrow(
      /Could not reach the eks-privatelink backend .* fetch failed\. Check that the backend plugin/,
    );
  });

  describe('with the catalog', () => {
    it('waits until the catalog has the new entity', async () => {
      const catalog = catalogWith();
      const real = catalog.getEntityByRef.bind(catalog);
      const newRef = 'resource:default/payments-vpc-prod';
      let polls = 0;
      jest
        .spyOn(catalog, 'getEntityByRef')
        .mockImplementation(async (ref, opts) => {
          if (ref !== newRef) {
            return real(ref, opts);
          }
          polls += 1;
          return polls <= 3
            ? undefined
            : vpcEntity(
                'payments-vpc-prod',
                VPC_ID,
                'eks-privatelink:onboarded',
              );
        });
      const { action, sleep } = setup({ catalog });
      const ctx = context({});

      await action.handler(ctx);

      expect(fetchSpy).toHaveBeenCalledTimes(1);
      // One look before recording (is the name free?), then polls.
      expect(polls).toBe(4);
      expect(sleep).toHaveBeenCalledTimes(2);
      expect(ctx.logger.info).toHaveBeenCalledWith(
        'resource:default/payments-vpc-prod is in the catalog',
      );
    });

    it('gives up waiting after catalogTimeoutSeconds with a warning, not a failure', async () => {
      let clock = 0;
      const { action } = setup({
        clock: {
          now: () => clock,
          sleep: async ms => {
            clock += ms;
          },
        },
      });
      const ctx = context({ catalogTimeoutSeconds: 10 });

      await action.handler(ctx);

      expect(ctx.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(
          'resource:default/payments-vpc-prod is not yet in the catalog after 10 s',
        ),
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'resource:default/payments-vpc-prod',
      );
    });

    it('refuses a name that another VPC already has', async () => {
      const { action } = setup({
        catalog: catalogWith(
          vpcEntity(
            'payments-vpc-prod',
            'vpc-0fffffffffffffff0',
            'url:https://git.example.com/catalog-info.yaml',
          ),
        ),
      });

      const error = await action.handler(context({})).catch(e => e);

      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        `name: resource:default/payments-vpc-prod already exists in the catalog; choose another name for ${VPC_ID}.`,
      );
      expect(fetchSpy).not.toHaveBeenCalled();
    });

    it('refuses a VPC another entity already names, naming it, before any AWS call', async () => {
      const { action } = setup({
        catalog: catalogWith(
          vpcEntity(
            'payments-network',
            VPC_ID,
            'url:https://git.example.com/catalog-info.yaml',
          ),
        ),
      });

      const error = await action
        .handler(context({ name: 'another-name' }))
        .catch(e => e);

      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(
        `${VPC_ID} is already in the catalog as resource:default/payments-network`,
      );
      expect(ec2Mock.calls()).toHaveLength(0);
      expect(fetchSpy).not.toHaveBeenCalled();
    });

    it('does not name an entity the initiator may not read', async () => {
      const catalog = catalogWith(
        vpcEntity('secret-network', VPC_ID, 'url:https://git.example.com/x'),
      );
      jest
        .spyOn(catalog, 'getEntitiesByRefs')
        .mockImplementation(async request => ({
          items: request.entityRefs.map(() => undefined),
        }));
      const { action } = setup({ catalog });

      const error = await action.handler(context({})).catch(e => e);

      expect(error.message).toContain('under an entity you may not read');
      expect(error.message).not.toContain('secret-network');
    });

    it('re-running with the same VPC, name and owner changes nothing', async () => {
      const onboarded = vpcEntity(
        'payments-vpc-prod',
        VPC_ID,
        'eks-privatelink:onboarded',
      );
      onboarded.spec!.owner = 'group:default/payments';
      const { action } = setup({ catalog: catalogWith(onboarded) });
      const ctx = context({ name: 'payments-vpc-prod' });

      await action.handler(ctx);

      expect(fetchSpy).not.toHaveBeenCalled();
      expect(ec2Mock.calls()).toHaveLength(0);
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'resource:default/payments-vpc-prod',
      );
    });

    it('turns a conflict at the backend (a concurrent onboarding) into a clear refusal', async () => {
      fetchSpy.mockResolvedValue(
        new Response(
          JSON.stringify({
            error: {
              name: 'ConflictError',
              message: `${VPC_ID} in ${REGION} is already recorded for onboarding under another name or owner`,
            },
            request: {
              method: 'POST',
              url: '/api/eks-privatelink/onboarded-vpcs',
            },
            response: { statusCode: 409 },
          }),
          { status: 409, headers: { 'content-type': 'application/json' } },
        ),
      );
      const { action } = setup();

      const error = await action.handler(context({})).catch(e => e);

      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain('already recorded for onboarding');
    });
  });

  describe('who may onboard', () => {
    it('needs eks-privatelink.vpc.onboard, asked with the initiator credentials', async () => {
      const permissions = mockServices.permissions({
        result: AuthorizeResult.DENY,
      });
      const { action } = setup({ permissions });

      const error = await action.handler(context({})).catch(e => e);

      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toContain('eks-privatelink.vpc.onboard');
      expect(ec2Mock.calls()).toHaveLength(0);
      expect(fetchSpy).not.toHaveBeenCalled();
    });

    it("refuses an owner that isn't the initiator's", async () => {
      const { action } = setup();

      const error = await action
        .handler(context({ owner: 'group:default/ledger' }))
        .catch(e => e);

      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toContain('owner: group:default/ledger');
      expect(error.message).toContain('group:default/payments');
      expect(ec2Mock.calls()).toHaveLength(0);
      expect(fetchSpy).not.toHaveBeenCalled();
    });

    it('takes any owner when eksPrivateLink.onboarding.allowAnyOwner is on', async () => {
      const { action } = setup({ allowAnyOwner: true });

      await action.handler(context({ owner: 'group:default/ledger' }));

      expect(postedBody()).toMatchObject({ owner: 'group:default/ledger' });
    });

    it('refuses an owner or system that is not in the catalog', async () => {
      const { action } = setup({ allowAnyOwner: true });

      const owner = await action
        .handler(context({ owner: 'group:default/ghosts' }))
        .catch(e => e);
      const system = await action
        .handler(context({ system: 'system:default/nowhere' }))
        .catch(e => e);

      expect(owner.message).toContain(
        'owner: group:default/ghosts is not in the catalog',
      );
      expect(system.message).toContain(
        'system: system:default/nowhere is not in the catalog',
      );
      expect(ec2Mock.calls()).toHaveLength(0);
    });

    it('refuses a region outside eksPrivateLink.allowedRegions', async () => {
      const { action } = setup({ allowedRegions: ['us-east-1'] });

      const error = await action.handler(context({})).catch(e => e);

      expect(error.message).toContain('eksPrivateLink.allowedRegions');
      expect(ec2Mock.calls()).toHaveLength(0);
    });
  });
});
