import {
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  ACCOUNT,
  ec2Client,
  endpoint,
  ENDPOINT_ID,
  REGION,
  SERVICE,
  VPC_ID,
} from '../../testUtils';
import { base, cleanVpcMock, refusalOf } from '../__testUtils__/planFixtures';
import { planEndpoint } from '../planEndpoint';
import type { EndpointRequest, ModifyEndpointChange, Plan } from '../types';

const ec2Mock = cleanVpcMock();

/** A policy that admits only principals of the fixtures' account. */
const ACCOUNT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
    },
  ],
});

/** What AWS returns for an endpoint created without a policy. */
const AWS_DEFAULT_POLICY =
  '{\n  "Version": "2008-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": "*",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}';

const MANAGED_TAGS = [
  { Key: 'Name', Value: `eks-api-${VPC_ID}` },
  { Key: 'eks-privatelink:managed-by', Value: 'backstage' },
];

function hasEndpoint(extra: Partial<VpcEndpoint>) {
  ec2Mock
    .on(DescribeVpcEndpointsCommand)
    .resolves({ VpcEndpoints: [endpoint(extra)] });
}

function dnsHostnamesOn() {
  ec2Mock
    .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
    .resolves({ EnableDnsHostnames: { Value: true } });
}

async function planUpdate(request: Partial<EndpointRequest>): Promise<Plan> {
  return planEndpoint(ec2Client(), {
    ...base,
    onExisting: 'update',
    ...request,
  });
}

function modifyOf(plan: Plan): ModifyEndpointChange {
  const change = plan.changes.find(c => c.kind === 'modifyEndpoint');
  expect(change).toBeDefined();
  return change as ModifyEndpointChange;
}

