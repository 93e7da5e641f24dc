/**
 * Deleting the EKS endpoint(s) of a VPC: the entry point that runs the
 * steps in order. Finding what to delete is in deletePlan.ts, the delete and
 * wait in deleteAndWait.ts, the managed group's removal in
 * deleteManagedGroup.ts, the dry run in dryRunDelete.ts.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { deleteAndWait } from './deleteAndWait';
import { deleteGroup } from './deleteManagedGroup';
import { findWhatToDelete } from './deletePlan';
import type {
  DeleteEndpointOptions,
  DeleteEndpointRequest,
  DeleteEndpointResult,
} from './deleteTypes';
import { dryRunDelete } from './dryRunDelete';
import { refuseIamDenial } from './iamDenial';

export type {
  DeleteEndpointOptions,
  DeleteEndpointRequest,
  DeleteEndpointResult,
} from './deleteTypes';

/**
 * Deletes the EKS interface endpoint(s) of a VPC and the security group the
 * create action made for them (found by its tags, so no one else's group is
 * touched). Already gone is success.
 *
 * `DeleteVpcEndpoints` reports per-endpoint failures in `Unsuccessful[]`
 * rather than throwing; `InvalidVpcEndpointId.NotFound` there means done.
 * Endpoints already `deleting` are only waited for. An unknown VPC is
 * refused.
 *
 * @public
 */
export async function deleteEksEndpoint(
  client: EC2Client,
  request: DeleteEndpointRequest,
  options: DeleteEndpointOptions = {},
): Promise<DeleteEndpointResult> {
  const found = await findWhatToDelete(client, request, options);
  if (options.dryRun) {
    return dryRunDelete(client, request, found, options);
  }
  const notes = [...found.notes];
  const gone = await deleteAndWait(client, request, found, options, notes);
  const deletedGroups: string[] = [];
  for (const groupId of found.groupIds) {
    const deleted = await refuseIamDenial(
      request,
      'DeleteSecurityGroup',
      ['ec2:DeleteSecurityGroup'],
      () => deleteGroup(client, groupId, options.wait ?? true, options),
    );
    if (deleted) {
      deletedGroups.push(groupId);
      options.logger?.info(`Deleted security group ${groupId}`);
    } else {
      notes.push(
        `${groupId} is still in use (the endpoint's network interfaces hold it until they are gone); run the delete again later to remove it.`,
      );
    }
  }
  return {
    dryRun: false,
    vpcEndpointIds: gone,
    alreadyGone: gone.length === 0,
    securityGroupIds: deletedGroups,
    unmanagedEndpointIds: found.unmanaged,
    notes,
  };
}
