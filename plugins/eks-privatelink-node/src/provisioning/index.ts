/**
 * Provisioning of the EKS interface endpoint: plan (read-only pre-flight),
 * apply (or probe with DryRun), delete.
 */

export { applyPlan } from './applyPlan';
export type { Checkpoint } from './checkpoint';
export {
  deleteEksEndpoint,
  type DeleteEndpointOptions,
  type DeleteEndpointRequest,
  type DeleteEndpointResult,
} from './deleteEndpoint';
export { EndpointRequestRefusedError } from './errors';
export {
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  RESERVED_TAG_PREFIX,
} from './managedResources';
export { planEndpoint } from './planEndpoint';
export { managedGroupBehind, managedGroupVpcBlocks } from './plan/ingressRules';
export type {
  AppliedStep,
  ApplyOptions,
  AuthorizeIngressChange,
  ApplyResult,
  CreateEndpointChange,
  CreateEndpointParameters,
  CreateFlowLogsChange,
  CreateSecurityGroupChange,
  EnableDnsHostnamesChange,
  EnableDnsSupportChange,
  EndpointRequest,
  FlowLogsRequest,
  ModifyEndpointChange,
  OnExisting,
  Plan,
  PlannedChange,
  PlanOptions,
} from './types';
export {
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  type WaitOptions,
} from './waitForEndpoint';
