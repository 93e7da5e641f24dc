import type {
  EksEndpointService,
  EndpointIpAddressType,
  EksRulesConfig,
  InventoryEndpoint,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { ProvisioningClock } from '../clock';
import type { VpcDnsAttributes } from '../ec2Reads';
import type { Checkpoint } from './checkpoint';
import type { WaitOptions } from './waitForEndpoint';

/** What to do when the VPC already has an endpoint of the service. @public */
export type OnExisting = 'reuse' | 'update' | 'fail';

/** Flow logs for the new endpoint's network interfaces. @public */
export interface FlowLogsRequest {
  destinationType: 'cloud-watch-logs' | 's3';
  /** The log group or bucket ARN. */
  destination: string;
  /** The role that delivers to CloudWatch Logs; required for that type. */
  deliverLogsPermissionArn?: string;
  /** `ALL` by default. */
  trafficType?: 'ACCEPT' | 'REJECT' | 'ALL';
}

/**
 * What a caller asks for: the EKS interface endpoint of one VPC. Optional
 * fields take the defaults of the `aws:eks:privatelink:create` action.
 *
 * @public
 */
export interface EndpointRequest {
  vpcId: string;
  region: string;
  /**
   * The EKS service the endpoint serves: `eks` (the EKS API, the default) or
   * `eks-auth` (EKS Pod Identity). A VPC has at most one of each.
   */
  service?: EksEndpointService;
  /** The account that owns the VPC; part of the idempotency token. */
  accountId?: string;
  /** At most one per AZ. Omitted or empty: one per supported AZ. */
  subnetIds?: string[];
  securityGroupIds?: string[];
  /**
   * Callers outside the VPC the managed group admits on TCP 443 besides the
   * VPC's own blocks: IPv4 and IPv6 CIDR blocks, managed prefix lists
   * (`pl-…`) and security groups (`sg-…`).
   */
  allowedSources?: string[];
  /** Default: true when no security group is given. */
  createSecurityGroup?: boolean;
  /** Default: the rules' private DNS default (on). */
  privateDnsEnabled?: boolean;
  /** Default true: turn the VPC DNS attributes on where private DNS needs them. */
  manageVpcDns?: boolean;
  /** Default `ipv4`. */
  ipAddressType?: EndpointIpAddressType;
  /** An IAM policy document, as a JSON string or an object. */
  policyDocument?: string | Record<string, unknown>;
  flowLogs?: FlowLogsRequest;
  tags?: Record<string, string>;
  /** Default `reuse`. */
  onExisting?: OnExisting;
}

/** Turns on `enableDnsSupport`. @public */
export interface EnableDnsSupportChange {
  kind: 'enableDnsSupport';
  key: string;
  description: string;
  vpcId: string;
}

/** Turns on `enableDnsHostnames`; needs DNS support first. @public */
export interface EnableDnsHostnamesChange {
  kind: 'enableDnsHostnames';
  key: string;
  description: string;
  vpcId: string;
}

/** Creates the endpoint's own security group and its TCP 443 rule. @public */
export interface CreateSecurityGroupChange {
  kind: 'createSecurityGroup';
  key: string;
  description: string;
  vpcId: string;
  groupName: string;
  groupDescription: string;
  /** Sources allowed on TCP 443: the VPC's IPv4 (and, for IPv6 endpoints, IPv6) blocks, then `allowedSources`. */
  ingressCidrs: string[];
  ingressIpv6Cidrs: string[];
  /** Managed prefix lists of `allowedSources`. */
  ingressPrefixListIds: string[];
  /** Security groups of `allowedSources`. */
  ingressSecurityGroupIds: string[];
  tags: Record<string, string>;
}

/**
 * Adds to the managed group the TCP 443 rules it lacks. A group an earlier
 * run made may be missing them: it is created and given its rule in two
 * calls, and the second can fail. @public
 */
export interface AuthorizeIngressChange {
  kind: 'authorizeIngress';
  key: string;
  description: string;
  groupId: string;
  /** The sources the group does not admit yet. */
  ingressCidrs: string[];
  ingressIpv6Cidrs: string[];
  ingressPrefixListIds: string[];
  ingressSecurityGroupIds: string[];
}

/** The parameters of `CreateVpcEndpoint`, as plain data. @public */
export interface CreateEndpointParameters {
  vpcId: string;
  serviceName: string;
  subnetIds: string[];
  /** Existing groups; the group a `createSecurityGroup` change makes is added when it exists. */
  securityGroupIds: string[];
  privateDnsEnabled: boolean;
  ipAddressType: EndpointIpAddressType;
  policyDocument: string | null;
  tags: Record<string, string>;
}

/** Creates the endpoint. @public */
export interface CreateEndpointChange {
  kind: 'createEndpoint';
  key: string;
  description: string;
  parameters: CreateEndpointParameters;
  /** True when the group of this plan's `createSecurityGroup` change joins the endpoint. */
  withCreatedSecurityGroup: boolean;
  /**
   * The idempotency token, known at plan time unless the endpoint waits for
   * a group this plan creates; then it is derived once that group exists.
   */
  clientToken: string | null;
  /** Ids of this VPC's EKS endpoints that are gone or going; part of the token. */
  history: string[];
  /** Endpoints still being deleted in this VPC; the create waits for them. */
  waitForDeletion: string[];
}

/**
 * Changes an existing endpoint in place: one `ModifyVpcEndpoint` for its
 * subnets, groups, private DNS, IP address type and policy, then
 * `CreateTags` and `DeleteTags` for its tags. A field left `null` (or
 * empty) is not changed. @public
 */
export interface ModifyEndpointChange {
  kind: 'modifyEndpoint';
  key: string;
  description: string;
  vpcEndpointId: string;
  addSubnetIds: string[];
  removeSubnetIds: string[];
  addSecurityGroupIds: string[];
  removeSecurityGroupIds: string[];
  /** True when the group of this plan's `createSecurityGroup` change is added. */
  addCreatedSecurityGroup: boolean;
  /** Private DNS to switch to. */
  privateDnsEnabled: boolean | null;
  /** The IP address type to switch to; the DNS records follow it. */
  ipAddressType: EndpointIpAddressType | null;
  /** The policy to set, as JSON text. */
  policyDocument: string | null;
  /** Replace the endpoint's policy with AWS's default full-access one. */
  resetPolicy: boolean;
  /** Tags to add or give a new value (`CreateTags`). */
  addTags: Record<string, string>;
  /** Tag keys to remove (`DeleteTags`); never the portal's own or `aws:` keys. */
  removeTagKeys: string[];
}

/** Publishes flow logs of the endpoint's network interfaces. @public */
export interface CreateFlowLogsChange {
  kind: 'createFlowLogs';
  key: string;
  description: string;
  flowLogs: FlowLogsRequest;
}

/** One step of a {@link Plan}, in the order it runs. @public */
export type PlannedChange =
  | EnableDnsSupportChange
  | EnableDnsHostnamesChange
  | CreateSecurityGroupChange
  | AuthorizeIngressChange
  | CreateEndpointChange
  | ModifyEndpointChange
  | CreateFlowLogsChange;

/**
 * What a run will change, computed read-only from AWS. The dry run shows the
 * same plan the real run executes, so the two cannot drift apart.
 *
 * @public
 */
export interface Plan {
  vpcId: string;
  region: string;
  accountId: string | null;
  /** The account that owns the VPC, as DescribeVpcs says; null when it doesn't. */
  vpcOwnerId: string | null;
  /** The EKS service of the endpoint, `eks` unless the request said otherwise. */
  service: EksEndpointService;
  serviceName: string;
  /** `create` a new endpoint, `reuse` or `update` the one found. */
  action: 'create' | 'reuse' | 'update';
  existingEndpoint: InventoryEndpoint | null;
  /** The subnets the endpoint ends up in. */
  subnetIds: string[];
  /** The Availability Zones of those subnets, sorted. */
  availabilityZones: string[];
  /** Subnet id to AZ of every subnet the plan looked at. */
  subnetAvailabilityZones: Record<string, string>;
  /** Existing groups the endpoint ends up with (a group to be created is not listed). */
  securityGroupIds: string[];
  /** A managed group found from an earlier run, reused instead of created. */
  managedSecurityGroupId: string | null;
  privateDnsEnabled: boolean;
  ipAddressType: EndpointIpAddressType;
  vpcDns: VpcDnsAttributes | null;
  changes: PlannedChange[];
  /**
   * What an update changes on the endpoint, one row per field, before and
   * after as a person reads them; empty for a create or a reuse.
   */
  diff: Array<{ field: string; before: string; after: string }>;
  /** What a person should know: choices made, things left alone. */
  notes: string[];
}

/** What {@link planEndpoint} needs besides the request. @public */
export interface PlanOptions extends ProvisioningClock {
  /** `eksPrivateLink.rules` from app-config. */
  rulesConfig?: EksRulesConfig;
  /**
   * Route 53, for the private hosted zones that would block private DNS
   * (`Ec2ClientFactory.getRoute53Client`); without it they are not checked.
   */
  route53Client?: Route53Client;
}

/** Options of {@link applyPlan}. @public */
export interface ApplyOptions extends WaitOptions {
  /**
   * Probe each change with `DryRun: true` instead of making it. Nothing
   * changes; IAM denials come back as refusals.
   */
  dryRun?: boolean;
  /** Wraps each side effect; pass the scaffolder's `ctx.checkpoint`. */
  checkpoint?: Checkpoint;
  /** Wait until the endpoint is available; default true. Flow logs need it. */
  wait?: boolean;
}

/**
 * What happened to one change: `done` (made now or by an earlier attempt of
 * the same task), `permitted` (a dry run probe said the call would
 * succeed), `not-probed` (a dry run could not ask; `detail` says why).
 *
 * @public
 */
export interface AppliedStep {
  key: string;
  kind: PlannedChange['kind'];
  description: string;
  outcome: 'done' | 'permitted' | 'not-probed';
  detail?: string;
}

/** The result of {@link applyPlan}. @public */
export interface ApplyResult {
  dryRun: boolean;
  /** True when this run (or an earlier attempt of the same task) created the endpoint. */
  created: boolean;
  /** The endpoint as AWS last described it; null in a dry run that would create it. */
  endpoint: InventoryEndpoint | null;
  /** The security group the action manages for this endpoint, if any. */
  securityGroupId: string | null;
  steps: AppliedStep[];
  notes: string[];
}
