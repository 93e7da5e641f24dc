// Makes the example VPCs of examples/vpcs.yaml in the EC2 emulator that
// AWS_ENDPOINT_URL points at, and writes their catalog entities, with the
// emulator's VPC ids, to .data/moto-vpcs.yaml (or $EKS_SEED_OUT): moto cannot
// create a VPC with a chosen id, so the fixed ids of vpcs.yaml would name
// nothing there. Also makes a demo VPC that is not in the catalog, for the
// "Onboard a VPC" template.
//
// Safe to run again: a VPC whose Name tag already exists in its region is
// reused, with its subnets and endpoint, so a second run makes nothing new.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EC2Client,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  ModifyVpcAttributeCommand,
} from '@aws-sdk/client-ec2';

// The script creates VPCs and endpoints; against a real account that would
// cost money and clutter it, so it only runs against an emulator.
if (!process.env.AWS_ENDPOINT_URL && !process.env.AWS_ENDPOINT_URL_EC2) {
  console.error(
    'seed-moto: set AWS_ENDPOINT_URL to the EC2 emulator (dev.sh --moto does).',
  );
  process.exit(1);
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = process.env.EKS_SEED_OUT
  ? resolve(process.env.EKS_SEED_OUT)
  : resolve(ROOT, '.data/moto-vpcs.yaml');
// moto's default account: the id every resource it makes belongs to.
const ACCOUNT_ID = '123456789012';
// The tags the portal's own create writes on an endpoint; with them the
// portal treats the seeded endpoints as its own (it may update and delete
// them).
const managedEndpointTags = vpcId => [
  { Key: 'Name', Value: `eks-api-${vpcId}` },
  { Key: 'eks-privatelink:managed-by', Value: 'backstage' },
];

const CATALOG_VPCS = [
  {
    name: 'build-runners-use1',
    title: 'Build runners (us-east-1)',
    description:
      'Private subnets of the CI runners that call eksctl and the EKS API.',
    region: 'us-east-1',
    cidrPrefix: '10.42',
    zones: ['a', 'b', 'c'],
    endpoint: true,
    annotations: 'ids',
    owner: 'group:default/platform-networking',
    system: 'eks-platform',
  },
  {
    name: 'shared-services-usw2',
    title: 'Shared services (us-west-2)',
    description:
      'Operators and Karpenter controllers for the us-west-2 clusters.',
    region: 'us-west-2',
    cidrPrefix: '10.43',
    zones: ['a', 'b'],
    endpoint: false,
    annotations: 'arn',
    owner: 'group:default/platform-networking',
    system: 'eks-platform',
  },
  {
    name: 'payments-use1',
    title: 'Payments (us-east-1)',
    description:
      'Private subnets of the payment services and their deploy jobs.',
    region: 'us-east-1',
    cidrPrefix: '10.44',
    zones: ['a', 'b'],
    // Another team's VPC without an endpoint: the guest sees no "Create
    // endpoint" on its card, only who may change it.
    endpoint: false,
    annotations: 'ids',
    owner: 'group:default/payments-team',
  },
];
const DEMO_VPC = {
  name: 'demo-build-runners',
  region: process.env.AWS_REGION ?? 'us-east-1',
  cidrPrefix: '10.45',
  zones: ['a', 'b', 'c'],
  endpoint: false,
};

const clients = new Map();
function ec2For(region) {
  if (!clients.has(region)) clients.set(region, new EC2Client({ region }));
  return clients.get(region);
}

const created = { vpcs: 0, subnets: 0, endpoints: 0 };

async function ensureVpc(ec2, spec) {
  const { Vpcs = [] } = await ec2.send(
    new DescribeVpcsCommand({
      Filters: [{ Name: 'tag:Name', Values: [spec.name] }],
    }),
  );
  if (Vpcs.length > 0) return Vpcs[0].VpcId;
  const { Vpc } = await ec2.send(
    new CreateVpcCommand({
      CidrBlock: `${spec.cidrPrefix}.0.0/16`,
      TagSpecifications: [
        { ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: spec.name }] },
      ],
    }),
  );
  created.vpcs += 1;
  return Vpc.VpcId;
}

