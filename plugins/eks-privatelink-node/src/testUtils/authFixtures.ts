import {
  DescribeVpcEndpointServicesCommand,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import {
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
} from '../provisioning/managedResources';
import {
  endpoint,
  REGION,
  SUBNET_A,
  SUBNET_B,
  VPC_ID,
  type Ec2Mock,
} from './ec2Fixtures';

/** EKS Pod Identity's service name in {@link REGION}. @public */
export const AUTH_SERVICE = `com.amazonaws.${REGION}.eks-auth`;

/** The id of the fixtures' EKS Pod Identity endpoint. @public */
export const AUTH_ENDPOINT_ID = 'vpce-0a0a0a0a0a0a0a0a0';

/**
 * The EKS Pod Identity (`eks-auth`) endpoint of {@link VPC_ID} as the create
 * action makes it: available, private DNS on, in `a` and `b` with the
 * managed group (shared with the EKS API endpoint), tagged as the portal's;
 * `extra` overrides any field.
 *
 * @public
 */
export function authEndpoint(extra: Partial<VpcEndpoint> = {}): VpcEndpoint {
  return endpoint({
    VpcEndpointId: AUTH_ENDPOINT_ID,
    ServiceName: AUTH_SERVICE,
    NetworkInterfaceIds: ['eni-0aaaaaaaaaaaaaaa9', 'eni-0bbbbbbbbbbbbbbb9'],
    SubnetIds: [SUBNET_A, SUBNET_B],
    DnsEntries: [
      {
        DnsName: `${AUTH_ENDPOINT_ID}-abcdefgh.eks-auth.${REGION}.vpce.amazonaws.com`,
        HostedZoneId: 'ZREGIONAL',
      },
      { DnsName: `eks-auth.${REGION}.api.aws`, HostedZoneId: 'ZPRIVATE' },
    ],
    Tags: [
      { Key: 'Name', Value: `eks-auth-${VPC_ID}` },
      { Key: MANAGED_BY_TAG, Value: MANAGED_BY_VALUE },
    ],
    ...extra,
  });
}

/**
 * `DescribeVpcEndpointServices` for {@link AUTH_SERVICE} answers with its
 * own details: by default offered in 2a, 2b and 2c (the EKS API of
 * `mockCleanVpc` is not offered in 2c), policies supported, IPv4 only.
 *
 * @public
 */
export function mockAuthService(
  ec2Mock: Ec2Mock,
  availabilityZones: string[] = [`${REGION}a`, `${REGION}b`, `${REGION}c`],
): void {
  ec2Mock
    .on(DescribeVpcEndpointServicesCommand, { ServiceNames: [AUTH_SERVICE] })
    .resolves({
      ServiceDetails: [
        {
          ServiceName: AUTH_SERVICE,
          AvailabilityZones: availabilityZones,
          VpcEndpointPolicySupported: true,
          SupportedIpAddressTypes: ['ipv4'],
        },
      ],
    });
}
