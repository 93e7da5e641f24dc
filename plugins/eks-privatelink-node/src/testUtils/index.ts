/**
 * Test utilities for code that uses this package: EC2 fixtures for an
 * aws-sdk-client-mock stub, clock and checkpoint doubles, a VPC entity, and
 * helpers for tests against moto.
 *
 * @packageDocumentation
 */

export * from './ec2Fixtures';
export * from './authFixtures';
export { instantSleep } from './instantSleep';
export { checkpointStore } from './checkpointStore';
export type { Checkpoint } from '../provisioning/checkpoint';
export { vpcEntity } from './vpcEntity';
export { createVpcWithSubnets, describeIfMoto, motoEc2Client } from './moto';
