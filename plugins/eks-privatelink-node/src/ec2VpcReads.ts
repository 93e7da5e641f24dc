/**
 * Reads of the VPC itself: whether it exists, and the two DNS attributes
 * private DNS needs.
 */
import {
  DescribeVpcAttributeCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type Vpc,
} from '@aws-sdk/client-ec2';
import type { ProvisioningClock } from './clock';
import { unlessNotFound } from './ec2ReadPaging';

/** The VPC by id, or undefined when AWS does not know it in this region. */
export async function describeVpc(
  client: EC2Client,
  vpcId: string,
  clock: ProvisioningClock,
): Promise<Vpc | undefined> {
  const response = await unlessNotFound('InvalidVpcID.NotFound', () =>
    client.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }), {
      abortSignal: clock.signal,
    }),
  );
  return response?.Vpcs?.find(v => v.VpcId === vpcId);
}

/** The two VPC attributes private DNS needs. @public */
export interface VpcDnsAttributes {
  dnsSupport: boolean;
  dnsHostnames: boolean;
}

/**
 * Reads `enableDnsSupport` and `enableDnsHostnames`; EC2 answers one
 * attribute per call, so this makes two.
 *
 * IAM: `ec2:DescribeVpcAttribute`.
 *
 * @public
 */
export async function readVpcDnsAttributes(
  client: EC2Client,
  vpcId: string,
  clock: ProvisioningClock = {},
): Promise<VpcDnsAttributes> {
  const [support, hostnames] = await Promise.all([
    client.send(
      new DescribeVpcAttributeCommand({
        VpcId: vpcId,
        Attribute: 'enableDnsSupport',
      }),
      { abortSignal: clock.signal },
    ),
    client.send(
      new DescribeVpcAttributeCommand({
        VpcId: vpcId,
        Attribute: 'enableDnsHostnames',
      }),
      { abortSignal: clock.signal },
    ),
  ]);
  return {
    dnsSupport: support.EnableDnsSupport?.Value ?? false,
    dnsHostnames: hostnames.EnableDnsHostnames?.Value ?? false,
  };
}
