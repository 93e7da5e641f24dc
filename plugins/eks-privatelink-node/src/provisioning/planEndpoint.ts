import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import {
  checkIpAddressType,
  checkPolicyDocument,
  checkPrivateDns,
  checkRegion,
  checkSubnetZones,
  eksServiceName,
  resolveRules,
  validateAccountId,
  validateIdList,
  validateRegion,
  validateSecurityGroupId,
  validateSubnetId,
  validateTags,
  validateVpcId,
  type EksServiceDescription,
  type EndpointIpAddressType,
  type InventoryEndpoint,
  type ResolvedEksRules,
  type RuleRefusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { describeEksService, readVpcDnsAttributes } from '../ec2Reads';
import { awsErrorCode, awsErrorMessage, isUnauthorized } from '../errors';
import { toInventoryEndpoint } from '../inventoryEndpoint';
import { endpointClientToken } from './clientToken';
import { EndpointRequestRefusedError, type Refusal } from './errors';
import { refuseIamDenial, type IamScope } from './iamDenial';
import {
  ACTIVE_ENDPOINT_STATES,
  findVpcEksEndpoints,
  pickExistingEndpoint,
} from './findVpcEksEndpoints';
import {
  findSecurityGroupByName,
  managedEndpointTags,
  managedSecurityGroupName,
  managedSecurityGroupTags,
  RESERVED_TAG_PREFIX,
} from './managedResources';
import { sendWithBackoff } from './sendWithBackoff';
import type {
  CreateEndpointParameters,
  EndpointRequest,
  Plan,
  PlannedChange,
  PlanOptions,
  ProvisioningClock,
} from './types';
import { endpointState, lastErrorText } from './waitForEndpoint';

const IP_ADDRESS_TYPES: readonly EndpointIpAddressType[] = [
  'ipv4',
  'dualstack',
  'ipv6',
];
const ON_EXISTING = ['reuse', 'update', 'fail'];
const FLOW_LOG_DESTINATIONS = ['cloud-watch-logs', 's3'];
const TRAFFIC_TYPES = ['ACCEPT', 'REJECT', 'ALL'];
/** The PrivateLink limit on an endpoint policy, white space included. */
const MAX_POLICY_CHARS = 20_480;

/** Field names to use in refusals, when the caller's input names them differently. */
export interface RequestFieldNames {
  /** The field the VPC came from; `vpc` when an entity ref was resolved. Default `vpcId`. */
  vpc?: string;
}

/** The policy document as EC2 takes it: a JSON string. */
export function policyDocumentText(
  policyDocument: EndpointRequest['policyDocument'],
): string | null {
  if (policyDocument === undefined || policyDocument === null) {
    return null;
  }
  return typeof policyDocument === 'string'
    ? policyDocument
    : JSON.stringify(policyDocument);
}

function checkPolicyShape(
  policyDocument: EndpointRequest['policyDocument'],
): string | undefined {
  const text = policyDocumentText(policyDocument);
  if (text === null) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `policyDocument is not valid JSON (${awsErrorMessage(
      error,
    )}); give an IAM policy document such as {"Statement":[{"Effect":"Allow","Principal":"*","Action":"eks:*","Resource":"*"}]}.`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'policyDocument must be a JSON object with a Statement list, not a string, number or list.';
  }
  if (text.length > MAX_POLICY_CHARS) {
    return `policyDocument is ${text.length} characters; an endpoint policy may have at most ${MAX_POLICY_CHARS} — shorten it.`;
  }
  return undefined;
}

