/**
 * Catalog module that emits the VPCs onboarded through the EKS PrivateLink
 * scaffolder template as `Resource` entities of type `vpc`.
 *
 * @packageDocumentation
 */

export { catalogModuleEksPrivateLinkOnboardedVpcs as default } from './module';
export {
  OnboardedVpcProvider,
  type OnboardedVpcProviderOptions,
} from './OnboardedVpcProvider';
export {
  onboardedVpcToEntity,
  ONBOARDED_VPC_LOCATION,
} from './onboardedVpcToEntity';
