/**
 * What AWS says about the EKS endpoint services (`eks`, `eks-auth`) in a
 * region: whether they exist, their AZs, policy and IP address support.
 */
import {
  DescribeVpcEndpointServicesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  endpointServiceName,
  type EksEndpointService,
  type EksServiceDescription,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ProvisioningClock } from './clock';
import { awsErrorCode } from './errors';

/**
 * What AWS says about an EKS service (`com.amazonaws.<region>.eks`, or
 * `.eks-auth` with `service`) in the region: whether it exists, its AZs,
 * whether it takes endpoint policies, its IP address types.
 * Asks by `ServiceNames` (moto fails on `Filters`); `InvalidServiceName`
 * means the region does not offer it.
 *
 * IAM: `ec2:DescribeVpcEndpointServices`.
 *
 * @public
 */
export async function describeEksService(
  client: EC2Client,
  region: string,
  clock: ProvisioningClock = {},
  service: EksEndpointService = 'eks',
): Promise<EksServiceDescription> {
  const serviceName = endpointServiceName(service, region);
  const missing: EksServiceDescription = {
    serviceName,
    exists: false,
    availabilityZones: [],
    policySupported: null,
    ipAddressTypes: [],
  };
  let details;
  try {
    const response = await client.send(
      new DescribeVpcEndpointServicesCommand({ ServiceNames: [serviceName] }),
      { abortSignal: clock.signal },
    );
    details = response.ServiceDetails?.find(d => d.ServiceName === serviceName);
  } catch (err) {
    if (awsErrorCode(err) === 'InvalidServiceName') {
      return missing;
    }
    throw err;
  }
  if (!details) {
    return missing;
  }
  return {
    serviceName,
    exists: true,
    availabilityZones: [...(details.AvailabilityZones ?? [])].sort(),
    policySupported: details.VpcEndpointPolicySupported ?? null,
    ipAddressTypes: (details.SupportedIpAddressTypes ?? []).map(type =>
      type.toLocaleLowerCase('en-US'),
    ),
  };
}
