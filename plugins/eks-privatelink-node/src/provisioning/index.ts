/**
 * Provisioning of the EKS interface endpoint: plan (read-only pre-flight),
 * apply (or probe with DryRun), wait, delete.
 */

export type {
  Checkpoint,
  CheckpointValue,
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
  ProvisioningClock,
} from './types';
export {
  EndpointFailedError,
  EndpointRequestRefusedError,
  EndpointWaitTimeoutError,
  type Refusal,
} from './errors';
export {
  chooseSubnets,
  planEndpoint,
  validateEndpointRequest,
  type RequestFieldNames,
} from './planEndpoint';
export {
  applyPlan,
  type AppliedStep,
  type ApplyOptions,
  type ApplyResult,
} from './applyPlan';
export {
  DEFAULT_WAIT_TIMEOUT_SECONDS,
  describeEndpoint,
  endpointState,
  FIRST_POLL_DELAY_MS,
  MAX_POLL_DELAY_MS,
  waitForEndpoint,
  waitForEndpointDeleted,
  type WaitOptions,
} from './waitForEndpoint';
export {
  deleteEksEndpoint,
  type DeleteEndpointOptions,
  type DeleteEndpointRequest,
  type DeleteEndpointResult,
} from './deleteEndpoint';
export { endpointClientToken } from './clientToken';
export {
  ACTIVE_ENDPOINT_STATES,
  findVpcEksEndpoints,
  pickExistingEndpoint,
} from './findVpcEksEndpoints';
export {
  ENDPOINT_FOR_TAG,
  findManagedSecurityGroups,
  managedSecurityGroupName,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  RESERVED_TAG_PREFIX,
} from './managedResources';
export { abortableSleep, sendWithBackoff } from './sendWithBackoff';
