import {
  CreateVpcEndpointCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  ListHostedZonesByVPCCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  ec2Client,
  ec2Error,
  mockVpcWithEndpoint,
  REGION,
  VPC_ID,
} from '../../testUtils';
import { applyPlan } from '../applyPlan';
import { EndpointRequestRefusedError } from '../errors';
import { cleanVpcMock, base } from '../__testUtils__/planFixtures';
import { planEndpoint } from '../planEndpoint';
import type { EndpointRequest } from '../types';

const ec2Mock = cleanVpcMock();
const route53Mock = mockClient(Route53Client);
const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const ZONE_NAME = `eks.${REGION}.amazonaws.com.`;

beforeEach(() => {
  route53Mock.reset();
  route53Mock.on(ListHostedZonesByVPCCommand).resolves({
    HostedZoneSummaries: [
      { HostedZoneId: 'ZOTHERZONE', Name: 'corp.example.com.', Owner: {} },
      {
        HostedZoneId: ZONE_ID,
        Name: ZONE_NAME,
        Owner: { OwningAccount: '210987654321' },
      },
    ],
  });
});

/** What the create action does: plan, then apply (or, in a dry run, probe). */
async function planAndApply(request: EndpointRequest, dryRun: boolean) {
  const plan = await planEndpoint(ec2Client(), request, {
    route53Client: new Route53Client({ region: 'us-east-1' }),
  });
  return applyPlan(ec2Client(), plan, { dryRun, wait: false });
}

/** EC2 commands other than reads (Describe*, Get*, List*), by name. */
function mutatingCommandNames(): string[] {
  return ec2Mock
    .calls()
    .map(call => call.args[0].constructor.name)
    .filter(name => !/^(Describe|Get|List)/.test(name));
}

describe('planEndpoint, Route 53 private hosted zones', () => {
  it.each([
    ['a dry run', true],
    ['a real run', false],
  ])(
    'refuses private DNS in %s, naming the zone, before any change',
    async (_, dryRun) => {
      const error = await planAndApply(base, dryRun).catch(e => e);

      expect(error).toBeInstanceOf(EndpointRequestRefusedError);
      expect(error.refusals).toEqual([
        {
          field: 'privateDnsEnabled',
          message: `privateDnsEnabled: ${VPC_ID} is associated with the Route 53 private hosted zone eks.${REGION}.amazonaws.com (${ZONE_ID}, owned by account 210987654321), which already answers for the endpoint's private DNS name, so AWS would refuse private DNS (ConflictingDomainExists). Set privateDnsEnabled to false to use that zone's records, or disassociate the zone from ${VPC_ID} first.`,
        },
      ]);
      expect(mutatingCommandNames()).toEqual([]);
      expect(
        route53Mock.commandCalls(ListHostedZonesByVPCCommand)[0].args[0].input,
      ).toEqual({ VPCId: VPC_ID, VPCRegion: REGION, NextToken: undefined });
    },
  );

  it('goes ahead with private DNS off, without asking Route 53', async () => {
    const plan = await planEndpoint(
      ec2Client(),
      { ...base, privateDnsEnabled: false },
      { route53Client: new Route53Client({ region: 'us-east-1' }) },
    );
    expect(plan.action).toBe('create');
    expect(route53Mock.calls()).toHaveLength(0);
  });

  it('does not ask about an endpoint that keeps the private DNS it has', async () => {
    mockVpcWithEndpoint(ec2Mock);
    const plan = await planEndpoint(ec2Client(), base, {
      route53Client: new Route53Client({ region: 'us-east-1' }),
    });
    expect(plan.action).toBe('reuse');
    expect(route53Mock.calls()).toHaveLength(0);
  });

  it('notes a denied ListHostedZonesByVPC instead of refusing', async () => {
    route53Mock.on(ListHostedZonesByVPCCommand).rejects(
      Object.assign(new Error('User is not authorized'), {
        name: 'AccessDenied',
      }),
    );
    const plan = await planEndpoint(ec2Client(), base, {
      route53Client: new Route53Client({ region: 'us-east-1' }),
    });
    expect(plan.action).toBe('create');
    expect(plan.notes).toContainEqual(
      expect.stringContaining(
        'route53:ListHostedZonesByVPC is denied; AWS said: AccessDenied: User is not authorized',
      ),
    );
  });

  it('follows the pages of ListHostedZonesByVPC', async () => {
    route53Mock
      .on(ListHostedZonesByVPCCommand)
      .resolvesOnce({
        HostedZoneSummaries: [
          { HostedZoneId: 'ZOTHERZONE', Name: 'corp.example.com.', Owner: {} },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        HostedZoneSummaries: [
          { HostedZoneId: ZONE_ID, Name: ZONE_NAME.toUpperCase(), Owner: {} },
        ],
      });
    const error = await planAndApply(base, true).catch(e => e);
    expect(error.message).toContain(`(${ZONE_ID})`);
    expect(route53Mock.commandCalls(ListHostedZonesByVPCCommand)).toHaveLength(
      2,
    );
  });
});

describe('planEndpoint, shared VPCs', () => {
  const OWNER = '999988887777';

  it("refuses a participant's create, naming the owner account to run from", async () => {
    ec2Mock.on(DescribeVpcsCommand).resolves({
      Vpcs: [{ VpcId: VPC_ID, OwnerId: OWNER, CidrBlock: '10.0.0.0/16' }],
    });
    const error = await planAndApply(base, true).catch(e => e);
    expect(error).toBeInstanceOf(EndpointRequestRefusedError);
    expect(error.refusals[0]).toEqual({
      field: 'vpcId',
      message: `vpcId: ${VPC_ID} is owned by account ${OWNER} and shared with ${ACCOUNT}; AWS lets only the owner create or change interface endpoints in a shared VPC. Run this from account ${OWNER}: give the VPC's entity the annotation aws.amazon.com/account-id: '${OWNER}' and configure credentials for ${OWNER} under aws.accounts.`,
    });
    expect(mutatingCommandNames()).toEqual([]);
  });

  it("explains AWS's shared-VPC answer to the create as such, not as a missing IAM grant", async () => {
    // Without the request's account the pre-flight can't compare; AWS answers.
    const { accountId: _, ...withoutAccount } = base;
    ec2Mock.on(DescribeVpcsCommand).resolves({
      Vpcs: [{ VpcId: VPC_ID, OwnerId: OWNER, CidrBlock: '10.0.0.0/16' }],
    });
    ec2Mock
      .on(CreateVpcEndpointCommand)
      .rejects(
        ec2Error(
          'UnauthorizedOperation',
          'This operation does not support shared VPCs.',
        ),
      );
    const error = await planAndApply(
      { ...withoutAccount, privateDnsEnabled: false },
      false,
    ).catch(e => e);
    expect(error.refusals[0].field).toBe('vpcId');
    expect(error.message).toContain(
      `${VPC_ID} is a shared VPC and the credentials for the default account are a participant's`,
    );
    expect(error.message).toContain(`Run this from the owner account ${OWNER}`);
    expect(error.message).not.toContain('(see the IAM policy');
  });
});
