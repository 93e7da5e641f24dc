import {
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  describeEksService,
  listEksEndpoints,
  listSubnets,
  readVpcDnsAttributes,
} from './ec2Reads';
import { toInventoryEndpoint } from './inventoryEndpoint';
import { ec2Error, wireState } from './testUtils';

const ec2Mock = mockClient(EC2Client);
const client = new EC2Client({ region: 'us-east-1' });

beforeEach(() => ec2Mock.reset());

describe('listEksEndpoints', () => {
  it('follows NextToken across three pages with one service-name filter', async () => {
    const pages = [
      {
        VpcEndpoints: [{ VpcEndpointId: 'vpce-11111111', VpcId: 'vpc-1' }],
        NextToken: 'page-2',
      },
      {
        VpcEndpoints: [{ VpcEndpointId: 'vpce-22222222', VpcId: 'vpc-2' }],
        NextToken: 'page-3',
      },
      {
        VpcEndpoints: [{ VpcEndpointId: 'vpce-33333333', VpcId: 'vpc-3' }],
      },
    ];
    // The SDK's paginator reuses one input object for every page, so each
    // input is copied as it is sent.
    const sent: object[] = [];
    ec2Mock.on(DescribeVpcEndpointsCommand).callsFake(input => {
      sent.push({ ...input });
      return pages[sent.length - 1];
    });

    const endpoints = await listEksEndpoints(client, 'us-east-1');

    expect(endpoints.map(e => e.VpcEndpointId)).toEqual([
      'vpce-11111111',
      'vpce-22222222',
      'vpce-33333333',
    ]);
    expect(sent).toEqual([
      {
        Filters: [
          { Name: 'service-name', Values: ['com.amazonaws.us-east-1.eks'] },
        ],
        MaxResults: 1000,
        NextToken: undefined,
      },
      expect.objectContaining({ NextToken: 'page-2' }),
      expect.objectContaining({ NextToken: 'page-3' }),
    ]);
  });

  it('stops when EC2 repeats a page token', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolves({ VpcEndpoints: [], NextToken: 'same' });
    await expect(listEksEndpoints(client, 'us-east-1')).rejects.toThrow(
      'DescribeVpcEndpoints returned the page token same twice',
    );
  });

  it('maps SDK PascalCase and wire lower-case states alike', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        { VpcEndpointId: 'vpce-11111111', State: 'Available' },
        { VpcEndpointId: 'vpce-22222222', State: wireState('available') },
      ],
    });
    const endpoints = await listEksEndpoints(client, 'us-east-1');
    expect(endpoints.map(e => toInventoryEndpoint(e).state)).toEqual([
      'available',
      'available',
    ]);
  });

  it('lets AWS errors through for the caller to mark the region stale', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .rejects(ec2Error('UnauthorizedOperation'));
    await expect(listEksEndpoints(client, 'us-east-1')).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
    });
  });
});

describe('readVpcDnsAttributes', () => {
  it('reads each attribute with its own call', async () => {
    ec2Mock
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' })
      .resolves({ EnableDnsSupport: { Value: true } })
      .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: false } });

    await expect(readVpcDnsAttributes(client, 'vpc-12345678')).resolves.toEqual(
      { dnsSupport: true, dnsHostnames: false },
    );
    expect(ec2Mock.commandCalls(DescribeVpcAttributeCommand)).toHaveLength(2);
    expect(
      ec2Mock
        .commandCalls(DescribeVpcAttributeCommand)
        .every(c => c.args[0].input.VpcId === 'vpc-12345678'),
    ).toBe(true);
  });

  it('passes InvalidVpcID.NotFound on', async () => {
    ec2Mock
      .on(DescribeVpcAttributeCommand)
      .rejects(ec2Error('InvalidVpcID.NotFound'));
    await expect(
      readVpcDnsAttributes(client, 'vpc-12345678'),
    ).rejects.toMatchObject({ name: 'InvalidVpcID.NotFound' });
  });
});