function checkFlowLogs(flowLogs: EndpointRequest['flowLogs']): Refusal[] {
  if (!flowLogs) {
    return [];
  }
  const refusals: Refusal[] = [];
  if (!FLOW_LOG_DESTINATIONS.includes(flowLogs.destinationType)) {
    refusals.push({
      field: 'flowLogs.destinationType',
      message: `flowLogs.destinationType '${String(
        flowLogs.destinationType,
      )}' is not supported: use cloud-watch-logs or s3.`,
    });
  }
  if (
    typeof flowLogs.destination !== 'string' ||
    !flowLogs.destination.startsWith('arn:')
  ) {
    refusals.push({
      field: 'flowLogs.destination',
      message: `flowLogs.destination '${String(
        flowLogs.destination ?? '',
      )}' is not an ARN: give the log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>) or the bucket ARN (arn:aws:s3:::<bucket>).`,
    });
  }
  if (flowLogs.destinationType === 'cloud-watch-logs') {
    const role = flowLogs.deliverLogsPermissionArn;
    if (!role) {
      refusals.push({
        field: 'flowLogs.deliverLogsPermissionArn',
        message:
          'flowLogs.deliverLogsPermissionArn is required for cloud-watch-logs: give the ARN of an IAM role that VPC Flow Logs may assume to write to the log group.',
      });
    } else if (!/^arn:[^:]+:iam::\d{12}:role\/.+/.test(role)) {
      refusals.push({
        field: 'flowLogs.deliverLogsPermissionArn',
        message: `flowLogs.deliverLogsPermissionArn '${role}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`,
      });
    }
  }
  if (
    flowLogs.trafficType !== undefined &&
    !TRAFFIC_TYPES.includes(flowLogs.trafficType)
  ) {
    refusals.push({
      field: 'flowLogs.trafficType',
      message: `flowLogs.trafficType '${String(
        flowLogs.trafficType,
      )}' is not supported: use ALL, ACCEPT or REJECT.`,
    });
  }
  return refusals;
}

/**
 * Checks a request without calling AWS: id formats, tags, enumerations, the
 * policy's JSON and the flow log settings. Returns every problem found.
 *
 * @public
 */
export function validateEndpointRequest(
  request: EndpointRequest,
  fields: RequestFieldNames = {},
): Refusal[] {
  const refusals: Refusal[] = [];
  const add = (field: string, message: string | undefined) => {
    if (message) {
      refusals.push({ field, message });
    }
  };
  const vpcField = fields.vpc ?? 'vpcId';
  add(vpcField, validateVpcId(request.vpcId, vpcField));
  add('region', validateRegion(request.region));
  if (request.accountId !== undefined) {
    add('accountId', validateAccountId(request.accountId));
  }
  if (request.subnetIds !== undefined) {
    add(
      'subnetIds',
      validateIdList(request.subnetIds, 'subnetIds', validateSubnetId),
    );
  }
  if (request.securityGroupIds !== undefined) {
    add(
      'securityGroupIds',
      validateIdList(
        request.securityGroupIds,
        'securityGroupIds',
        validateSecurityGroupId,
      ),
    );
  }
  if (
    request.ipAddressType !== undefined &&
    !IP_ADDRESS_TYPES.includes(request.ipAddressType)
  ) {
    add(
      'ipAddressType',
      `ipAddressType '${String(
        request.ipAddressType,
      )}' is not an endpoint IP address type: use ipv4, dualstack or ipv6.`,
    );
  }
  if (
    request.onExisting !== undefined &&
    !ON_EXISTING.includes(request.onExisting)
  ) {
    add(
      'onExisting',
      `onExisting '${String(
        request.onExisting,
      )}' is not an option: use reuse, update or fail.`,
    );
  }
  add('policyDocument', checkPolicyShape(request.policyDocument));
  add('tags', validateTags(request.tags));
  for (const key of Object.keys(request.tags ?? {})) {
    if (key.startsWith(RESERVED_TAG_PREFIX)) {
      add(
        'tags',
        `tags.${key}: keys starting with '${RESERVED_TAG_PREFIX}' are set by this action to find what it made — rename the key.`,
      );
    }
  }
  refusals.push(...checkFlowLogs(request.flowLogs));
  return refusals;
}

function refuse(refusals: Refusal[]): never {
  throw new EndpointRequestRefusedError(refusals);
}

/** Runs a read; an IAM denial becomes a refusal that names the permission. */
function read<T>(
  action: string,
  where: IamScope,
  fn: () => Promise<T>,
): Promise<T> {
  return refuseIamDenial(where, action, [action], fn);
}

/** The ids of one kind (`subnet-…`) an AWS error message names. */
function idsInMessage(
  error: unknown,
  prefix: string,
  fallback: string[],
): string[] {
  const found = awsErrorMessage(error).match(
    new RegExp(`${prefix}-[0-9a-f]+`, 'g'),
  );
  return found && found.length > 0 ? [...new Set(found)] : fallback;
}

