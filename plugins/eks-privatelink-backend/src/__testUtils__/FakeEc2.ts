import {
  DescribeSubnetsCommand,
  DescribeSubnetsCommandInput,
  DescribeVpcAttributeCommand,
  DescribeVpcAttributeCommandInput,
  DescribeVpcEndpointServicesCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcEndpointsCommandInput,
  EC2Client,
  State,
  Subnet,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import type { Ec2ClientSource } from '../sync/InventorySync';

/** The EC2 operations the inventory uses, as counted by {@link FakeEc2}. */
export type FakeEc2Operation =
  | 'DescribeVpcEndpoints'
  | 'DescribeVpcAttribute'
  | 'DescribeVpcEndpointServices'
  | 'DescribeSubnets';

/**
 * Builds an SDK-shaped EKS endpoint with a zonal DNS entry per subnet, as
 * AWS answers; `zonalDns: false` leaves them out, as moto does.
 */
export function awsEndpoint(options: {
  id: string;
  vpcId: string;
  region: string;
  state?: string;
  privateDns?: boolean;
  zones?: string[];
  zonalDns?: boolean;
}): VpcEndpoint {
  const zones = options.zones ?? [`${options.region}a`, `${options.region}b`];
  return {
    VpcEndpointId: options.id,
    VpcId: options.vpcId,
    VpcEndpointType: 'Interface',
    ServiceName: `com.amazonaws.${options.region}.eks`,
    // EC2 sends lower case; the SDK's enum type is PascalCase.
    State: (options.state ?? 'available') as State,
    PrivateDnsEnabled: options.privateDns ?? true,
    IpAddressType: 'ipv4',
    SubnetIds: zones.map((_, i) => `subnet-${options.id.slice(5)}${i}`),
    NetworkInterfaceIds: zones.map((_, i) => `eni-${options.id.slice(5)}${i}`),
    Groups: [{ GroupId: 'sg-0123456789abcdef0', GroupName: 'eks-endpoint' }],
    DnsEntries: [
      {
        DnsName: `${options.id}-abcd1234.eks.${options.region}.vpce.amazonaws.com`,
        HostedZoneId: 'Z7HUB22UULQXV',
      },
      ...(options.zonalDns === false ? [] : zones).map(zone => ({
        DnsName: `${options.id}-abcd1234-${zone}.eks.${options.region}.vpce.amazonaws.com`,
        HostedZoneId: 'Z7HUB22UULQXV',
      })),
      ...(options.privateDns === false
        ? []
        : [
            {
              DnsName: `eks.${options.region}.amazonaws.com`,
              HostedZoneId: 'ZONE1234567890',
            },
          ]),
    ],
    CreationTimestamp: new Date('2026-01-02T03:04:05.000Z'),
  };
}

/**
 * An in-memory EC2 behind aws-sdk-client-mock: endpoints per region, VPC DNS
 * attributes, subnets, per-region failures, paging, optional latency and a
 * counter per operation. Every `EC2Client` in the process talks to it while
 * installed.
 */
export class FakeEc2 {
  readonly calls: Record<FakeEc2Operation, number> = {
    DescribeVpcEndpoints: 0,
    DescribeVpcAttribute: 0,
    DescribeVpcEndpointServices: 0,
    DescribeSubnets: 0,
  };
  readonly mock: AwsClientStub<EC2Client>;
  /** Client source for the sync; it may be told to fail per account. */
  readonly clients: Ec2ClientSource & {
    failAccount(accountId: string, error: Error): void;
  };
  pageSize: number;
  latencyMs: number;

  private readonly endpoints = new Map<string, VpcEndpoint[]>();
  private readonly dns = new Map<
    string,
    { dnsSupport: boolean; dnsHostnames: boolean }
  >();
  private readonly subnets = new Map<string, Subnet[]>();
  private readonly failures = new Map<string, Error>();

  constructor(options: { pageSize?: number; latencyMs?: number } = {}) {
    this.pageSize = options.pageSize ?? 1000;
    this.latencyMs = options.latencyMs ?? 0;
    this.mock = mockClient(EC2Client);
    const accountFailures = new Map<string, Error>();
    this.clients = {
      async getClient({ region, accountId }) {
        const failure = accountId ? accountFailures.get(accountId) : undefined;
        if (failure) {
          throw failure;
        }
        return new EC2Client({
          region,
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        });
      },
      failAccount(accountId, error) {
        accountFailures.set(accountId, error);
      },
    };

    this.mock
      .on(DescribeVpcEndpointsCommand)
      .callsFake((input, getClient) =>
        this.handle('DescribeVpcEndpoints', getClient, region =>
          this.describeVpcEndpoints(region, input),
        ),
      );
    this.mock
      .on(DescribeVpcAttributeCommand)
      .callsFake((input, getClient) =>
        this.handle('DescribeVpcAttribute', getClient, () =>
          this.describeVpcAttribute(input),
        ),
      );
    this.mock
      .on(DescribeVpcEndpointServicesCommand)
      .callsFake((input, getClient) =>
        // The EKS API in three AZs; EKS Pod Identity (eks-auth) in two.
        this.handle('DescribeVpcEndpointServices', getClient, region => ({
          ServiceDetails: (input.ServiceNames ?? []).map((name: string) => ({
            ServiceName: name,
            AvailabilityZones: name.endsWith('.eks-auth')
              ? [`${region}a`, `${region}b`]
              : [`${region}a`, `${region}b`, `${region}c`],
            VpcEndpointPolicySupported: true,
            SupportedIpAddressTypes: ['ipv4', 'ipv6'],
          })),
        })),
      );
    this.mock
      .on(DescribeSubnetsCommand)
      .callsFake((input, getClient) =>
        this.handle('DescribeSubnets', getClient, () =>
          this.describeSubnets(input),
        ),
      );
  }

  /** Stops faking; later `EC2Client`s talk to the real network again. */
  restore(): void {
    this.mock.restore();
  }

  putEndpoint(region: string, endpoint: VpcEndpoint): void {
    const list = (this.endpoints.get(region) ?? []).filter(
      e => e.VpcEndpointId !== endpoint.VpcEndpointId,
    );
    list.push(endpoint);
    this.endpoints.set(region, list);
  }

  removeEndpoint(region: string, vpcEndpointId: string): void {
    this.endpoints.set(
      region,
      (this.endpoints.get(region) ?? []).filter(
        e => e.VpcEndpointId !== vpcEndpointId,
      ),
    );
  }

  setDns(vpcId: string, dnsSupport: boolean, dnsHostnames: boolean): void {
    this.dns.set(vpcId, { dnsSupport, dnsHostnames });
  }

  setSubnets(vpcId: string, subnets: Subnet[]): void {
    this.subnets.set(vpcId, subnets);
  }

  /** Every call to the region fails with `error` until `heal`. */
  fail(region: string, error: Error): void {
    this.failures.set(region, error);
  }

  heal(region: string): void {
    this.failures.delete(region);
  }

  resetCalls(): void {
    for (const key of Object.keys(this.calls) as FakeEc2Operation[]) {
      this.calls[key] = 0;
    }
  }

  private async handle<T>(
    operation: FakeEc2Operation,
    getClient: () => EC2Client,
    answer: (region: string) => T,
  ): Promise<T> {
    this.calls[operation] += 1;
    const region = await getClient().config.region();
    if (this.latencyMs > 0) {
      await new Promise(resolve => setTimeout(resolve, this.latencyMs));
    }
    const failure = this.failures.get(region);
    if (failure) {
      throw failure;
    }
    return answer(region);
  }

  private describeVpcEndpoints(
    region: string,
    input: DescribeVpcEndpointsCommandInput,
  ) {
    const filter = (name: string) =>
      input.Filters?.find(f => f.Name === name)?.Values ?? undefined;
    const services = filter('service-name');
    const vpcIds = filter('vpc-id');
    const matching = (this.endpoints.get(region) ?? []).filter(
      e =>
        (!services || services.includes(e.ServiceName ?? '')) &&
        (!vpcIds || vpcIds.includes(e.VpcId ?? '')),
    );
    const size = Math.min(input.MaxResults ?? this.pageSize, this.pageSize);
    const offset = input.NextToken ? Number(input.NextToken) : 0;
    const page = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? offset + size : undefined;
    return {
      VpcEndpoints: page,
      ...(next !== undefined ? { NextToken: String(next) } : {}),
    };
  }

  private describeSubnets(input: DescribeSubnetsCommandInput) {
    if (!input.SubnetIds) {
      return {
        Subnets: this.subnets.get(input.Filters?.[0]?.Values?.[0] ?? '') ?? [],
      };
    }
    const all = new Map(
      [...this.subnets.values()]
        .flat()
        .map(subnet => [subnet.SubnetId, subnet]),
    );
    const missing = input.SubnetIds.filter(id => !all.has(id));
    if (missing.length > 0) {
      // As EC2 does: one unknown id fails the whole call.
      throw Object.assign(
        new Error(`The subnet ID '${missing.join(',')}' does not exist`),
        { name: 'InvalidSubnetID.NotFound' },
      );
    }
    return { Subnets: input.SubnetIds.map(id => all.get(id)!) };
  }

  private describeVpcAttribute(input: DescribeVpcAttributeCommandInput) {
    const dns = this.dns.get(input.VpcId ?? '');
    if (!dns) {
      throw Object.assign(
        new Error(`The vpc ID '${input.VpcId}' does not exist`),
        { name: 'InvalidVpcID.NotFound' },
      );
    }
    return input.Attribute === 'enableDnsSupport'
      ? { VpcId: input.VpcId, EnableDnsSupport: { Value: dns.dnsSupport } }
      : { VpcId: input.VpcId, EnableDnsHostnames: { Value: dns.dnsHostnames } };
  }
}