// One /24 per zone, found again by its CIDR block, so a run that stopped
// half way is completed rather than repeated.
async function ensureSubnets(ec2, vpcId, spec) {
  const { Subnets = [] } = await ec2.send(
    new DescribeSubnetsCommand({
      Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
    }),
  );
  const ids = [];
  for (const [i, zone] of spec.zones.entries()) {
    const cidr = `${spec.cidrPrefix}.${i}.0/24`;
    const existing = Subnets.find(s => s.CidrBlock === cidr);
    if (existing) {
      ids.push(existing.SubnetId);
      continue;
    }
    const { Subnet } = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: cidr,
        AvailabilityZone: `${spec.region}${zone}`,
      }),
    );
    created.subnets += 1;
    ids.push(Subnet.SubnetId);
  }
  return ids;
}

async function ensureEndpoint(ec2, vpcId, spec, subnetIds) {
  // Private DNS needs both attributes; EC2 takes one attribute per call.
  for (const attribute of ['EnableDnsSupport', 'EnableDnsHostnames']) {
    await ec2.send(
      new ModifyVpcAttributeCommand({
        VpcId: vpcId,
        [attribute]: { Value: true },
      }),
    );
  }
  const serviceName = `com.amazonaws.${spec.region}.eks`;
  const { VpcEndpoints = [] } = await ec2.send(
    new DescribeVpcEndpointsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'service-name', Values: [serviceName] },
      ],
    }),
  );
  const live = VpcEndpoints.find(
    e => !['deleting', 'deleted'].includes(String(e.State).toLowerCase()),
  );
  if (live) return live.VpcEndpointId;
  const { VpcEndpoint } = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcId: vpcId,
      ServiceName: serviceName,
      VpcEndpointType: 'Interface',
      SubnetIds: subnetIds,
      PrivateDnsEnabled: true,
      TagSpecifications: [
        { ResourceType: 'vpc-endpoint', Tags: managedEndpointTags(vpcId) },
      ],
    }),
  );
  created.endpoints += 1;
  return VpcEndpoint.VpcEndpointId;
}

async function seed(spec) {
  const ec2 = ec2For(spec.region);
  const vpcId = await ensureVpc(ec2, spec);
  const subnetIds = await ensureSubnets(ec2, vpcId, spec);
  const endpointId = spec.endpoint
    ? await ensureEndpoint(ec2, vpcId, spec, subnetIds)
    : undefined;
  return { ...spec, vpcId, subnetIds, endpointId };
}

function entityYaml(vpc) {
  const annotations =
    vpc.annotations === 'arn'
      ? [
          `    aws.amazon.com/arn: arn:aws:ec2:${vpc.region}:${ACCOUNT_ID}:vpc/${vpc.vpcId}`,
        ]
      : [
          `    aws.amazon.com/vpc-id: ${vpc.vpcId}`,
          `    aws.amazon.com/region: ${vpc.region}`,
          `    aws.amazon.com/account-id: '${ACCOUNT_ID}'`,
        ];
  return [
    '---',
    'apiVersion: backstage.io/v1alpha1',
    'kind: Resource',
    'metadata:',
    `  name: ${vpc.name}`,
    `  title: ${vpc.title}`,
    `  description: ${vpc.description}`,
    '  annotations:',
    ...annotations,
    'spec:',
    '  type: vpc',
    `  owner: ${vpc.owner}`,
    ...(vpc.system ? [`  system: ${vpc.system}`] : []),
  ].join('\n');
}

const vpcs = [];
for (const spec of CATALOG_VPCS) vpcs.push(await seed(spec));
const demo = await seed(DEMO_VPC);

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(
  OUT,
  [
    '# Written by scripts/seed-moto.mjs: the VPCs of examples/vpcs.yaml with',
    "# moto's ids. Run the script again rather than editing this file.",
    ...vpcs.map(entityYaml),
    '',
  ].join('\n'),
);

console.log('\nmoto holds the example VPCs (account 123456789012):');
for (const vpc of vpcs) {
  const endpoint = vpc.endpointId
    ? `EKS endpoint ${vpc.endpointId}`
    : 'no EKS endpoint';
  console.log(
    `  ${vpc.name.padEnd(22)} ${vpc.vpcId} ${vpc.region.padEnd(10)} ` +
      `${vpc.subnetIds.length} subnets, ${endpoint}, owner ${vpc.owner}`,
  );
}
console.log(
  `Created this run: ${created.vpcs} VPCs, ${created.subnets} subnets, ` +
    `${created.endpoints} endpoints. Catalog file: ${OUT}\n`,
);
console.log(
  `The demo VPC ${demo.vpcId} in ${demo.region} (three subnets) is not in ` +
    `the catalog.\nOpen http://localhost:3000/create and choose "Onboard a ` +
    `VPC" to bring it into the catalog with its EKS endpoint.\n`,
);