function vpcCidrs(vpc: Vpc): { ipv4: string[]; ipv6: string[] } {
  const ipv4 = (vpc.CidrBlockAssociationSet ?? [])
    .filter(a => (a.CidrBlockState?.State ?? 'associated') === 'associated')
    .map(a => a.CidrBlock)
    .filter((c): c is string => Boolean(c));
  const ipv6 = (vpc.Ipv6CidrBlockAssociationSet ?? [])
    .filter(a => (a.Ipv6CidrBlockState?.State ?? 'associated') === 'associated')
    .map(a => a.Ipv6CidrBlock)
    .filter((c): c is string => Boolean(c));
  if (ipv4.length === 0 && vpc.CidrBlock) {
    ipv4.push(vpc.CidrBlock);
  }
  return { ipv4: [...new Set(ipv4)], ipv6: [...new Set(ipv6)] };
}

function hasIpv6(subnet: Subnet): boolean {
  return (subnet.Ipv6CidrBlockAssociationSet ?? []).some(
    a => (a.Ipv6CidrBlockState?.State ?? 'associated') === 'associated',
  );
}

function subnetFitsIpType(
  subnet: Subnet,
  ipAddressType: EndpointIpAddressType,
): boolean {
  return ipAddressType === 'ipv4' || hasIpv6(subnet);
}

/**
 * One subnet per Availability Zone the service supports: the AZs in name
 * order, and in each the available subnet with the lowest id. Lowest id is
 * arbitrary but stable, so every run of the same request picks the same
 * subnets; pass `subnetIds` to choose others (private subnets, say).
 *
 * @public
 */
export function chooseSubnets(
  subnets: Subnet[],
  supportedAzs: readonly string[] | null,
  ipAddressType: EndpointIpAddressType = 'ipv4',
): Subnet[] {
  const byZone = new Map<string, Subnet>();
  for (const subnet of subnets) {
    const zone = subnet.AvailabilityZone;
    if (
      !zone ||
      !subnet.SubnetId ||
      (subnet.State !== undefined && subnet.State !== 'available') ||
      (supportedAzs !== null && !supportedAzs.includes(zone)) ||
      !subnetFitsIpType(subnet, ipAddressType)
    ) {
      continue;
    }
    const current = byZone.get(zone);
    if (!current || subnet.SubnetId < current.SubnetId!) {
      byZone.set(zone, subnet);
    }
  }
  return [...byZone.keys()].sort().map(zone => byZone.get(zone)!);
}

async function describeVpc(
  client: EC2Client,
  request: EndpointRequest,
  vpcField: string,
  clock: ProvisioningClock,
): Promise<Vpc> {
  try {
    const response = await read('ec2:DescribeVpcs', request, () =>
      sendWithBackoff(
        client,
        new DescribeVpcsCommand({ VpcIds: [request.vpcId] }),
        clock,
      ),
    );
    const vpc = response.Vpcs?.find(v => v.VpcId === request.vpcId);
    if (vpc) {
      return vpc;
    }
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidVpcID.NotFound') {
      throw error;
    }
  }
  return refuse([
    {
      field: vpcField,
      message: `${vpcField}: ${request.vpcId} was not found in ${
        request.region
      }${
        request.accountId ? ` (account ${request.accountId})` : ''
      }. Check the VPC id and its region${
        vpcField === 'vpc'
          ? " (the entity's aws.amazon.com/vpc-id and aws.amazon.com/region annotations)"
          : ''
      }.`,
    },
  ]);
}

async function describeSubnets(
  client: EC2Client,
  request: EndpointRequest,
  clock: ProvisioningClock,
): Promise<{ subnets: Subnet[]; refusals: Refusal[] }> {
  const ids = request.subnetIds ?? [];
  if (ids.length > 0) {
    const notFound = (missing: string[]): Refusal => ({
      field: 'subnetIds',
      message: `subnetIds: ${missing.join(', ')} ${
        missing.length > 1 ? 'were' : 'was'
      } not found in ${request.region}. Pick subnets of ${
        request.vpcId
      } (the form lists them), or omit subnetIds to use one per supported Availability Zone.`,
    });
    try {
      const response = await read('ec2:DescribeSubnets', request, () =>
        sendWithBackoff(
          client,
          new DescribeSubnetsCommand({ SubnetIds: ids }),
          clock,
        ),
      );
      const subnets = (response.Subnets ?? []).filter(s =>
        ids.includes(s.SubnetId ?? ''),
      );
      const missing = ids.filter(id => !subnets.some(s => s.SubnetId === id));
      return {
        subnets,
        refusals: missing.length > 0 ? [notFound(missing)] : [],
      };
    } catch (error) {
      if (awsErrorCode(error) !== 'InvalidSubnetID.NotFound') {
        throw error;
      }
      return {
        subnets: [],
        refusals: [notFound(idsInMessage(error, 'subnet', ids))],
      };
    }
  }
  const subnets: Subnet[] = [];
  let token: string | undefined;
  do {
    const pageToken = token;
    const page = await read('ec2:DescribeSubnets', request, () =>
      sendWithBackoff(
        client,
        new DescribeSubnetsCommand({
          Filters: [{ Name: 'vpc-id', Values: [request.vpcId] }],
          NextToken: pageToken,
        }),
        clock,
      ),
    );
    subnets.push(...(page.Subnets ?? []));
    token =
      page.NextToken && page.NextToken !== token ? page.NextToken : undefined;
  } while (token);
  return { subnets, refusals: [] };
}

