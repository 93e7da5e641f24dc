/**
 * AWS EC2 access shared by the EKS PrivateLink backends: clients per account
 * and region, VPC resolution, read functions, and provisioning.
 *
 * @packageDocumentation
 */

export * from './errors';
export * from './Ec2ClientFactory';
export * from './resolveVpc';
export * from './inventoryEndpoint';
export * from './ec2Reads';
export * from './provisioning';
