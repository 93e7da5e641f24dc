import type { Vpc } from '@aws-sdk/client-ec2';
import {
  EKS_ANNOTATIONS,
  type Refusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { EndpointRequest } from '../types';

/**
 * Refuses a change to a VPC another account owns: a participant of a shared
 * VPC can't create or modify interface endpoints there (AWS answers
 * "This operation does not support shared VPCs", which reads like a missing
 * IAM permission). Only the owner account can. Without `accountId` the
 * account the credentials belong to is not known here, and AWS's own answer
 * decides (`iamDenial` explains it).
 */
export function checkVpcOwner(request: EndpointRequest, vpc: Vpc): Refusal[] {
  const owner = vpc.OwnerId;
  if (!request.accountId || !owner || owner === request.accountId) {
    return [];
  }
  return [
    {
      field: 'vpcId',
      message: `vpcId: ${request.vpcId} is owned by account ${owner} and shared with ${request.accountId}; AWS lets only the owner create or change interface endpoints in a shared VPC. Run this from account ${owner}: give the VPC's entity the annotation ${EKS_ANNOTATIONS.accountId}: '${owner}' and configure credentials for ${owner} under aws.accounts.`,
    },
  ];
}