async function describeGivenSecurityGroups(
  client: EC2Client,
  request: EndpointRequest,
  ids: string[],
  clock: ProvisioningClock,
): Promise<Refusal[]> {
  const notFound = (missing: string[]): Refusal => ({
    field: 'securityGroupIds',
    message: `securityGroupIds: ${missing.join(', ')} ${
      missing.length > 1 ? 'were' : 'was'
    } not found in ${request.region}. Pick groups of ${
      request.vpcId
    }, or omit securityGroupIds to have the action create one that allows TCP 443 from the VPC.`,
  });
  try {
    const response = await read('ec2:DescribeSecurityGroups', request, () =>
      sendWithBackoff(
        client,
        new DescribeSecurityGroupsCommand({ GroupIds: ids }),
        clock,
      ),
    );
    const groups = (response.SecurityGroups ?? []).filter(g =>
      ids.includes(g.GroupId ?? ''),
    );
    const missing = ids.filter(id => !groups.some(g => g.GroupId === id));
    return [
      ...(missing.length > 0 ? [notFound(missing)] : []),
      ...groups
        .filter(g => g.VpcId !== request.vpcId)
        .map(g => ({
          field: 'securityGroupIds',
          message: `securityGroupIds: ${g.GroupId} belongs to ${g.VpcId}, not ${request.vpcId}; an endpoint's security groups must be in its own VPC — pick a group of ${request.vpcId} or let the action create one (createSecurityGroup: true).`,
        })),
    ];
  } catch (error) {
    if (awsErrorCode(error) !== 'InvalidGroup.NotFound') {
      throw error;
    }
    return [notFound(idsInMessage(error, 'sg', ids))];
  }
}

async function serviceDescription(
  client: EC2Client,
  request: EndpointRequest,
  notes: string[],
): Promise<EksServiceDescription | null> {
  try {
    return await describeEksService(client, request.region);
  } catch (error) {
    if (!isUnauthorized(error)) {
      throw error;
    }
    notes.push(
      `Could not ask AWS about ${eksServiceName(
        request.region,
      )} (ec2:DescribeVpcEndpointServices is denied), so the rules come from app-config and the seed defaults and Availability Zones are not checked; grant ec2:DescribeVpcEndpointServices for exact checks.`,
    );
    return null;
  }
}

function sameMembers(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every(x => b.includes(x));
}

function describeSubnetChoice(subnets: Subnet[]): string {
  return subnets.map(s => `${s.SubnetId} (${s.AvailabilityZone})`).join(', ');
}

/**
 * Validates a request, then looks at AWS without changing anything and
 * returns the ordered list of changes that would give the VPC its EKS
 * interface endpoint. Throws {@link EndpointRequestRefusedError} with every
 * refusal it can name (field + fix) when the request cannot go ahead.
 *
 * Calls (read-only): `DescribeVpcEndpointServices`, `DescribeVpcs`,
 * `DescribeVpcEndpoints` (by VPC and service), `DescribeSubnets`,
 * `DescribeSecurityGroups` (given groups, or the managed group by name) and,
 * where private DNS is wanted, `DescribeVpcAttribute` twice.
 *
 * @public
 */