describe('describeEksService', () => {
  it('asks by ServiceNames and reports what AWS says', async () => {
    ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [
        {
          ServiceName: 'com.amazonaws.eu-west-1.eks',
          AvailabilityZones: ['eu-west-1b', 'eu-west-1a'],
          VpcEndpointPolicySupported: true,
          SupportedIpAddressTypes: ['ipv4', 'ipv6'],
        },
      ],
    });
    await expect(describeEksService(client, 'eu-west-1')).resolves.toEqual({
      serviceName: 'com.amazonaws.eu-west-1.eks',
      exists: true,
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      policySupported: true,
      ipAddressTypes: ['ipv4', 'ipv6'],
    });
    expect(
      ec2Mock.commandCalls(DescribeVpcEndpointServicesCommand)[0].args[0].input,
    ).toEqual({ ServiceNames: ['com.amazonaws.eu-west-1.eks'] });
  });

  it('treats InvalidServiceName as a region without the service', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('InvalidServiceName'));
    await expect(describeEksService(client, 'ap-southeast-5')).resolves.toEqual(
      {
        serviceName: 'com.amazonaws.ap-southeast-5.eks',
        exists: false,
        availabilityZones: [],
        policySupported: null,
        ipAddressTypes: [],
      },
    );
  });

  it('keeps unknowns unknown when AWS omits fields', async () => {
    ec2Mock.on(DescribeVpcEndpointServicesCommand).resolves({
      ServiceDetails: [{ ServiceName: 'com.amazonaws.us-east-1.eks' }],
    });
    await expect(
      describeEksService(client, 'us-east-1'),
    ).resolves.toMatchObject({
      exists: true,
      policySupported: null,
      ipAddressTypes: [],
    });
  });

  it('rethrows other errors', async () => {
    ec2Mock
      .on(DescribeVpcEndpointServicesCommand)
      .rejects(ec2Error('RequestLimitExceeded'));
    await expect(describeEksService(client, 'us-east-1')).rejects.toMatchObject(
      { name: 'RequestLimitExceeded' },
    );
  });
});

describe('listSubnets', () => {
  it('lists the VPC subnets by AZ with their IPv6 blocks, marking AZs the service lacks', async () => {
    ec2Mock
      .on(DescribeSubnetsCommand)
      .resolvesOnce({
        Subnets: [
          {
            SubnetId: 'subnet-33333333',
            AvailabilityZone: 'us-east-1e',
            AvailabilityZoneId: 'use1-az3',
            Ipv6Native: true,
            Ipv6CidrBlockAssociationSet: [
              {
                Ipv6CidrBlock: '2600:1f18:0:3::/64',
                Ipv6CidrBlockState: { State: 'associated' },
              },
              {
                Ipv6CidrBlock: '2600:1f18:0:9::/64',
                Ipv6CidrBlockState: { State: 'disassociated' },
              },
            ],
          },
          {
            SubnetId: 'subnet-22222222',
            AvailabilityZone: 'us-east-1a',
            CidrBlock: '10.0.2.0/24',
            Tags: [{ Key: 'Name', Value: 'private-a2' }],
          },
        ],
        NextToken: 'more',
      })
      .resolvesOnce({
        Subnets: [
          {
            SubnetId: 'subnet-11111111',
            AvailabilityZone: 'us-east-1a',
            AvailabilityZoneId: 'use1-az1',
            CidrBlock: '10.0.1.0/24',
            Tags: [{ Key: 'Name', Value: 'private-a1' }],
          },
        ],
      });

    const subnets = await listSubnets(client, 'vpc-12345678', [
      'us-east-1a',
      'us-east-1b',
    ]);

    expect(subnets).toEqual([
      {
        subnetId: 'subnet-11111111',
        availabilityZone: 'us-east-1a',
        availabilityZoneId: 'use1-az1',
        cidrBlock: '10.0.1.0/24',
        ipv6CidrBlocks: [],
        ipv6Native: false,
        name: 'private-a1',
        serviceSupported: true,
      },
      {
        subnetId: 'subnet-22222222',
        availabilityZone: 'us-east-1a',
        availabilityZoneId: null,
        cidrBlock: '10.0.2.0/24',
        ipv6CidrBlocks: [],
        ipv6Native: false,
        name: 'private-a2',
        serviceSupported: true,
      },
      {
        subnetId: 'subnet-33333333',
        availabilityZone: 'us-east-1e',
        availabilityZoneId: 'use1-az3',
        cidrBlock: null,
        ipv6CidrBlocks: ['2600:1f18:0:3::/64'],
        ipv6Native: true,
        name: null,
        serviceSupported: false,
      },
    ]);
    expect(
      ec2Mock.commandCalls(DescribeSubnetsCommand)[0].args[0].input.Filters,
    ).toEqual([{ Name: 'vpc-id', Values: ['vpc-12345678'] }]);
  });

  it('marks every subnet supported when the AZs are unknown', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: 'subnet-11111111', AvailabilityZone: 'us-east-1f' },
      ],
    });
    const [subnet] = await listSubnets(client, 'vpc-12345678', null);
    expect(subnet.serviceSupported).toBe(true);
  });
});
