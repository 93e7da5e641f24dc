/**
 * The dry run of a delete: probes `DeleteVpcEndpoints` and
 * `DeleteSecurityGroup` with `DryRun: true` and reports what would go.
 */
import {
  DeleteSecurityGroupCommand,
  DeleteVpcEndpointsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { awsErrorCode } from '../errors';
import type { Found } from './deletePlan';
import type {
  DeleteEndpointOptions,
  DeleteEndpointRequest,
  DeleteEndpointResult,
} from './deleteTypes';
import { DryRunProbes } from './dryRunProbe';
import { throwRefusals } from './errors';
import { requestServiceLabel } from './requestService';

export async function dryRunDelete(
  client: EC2Client,
  request: DeleteEndpointRequest,
  { toDelete, deleting, groupIds, unmanaged, notes }: Found,
  options: DeleteEndpointOptions,
): Promise<DeleteEndpointResult> {
  const probes = new DryRunProbes(request);
  // A group or endpoint that is already gone only means less to delete.
  const gone = (error: unknown) =>
    ['InvalidGroup.NotFound', 'InvalidVpcEndpointId.NotFound'].includes(
      awsErrorCode(error) ?? '',
    );
  if (toDelete.length > 0) {
    await probes.probe({
      operation: 'DeleteVpcEndpoints',
      actions: ['ec2:DeleteVpcEndpoints'],
      tolerated: gone,
      send: () =>
        client.send(
          new DeleteVpcEndpointsCommand({
            DryRun: true,
            VpcEndpointIds: toDelete,
          }),
          { abortSignal: options.signal },
        ),
    });
  }
  for (const groupId of groupIds) {
    await probes.probe({
      operation: 'DeleteSecurityGroup',
      actions: ['ec2:DeleteSecurityGroup'],
      tolerated: gone,
      send: () =>
        client.send(
          new DeleteSecurityGroupCommand({ DryRun: true, GroupId: groupId }),
          { abortSignal: options.signal },
        ),
    });
  }
  throwRefusals(probes.refusals);
  const ids = [...toDelete, ...deleting];
  options.logger?.info(
    ids.length > 0
      ? `[dry run] Would delete ${ids.join(', ')}${
          groupIds.length ? ` and security group ${groupIds.join(', ')}` : ''
        }`
      : `[dry run] ${request.vpcId} has no ${requestServiceLabel(
          request,
        )} endpoint${
          groupIds.length
            ? `; would delete security group ${groupIds.join(', ')}`
            : ''
        }`,
  );
  return {
    dryRun: true,
    vpcEndpointIds: ids,
    alreadyGone: ids.length === 0,
    securityGroupIds: groupIds,
    unmanagedEndpointIds: unmanaged,
    notes: [...notes, ...probes.notes],
  };
}