export async function planEndpoint(
  client: EC2Client,
  request: EndpointRequest,
  options: PlanOptions & { fields?: RequestFieldNames } = {},
): Promise<Plan> {
  const vpcField = options.fields?.vpc ?? 'vpcId';
  const invalid = validateEndpointRequest(request, options.fields);
  if (invalid.length > 0) {
    refuse(invalid);
  }
  const { vpcId, region } = request;
  const accountId = request.accountId ?? null;
  const serviceName = eksServiceName(region);
  const notes: string[] = [];
  const onExisting = request.onExisting ?? 'reuse';

  const live = await serviceDescription(client, request, notes);
  const rules: ResolvedEksRules = resolveRules({
    region,
    config: options.rulesConfig,
    live,
  });
  const regionRefusal = checkRegion(rules);
  if (regionRefusal) {
    refuse([regionRefusal]);
  }
  const ipAddressType = request.ipAddressType ?? 'ipv4';
  const ruleRefusals = [
    checkIpAddressType(ipAddressType, rules),
    checkPolicyDocument(request.policyDocument, rules),
  ].filter((r): r is RuleRefusal => r !== undefined);
  if (ruleRefusals.length > 0) {
    refuse(ruleRefusals);
  }
  const supportedAzs = rules.availabilityZones?.value ?? null;

  const vpc = await describeVpc(client, request, vpcField, options);
  const cidrs = vpcCidrs(vpc);

  const all = await read('ec2:DescribeVpcEndpoints', request, () =>
    findVpcEksEndpoints(client, vpcId, serviceName, options),
  );
  const wantPrivateDns =
    request.privateDnsEnabled ?? rules.privateDnsDefault.value;
  const found = pickExistingEndpoint(all, wantPrivateDns);
  for (const other of all) {
    if (other === found) {
      continue;
    }
    const state = endpointState(other);
    if (state === 'failed') {
      notes.push(
        `${other.VpcEndpointId} in this VPC is failed (${
          lastErrorText(other) ?? 'no reason given'
        }); it is left alone and not reused — delete it once the new endpoint works.`,
      );
    } else if (ACTIVE_ENDPOINT_STATES.includes(state)) {
      notes.push(
        `${other.VpcEndpointId} is another ${state} EKS endpoint in this VPC; it is left alone.`,
      );
    }
  }
  if (found && onExisting === 'fail') {
    refuse([
      {
        field: 'onExisting',
        message: `${vpcId} already has the EKS endpoint ${
          found.VpcEndpointId
        } (${endpointState(found)}, private DNS ${
          found.PrivateDnsEnabled ? 'on' : 'off'
        }) and onExisting is fail. Set onExisting to reuse (keep it) or update (change its subnets and groups), or delete it first with aws:eks:privatelink:delete.`,
      },
    ]);
  }
  let action: Plan['action'] = 'create';
  if (found) {
    action = onExisting === 'update' ? 'update' : 'reuse';
  }
  const existing: InventoryEndpoint | null = found
    ? toInventoryEndpoint(found, new Date(options.now?.() ?? Date.now()))
    : null;

  const refusals: Refusal[] = [];
  const subnetAvailabilityZones: Record<string, string> = {};

  // Subnets: the ones given are checked even when an endpoint is reused, so a
  // typo is reported rather than silently ignored.
  const givenSubnets = (request.subnetIds ?? []).length > 0;
  let targetSubnets: Subnet[] = [];
  if (givenSubnets || action === 'create') {
    const { subnets, refusals: subnetRefusals } = await describeSubnets(
      client,
      request,
      options,
    );
    refusals.push(...subnetRefusals);
    for (const s of subnets) {
      if (s.SubnetId && s.AvailabilityZone) {
        subnetAvailabilityZones[s.SubnetId] = s.AvailabilityZone;
      }
    }
    if (givenSubnets && subnetRefusals.length === 0) {
      const foreign = subnets.filter(s => s.VpcId !== vpcId);
      for (const s of foreign) {
        refusals.push({
          field: 'subnetIds',
          message: `subnetIds: ${s.SubnetId} belongs to ${s.VpcId}, not ${vpcId}; an endpoint's subnets must be in its own VPC — pick a subnet of ${vpcId}.`,
        });
      }
      const own = subnets.filter(s => s.VpcId === vpcId);
      refusals.push(
        ...checkSubnetZones(
          own.map(s => ({
            subnetId: s.SubnetId!,
            availabilityZone: s.AvailabilityZone!,
          })),
          rules,
        ),
      );
      if (ipAddressType !== 'ipv4') {
        for (const s of own.filter(x => !hasIpv6(x))) {
          refusals.push({
            field: 'subnetIds',
            message: `subnetIds: ${s.SubnetId} has no IPv6 CIDR block, which an ${ipAddressType} endpoint needs — add one to the subnet or use ipAddressType ipv4.`,
          });
        }
      }
      targetSubnets = own;
    } else if (!givenSubnets) {
      targetSubnets = chooseSubnets(subnets, supportedAzs, ipAddressType);
      if (targetSubnets.length === 0) {
        refusals.push({
          field: 'subnetIds',
          message: `subnetIds: ${vpcId} has no ${
            ipAddressType === 'ipv4' ? '' : 'IPv6-enabled '
          }subnet in an Availability Zone where ${serviceName} is offered${
            supportedAzs ? ` (${supportedAzs.join(', ')})` : ''
          }. Create a subnet in one of them, then run again or pass it in subnetIds.`,
        });
      } else {
        notes.push(
          `Subnets chosen, one per supported Availability Zone (lowest subnet id in each): ${describeSubnetChoice(
            targetSubnets,
          )}.`,
        );
      }
    }
  }

  // Security groups.
  const givenGroupIds = request.securityGroupIds ?? [];
  if (givenGroupIds.length > 0) {
    refusals.push(
      ...(await describeGivenSecurityGroups(
        client,
        request,
        givenGroupIds,
        options,
      )),
    );
  }
  const wantManagedGroup =
    action === 'create'
      ? request.createSecurityGroup ?? givenGroupIds.length === 0
      : action === 'update' && request.createSecurityGroup === true;
  if (
    action === 'create' &&
    givenGroupIds.length === 0 &&
    request.createSecurityGroup === false
  ) {
    notes.push(
      "No security group given and createSecurityGroup is false: AWS attaches the VPC's default group, which admits only its own members — callers elsewhere in the VPC reach the endpoint on TCP 443 only if that group allows them.",
    );
  }
  if (action === 'reuse' && request.createSecurityGroup === true) {
    notes.push(
      `createSecurityGroup is ignored: ${
        existing!.vpcEndpointId
      } is reused as it is (onExisting: update would add the group).`,
    );
  }
  let managedSecurityGroupId: string | null = null;
  const groupName = managedSecurityGroupName(vpcId);
  if (wantManagedGroup) {
    const group = await read('ec2:DescribeSecurityGroups', request, () =>
      findSecurityGroupByName(client, vpcId, groupName, options),
    );
    if (group?.GroupId) {
      managedSecurityGroupId = group.GroupId;
      notes.push(
        `Using ${group.GroupId} (${groupName}), the security group an earlier run created, instead of creating another.`,
      );
    }
  }

  // VPC DNS attributes matter only where the endpoint has private DNS.
  const privateDnsEnabled = existing
    ? existing.privateDnsEnabled
    : wantPrivateDns;
  let vpcDns: Plan['vpcDns'] = null;
  const manageVpcDns = request.manageVpcDns ?? true;
  if (privateDnsEnabled) {
    vpcDns = await read('ec2:DescribeVpcAttribute', request, () =>
      readVpcDnsAttributes(client, vpcId),
    );
    const dnsRefusal = checkPrivateDns(
      {
        privateDnsEnabled,
        manageVpcDns,
        dnsSupport: vpcDns.dnsSupport,
        dnsHostnames: vpcDns.dnsHostnames,
        vpcId,
      },
      rules,
    );
    if (dnsRefusal && action === 'create') {
      refusals.push(dnsRefusal);
    } else if (dnsRefusal) {
      notes.push(
        `${
          existing!.vpcEndpointId
        } has private DNS on but ${vpcId} has a DNS attribute off, so eks.${region}.amazonaws.com does not resolve to it; set manageVpcDns to true to fix that.`,
      );
    }
  }

  if (refusals.length > 0) {
    refuse(refusals);
  }

  const changes: PlannedChange[] = [];
  const keyOf = (kind: string) => `eks-privatelink.${vpcId}.${kind}`;
  if (vpcDns && manageVpcDns) {
    if (!vpcDns.dnsSupport) {
      changes.push({
        kind: 'enableDnsSupport',
        key: keyOf('enableDnsSupport'),
        description: `Turn on enableDnsSupport of ${vpcId} (private DNS needs it)`,
        vpcId,
      });
    }
    if (!vpcDns.dnsHostnames) {
      changes.push({
        kind: 'enableDnsHostnames',
        key: keyOf('enableDnsHostnames'),
        description: `Turn on enableDnsHostnames of ${vpcId} (private DNS needs it)`,
        vpcId,
      });
    }
  }
  const createsGroup = wantManagedGroup && managedSecurityGroupId === null;
  const userTags = request.tags ?? {};
  if (createsGroup) {
    const ingressIpv6Cidrs = ipAddressType === 'ipv4' ? [] : cidrs.ipv6;
    changes.push({
      kind: 'createSecurityGroup',
      key: keyOf('createSecurityGroup'),
      description: `Create security group ${groupName} allowing TCP 443 from ${[
        ...cidrs.ipv4,
        ...ingressIpv6Cidrs,
      ].join(', ')}`,
      vpcId,
      groupName,
      groupDescription: `EKS API interface endpoint of ${vpcId}: TCP 443 from the VPC`,
      ingressCidrs: cidrs.ipv4,
      ingressIpv6Cidrs,
      tags: managedSecurityGroupTags(vpcId, userTags),
    });
  }

  const groupIds = [
    ...givenGroupIds,
    ...(managedSecurityGroupId ? [managedSecurityGroupId] : []),
  ];
  let planSubnetIds: string[];
  let planGroupIds: string[];

  if (action === 'create') {
    const parameters: CreateEndpointParameters = {
      vpcId,
      serviceName,
      subnetIds: targetSubnets.map(s => s.SubnetId!),
      securityGroupIds: groupIds,
      privateDnsEnabled,
      ipAddressType,
      policyDocument: policyDocumentText(request.policyDocument),
      tags: managedEndpointTags(vpcId, userTags),
    };
    const history = all
      .filter(e => !ACTIVE_ENDPOINT_STATES.includes(endpointState(e)))
      .map(e => e.VpcEndpointId!)
      .filter(Boolean);
    const waitForDeletion = all
      .filter(e => endpointState(e) === 'deleting')
      .map(e => e.VpcEndpointId!)
      .filter(Boolean);
    if (waitForDeletion.length > 0) {
      notes.push(
        `${waitForDeletion.join(', ')} in this VPC ${
          waitForDeletion.length > 1 ? 'are' : 'is'
        } still deleting; the create waits until ${
          waitForDeletion.length > 1 ? 'they are' : 'it is'
        } gone, because private DNS names cannot be shared.`,
      );
    }
    changes.push({
      kind: 'createEndpoint',
      key: keyOf('createEndpoint'),
      description: `Create the interface endpoint for ${serviceName} in ${
        parameters.subnetIds.length
      } subnet${
        parameters.subnetIds.length === 1 ? '' : 's'
      } (${parameters.subnetIds.join(', ')}), private DNS ${
        privateDnsEnabled ? 'on' : 'off'
      }, ${ipAddressType}`,
      parameters,
      withCreatedSecurityGroup: createsGroup,
      clientToken: createsGroup
        ? null
        : endpointClientToken({ accountId, region, parameters, history }),
      history,
      waitForDeletion,
    });
    planSubnetIds = parameters.subnetIds;
    planGroupIds = groupIds;
  } else {
    planSubnetIds = existing!.subnetIds;
    planGroupIds = existing!.securityGroupIds;
    const differences: string[] = [];
    if (givenSubnets && !sameMembers(existing!.subnetIds, request.subnetIds!)) {
      differences.push(
        `subnets ${
          existing!.subnetIds.join(', ') || 'none'
        } (asked: ${request.subnetIds!.join(', ')})`,
      );
    }
    if (
      givenGroupIds.length > 0 &&
      !sameMembers(existing!.securityGroupIds, givenGroupIds)
    ) {
      differences.push(
        `security groups ${
          existing!.securityGroupIds.join(', ') || 'none'
        } (asked: ${givenGroupIds.join(', ')})`,
      );
    }
    if (
      request.privateDnsEnabled !== undefined &&
      request.privateDnsEnabled !== existing!.privateDnsEnabled
    ) {
      differences.push(
        `private DNS ${existing!.privateDnsEnabled ? 'on' : 'off'} (asked: ${
          request.privateDnsEnabled ? 'on' : 'off'
        })`,
      );
    }
    if (
      request.ipAddressType !== undefined &&
      request.ipAddressType !== existing!.ipAddressType
    ) {
      differences.push(
        `IP address type ${existing!.ipAddressType} (asked: ${
          request.ipAddressType
        })`,
      );
    }
    if (action === 'reuse') {
      notes.push(
        differences.length > 0
          ? `Reusing ${
              existing!.vpcEndpointId
            } as it is, although it differs: ${differences.join(
              '; ',
            )}. Set onExisting to update to change its subnets and security groups.`
          : `Reusing ${existing!.vpcEndpointId}; nothing to create.`,
      );
    } else {
      const addSubnetIds = givenSubnets
        ? request.subnetIds!.filter(id => !existing!.subnetIds.includes(id))
        : [];
      const removeSubnetIds = givenSubnets
        ? existing!.subnetIds.filter(id => !request.subnetIds!.includes(id))
        : [];
      // Groups change only when asked: given groups replace the endpoint's,
      // createSecurityGroup: true adds the managed group to them.
      let targetGroups = existing!.securityGroupIds;
      if (givenGroupIds.length > 0) {
        targetGroups = groupIds;
      } else if (request.createSecurityGroup === true) {
        targetGroups = [
          ...new Set([...existing!.securityGroupIds, ...groupIds]),
        ];
      }
      const addSecurityGroupIds = targetGroups.filter(
        id => !existing!.securityGroupIds.includes(id),
      );
      const removeSecurityGroupIds =
        givenGroupIds.length > 0
          ? existing!.securityGroupIds.filter(id => !targetGroups.includes(id))
          : [];
      if (
        addSubnetIds.length +
          removeSubnetIds.length +
          addSecurityGroupIds.length +
          removeSecurityGroupIds.length >
          0 ||
        createsGroup
      ) {
        changes.push({
          kind: 'modifyEndpoint',
          key: keyOf('modifyEndpoint'),
          description: `Update ${existing!.vpcEndpointId}: ${[
            addSubnetIds.length ? `add subnets ${addSubnetIds.join(', ')}` : '',
            removeSubnetIds.length
              ? `remove subnets ${removeSubnetIds.join(', ')}`
              : '',
            addSecurityGroupIds.length || createsGroup
              ? `add security groups ${[
                  ...addSecurityGroupIds,
                  ...(createsGroup ? [groupName] : []),
                ].join(', ')}`
              : '',
            removeSecurityGroupIds.length
              ? `remove security groups ${removeSecurityGroupIds.join(', ')}`
              : '',
          ]
            .filter(Boolean)
            .join('; ')}`,
          vpcEndpointId: existing!.vpcEndpointId,
          addSubnetIds,
          removeSubnetIds,
          addSecurityGroupIds,
          removeSecurityGroupIds,
          addCreatedSecurityGroup: createsGroup,
        });
        planSubnetIds = givenSubnets ? request.subnetIds! : existing!.subnetIds;
        planGroupIds = targetGroups;
      } else {
        notes.push(
          `${
            existing!.vpcEndpointId
          } already has the subnets and security groups asked for; nothing to update.`,
        );
      }
      const unchangeable = differences.filter(
        d => d.startsWith('private DNS') || d.startsWith('IP address type'),
      );
      if (unchangeable.length > 0) {
        notes.push(
          `Not changed by update: ${unchangeable.join(
            '; ',
          )}. Delete the endpoint and create it again to change these.`,
        );
      }
    }
  }

  if (request.flowLogs) {
    changes.push({
      kind: 'createFlowLogs',
      key: keyOf('createFlowLogs'),
      description: `Publish flow logs (${
        request.flowLogs.trafficType ?? 'ALL'
      } traffic) of the endpoint's network interfaces to ${
        request.flowLogs.destination
      }`,
      flowLogs: request.flowLogs,
    });
  }

  const mappedZones = planSubnetIds.map(id => subnetAvailabilityZones[id]);
  const availabilityZones =
    existing && !mappedZones.every(Boolean)
      ? existing.availabilityZones
      : [...new Set(mappedZones)].sort();
  return {
    vpcId,
    region,
    accountId,
    vpcOwnerId: vpc.OwnerId ?? null,
    serviceName,
    action,
    existingEndpoint: existing,
    subnetIds: planSubnetIds,
    availabilityZones,
    subnetAvailabilityZones,
    securityGroupIds: planGroupIds,
    managedSecurityGroupId,
    privateDnsEnabled,
    ipAddressType: existing
      ? (existing.ipAddressType as EndpointIpAddressType)
      : ipAddressType,
    vpcDns,
    changes,
    notes,
  };
}