describe('planEndpoint, onExisting update in place', () => {
  it('changes nothing when the endpoint is as the request asks, whatever the key order of its policy', async () => {
    hasEndpoint({ PolicyDocument: ACCOUNT_POLICY });
    dnsHostnamesOn();
    const reordered = JSON.stringify({
      Statement: [
        {
          Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
          Resource: '*',
          Action: '*',
          Principal: '*',
          Effect: 'Allow',
        },
      ],
    });

    const plan = await planUpdate({ policyDocument: reordered });

    expect(plan.changes).toEqual([]);
    expect(plan.diff).toEqual([]);
    expect(plan.notes.join(' ')).toContain(
      `${ENDPOINT_ID} is already as the request asks; nothing to update.`,
    );
  });

  it('turns private DNS off without touching the VPC DNS attributes', async () => {
    hasEndpoint({});

    const plan = await planUpdate({ privateDnsEnabled: false });

    expect(plan.changes.map(c => c.kind)).toEqual(['modifyEndpoint']);
    expect(modifyOf(plan)).toMatchObject({
      privateDnsEnabled: false,
      ipAddressType: null,
      policyDocument: null,
      resetPolicy: false,
    });
    expect(plan.privateDnsEnabled).toBe(false);
    expect(plan.diff).toEqual([
      { field: 'privateDnsEnabled', before: 'on', after: 'off' },
    ]);
    expect(plan.notes.join(' ')).not.toMatch(/delete .* and create it again/i);
  });

  it('turns private DNS back on, turning on the DNS attribute it needs first', async () => {
    hasEndpoint({ PrivateDnsEnabled: false });

    const plan = await planUpdate({ privateDnsEnabled: true });

    expect(plan.changes.map(c => c.kind)).toEqual([
      'enableDnsHostnames',
      'modifyEndpoint',
    ]);
    expect(modifyOf(plan).privateDnsEnabled).toBe(true);
    expect(modifyOf(plan).description).toBe(
      `Update ${ENDPOINT_ID} in place: turn private DNS on`,
    );
    expect(plan.diff).toEqual([
      { field: 'privateDnsEnabled', before: 'off', after: 'on' },
    ]);
  });

  it('refuses to turn private DNS on when a DNS attribute is off and manageVpcDns is false', async () => {
    hasEndpoint({ PrivateDnsEnabled: false });
    const error = await refusalOf(ec2Mock, {
      ...base,
      onExisting: 'update',
      privateDnsEnabled: true,
      manageVpcDns: false,
    });
    expect(error.refusals[0].field).toBe('privateDnsEnabled');
    expect(error.message).toContain('enableDnsHostnames');
  });

  it('switches ipv4 to dualstack where the service offers it', async () => {
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
    hasEndpoint({});
    dnsHostnamesOn();

    const plan = await planUpdate({ ipAddressType: 'dualstack' });

    expect(plan.changes.map(c => c.kind)).toEqual(['modifyEndpoint']);
    expect(modifyOf(plan).ipAddressType).toBe('dualstack');
    expect(plan.ipAddressType).toBe('dualstack');
    expect(plan.diff).toEqual([
      { field: 'ipAddressType', before: 'ipv4', after: 'dualstack' },
    ]);
    expect(plan.notes.join(' ')).toContain(
      'its subnets need both IPv4 and IPv6 CIDR blocks',
    );
  });

  it('sets a policy on an endpoint with full access', async () => {
    hasEndpoint({ PolicyDocument: AWS_DEFAULT_POLICY });

    const plan = await planUpdate({ policyDocument: ACCOUNT_POLICY });

    expect(modifyOf(plan)).toMatchObject({
      policyDocument: ACCOUNT_POLICY,
      resetPolicy: false,
    });
    expect(plan.diff).toEqual([
      {
        field: 'policyDocument',
        before: expect.stringMatching(/^Full access/),
        after: `Only principals of AWS account ${ACCOUNT}.`,
      },
    ]);
  });

  it('resets the policy when the request names none, and says why', async () => {
    hasEndpoint({ PolicyDocument: ACCOUNT_POLICY });

    const plan = await planUpdate({});

    expect(modifyOf(plan)).toMatchObject({
      policyDocument: null,
      resetPolicy: true,
    });
    expect(plan.diff).toEqual([
      {
        field: 'policyDocument',
        before: `Only principals of AWS account ${ACCOUNT}.`,
        after: expect.stringMatching(/^Full access/),
      },
    ]);
    expect(plan.notes.join(' ')).toContain(
      `${ENDPOINT_ID}'s policy is reset to full access`,
    );
  });

  it('adds and changes the tags asked for and removes the others, never the portal’s or AWS’s', async () => {
    hasEndpoint({
      Tags: [
        ...MANAGED_TAGS,
        { Key: 'team', Value: 'net' },
        { Key: 'owner', Value: 'alice' },
        { Key: 'aws:cloudformation:stack-name', Value: 'old-stack' },
      ],
    });

    const plan = await planUpdate({ tags: { team: 'platform', env: 'prod' } });

    expect(modifyOf(plan)).toMatchObject({
      addTags: { env: 'prod', team: 'platform' },
      removeTagKeys: ['owner'],
    });
    expect(plan.diff).toEqual([
      { field: 'tags.env', before: '(none)', after: 'prod' },
      { field: 'tags.team', before: 'net', after: 'platform' },
      { field: 'tags.owner', before: 'alice', after: '(removed)' },
    ]);
    expect(plan.notes.join(' ')).toContain(
      `Tags follow the request: tags.owner is removed from ${ENDPOINT_ID}`,
    );
  });

  it('lists every field it changes in one diff, before → after', async () => {
    hasEndpoint({ Tags: [...MANAGED_TAGS, { Key: 'team', Value: 'net' }] });

    const plan = await planUpdate({
      privateDnsEnabled: false,
      policyDocument: ACCOUNT_POLICY,
      tags: {},
    });

    expect(plan.diff.map(row => row.field)).toEqual([
      'privateDnsEnabled',
      'policyDocument',
      'tags.team',
    ]);
    expect(plan.changes).toHaveLength(1);
  });
});
