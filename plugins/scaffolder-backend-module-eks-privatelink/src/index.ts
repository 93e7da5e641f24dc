/**
 * Scaffolder actions that create and delete the Amazon EKS interface
 * endpoint (AWS PrivateLink) of a VPC, and onboard VPCs into the catalog
 * and take them out again.
 *
 * @packageDocumentation
 */

export { scaffolderModuleEksPrivateLink as default } from './module';
export {
  createEksEndpointCreateAction,
  CREATE_ENDPOINT_ACTION_ID,
} from './actions/createEndpoint';
export {
  createEksEndpointDeleteAction,
  DELETE_ENDPOINT_ACTION_ID,
} from './actions/deleteEndpoint';
export {
  createOnboardVpcAction,
  ONBOARD_VPC_ACTION_ID,
  type OnboardVpcActionOptions,
} from './actions/onboardVpc';
export {
  createOffboardVpcAction,
  OFFBOARD_VPC_ACTION_ID,
  type OffboardVpcActionOptions,
} from './actions/offboardVpc';
export type { EksEndpointActionOptions } from './actions/vpcInput';
export type { VpcAllowLists } from './actions/vpcAccess';
