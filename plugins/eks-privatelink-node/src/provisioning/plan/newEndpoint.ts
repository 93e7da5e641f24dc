import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import type { EndpointIpAddressType } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { checkpointKey } from '../checkpoint';
import { endpointClientToken } from '../clientToken';
import { ACTIVE_ENDPOINT_STATES, endpointState } from '../endpointState';
import { managedEndpointTags } from '../managedResources';
import { requestService, requestServiceName } from '../requestService';
import type {
  CreateEndpointChange,
  CreateEndpointParameters,
  EndpointRequest,
} from '../types';
import type { DnsPlan } from './dns';
import type { EndpointPlan, PlanContext } from './planContext';
import type { SecurityGroupPlan } from './securityGroups';
import type { SubnetPlan } from './subnets';

/** The policy document as EC2 takes it: a JSON string. */
function policyDocumentText(
  policyDocument: EndpointRequest['policyDocument'],
): string | null {
  if (policyDocument === undefined || policyDocument === null) {
    return null;
  }
  return typeof policyDocument === 'string'
    ? policyDocument
    : JSON.stringify(policyDocument);
}

function idsOf(endpoints: VpcEndpoint[]): string[] {
  return endpoints.map(e => e.VpcEndpointId!).filter(Boolean);
}

/**
 * The `CreateVpcEndpoint` of a plan. Its token is known now unless the
 * endpoint joins a group this plan creates; the real run derives it once
 * that group exists. Endpoints of the VPC that are gone or going count in
 * the token, and those still deleting are waited for, because private DNS
 * names cannot be shared.
 */
export function planNewEndpoint(
  { request, notes }: PlanContext,
  decided: {
    subnets: SubnetPlan;
    groups: SecurityGroupPlan;
    dns: DnsPlan;
    ipAddressType: EndpointIpAddressType;
    /** Every endpoint of the VPC for the request's service, in any state. */
    all: VpcEndpoint[];
  },
): EndpointPlan {
  const { vpcId, region } = request;
  const { groups, ipAddressType } = decided;
  const { privateDnsEnabled } = decided.dns;
  const service = requestService(request);
  const serviceName = requestServiceName(request);
  const parameters: CreateEndpointParameters = {
    vpcId,
    serviceName,
    subnetIds: decided.subnets.subnetIds,
    securityGroupIds: groups.groupIds,
    privateDnsEnabled,
    ipAddressType,
    policyDocument: policyDocumentText(request.policyDocument),
    tags: managedEndpointTags(vpcId, request.tags ?? {}, service),
  };
  const history = idsOf(
    decided.all.filter(e => !ACTIVE_ENDPOINT_STATES.includes(endpointState(e))),
  );
  const waitForDeletion = idsOf(
    decided.all.filter(e => endpointState(e) === 'deleting'),
  );
  if (waitForDeletion.length > 0) {
    const many = waitForDeletion.length > 1;
    notes.push(
      `${waitForDeletion.join(', ')} in this VPC ${
        many ? 'are' : 'is'
      } still deleting; the create waits until ${
        many ? 'they are' : 'it is'
      } gone, because private DNS names cannot be shared.`,
    );
  }
  const createsGroup = groups.createGroup !== null;
  const count = parameters.subnetIds.length;
  const change: CreateEndpointChange = {
    kind: 'createEndpoint',
    key: checkpointKey(vpcId, 'createEndpoint', service),
    description: `Create the interface endpoint for ${serviceName} in ${count} subnet${
      count === 1 ? '' : 's'
    } (${parameters.subnetIds.join(', ')}), private DNS ${
      privateDnsEnabled ? 'on' : 'off'
    }, ${ipAddressType}`,
    parameters,
    withCreatedSecurityGroup: createsGroup,
    clientToken: createsGroup
      ? null
      : endpointClientToken({
          accountId: request.accountId ?? null,
          region,
          parameters,
          history,
        }),
    history,
    waitForDeletion,
  };
  return {
    subnetIds: parameters.subnetIds,
    securityGroupIds: parameters.securityGroupIds,
    change,
  };
}
