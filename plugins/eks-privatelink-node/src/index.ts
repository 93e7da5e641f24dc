/**
 * AWS EC2 access shared by the EKS PrivateLink backends: clients per account
 * and region, VPC resolution, read functions, and provisioning.
 *
 * @packageDocumentation
 */

export type { ProvisioningClock } from './clock';
export {
  describeEksService,
  describeSubnetZones,
  findVpcEksEndpoints,
  listEksEndpoints,
  listSubnets,
  readVpcDnsAttributes,
  type VpcDnsAttributes,
} from './ec2Reads';
export {
  AwsCredentialsError,
  DEFAULT_EC2_CONNECTION_TIMEOUT_MS,
  DEFAULT_EC2_MAX_ATTEMPTS,
  DEFAULT_EC2_REQUEST_TIMEOUT_MS,
  Ec2ClientFactory,
  type Ec2ClientFactoryOptions,
} from './Ec2ClientFactory';
export { ec2ClientFactoryServiceRef } from './ec2ClientFactoryServiceRef';
export {
  DefaultEksPrivateLinkInventoryClient,
  eksPrivateLinkInventoryClientServiceRef,
  type AppliedEndpointReport,
  type EksPrivateLinkInventoryClient,
  type OnboardedVpcKey,
  type SyncVpcOptions,
} from './inventoryClient';
export {
  awsErrorCode,
  awsErrorMessage,
  isCredentialsError,
  isNotFound,
  isUnauthorized,
  publicAwsMessage,
  redactAwsText,
} from './errors';
export {
  toInventoryEndpoint,
  type ToInventoryEndpointOptions,
} from './inventoryEndpoint';
export {
  requireVpc,
  resolveVpc,
  type ResolvedVpc,
  type ResolveVpcOptions,
} from './resolveVpc';
export { vpcEntityFilter } from './vpcEntityFilter';
export * from './provisioning';
