/**
 * Deleting the endpoints a delete selected, and waiting until they are gone.
 * `DeleteVpcEndpoints` reports per-endpoint failures instead of throwing;
 * an endpoint already gone counts as deleted.
 */
import { DeleteVpcEndpointsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { redactAwsText } from '../errors';
import { checkpointKey, runDirectly } from './checkpoint';
import type { Found } from './deletePlan';
import type {
  DeleteEndpointOptions,
  DeleteEndpointRequest,
} from './deleteTypes';
import { refuseIamDenial } from './iamDenial';
import { requestService, requestServiceLabel } from './requestService';
import { waitForEndpointDeleted } from './waitForEndpoint';

/** Deletes the endpoints and, unless told not to, waits until they are gone. */
export async function deleteAndWait(
  client: EC2Client,
  request: DeleteEndpointRequest,
  found: Found,
  options: DeleteEndpointOptions,
  notes: string[],
): Promise<string[]> {
  const { toDelete } = found;
  const log = options.logger;
  if (toDelete.length > 0) {
    const checkpoint = options.checkpoint ?? runDirectly;
    const key = checkpointKey(
      request.vpcId,
      'deleteEndpoints',
      requestService(request),
    );
    await checkpoint(key, () =>
      refuseIamDenial(
        request,
        'DeleteVpcEndpoints',
        ['ec2:DeleteVpcEndpoints'],
        () => deleteEndpoints(client, toDelete, options),
      ),
    );
    log?.info(`Deleting ${toDelete.join(', ')}`);
  }
  const gone = [...toDelete, ...found.deleting];
  if (gone.length === 0) {
    notes.push(
      `${request.vpcId} has no ${requestServiceLabel(request)} endpoint${
        found.unmanaged.length > 0 ? ' the portal manages' : ''
      }; nothing to delete.`,
    );
  } else if (options.wait === false) {
    notes.push(
      `Not waiting (wait: false): ${gone.join(
        ', ',
      )} may still be deleting, so the managed security group is deleted only if nothing holds it any more.`,
    );
  }
  if (options.wait !== false) {
    for (const id of gone) {
      await waitForEndpointDeleted(client, id, options);
    }
  }
  return gone;
}

async function deleteEndpoints(
  client: EC2Client,
  ids: string[],
  options: DeleteEndpointOptions,
): Promise<string[]> {
  const response = await client.send(
    new DeleteVpcEndpointsCommand({ VpcEndpointIds: ids }),
    { abortSignal: options.signal },
  );
  const failures = (response.Unsuccessful ?? []).filter(
    u => u.Error?.Code !== 'InvalidVpcEndpointId.NotFound',
  );
  if (failures.length > 0) {
    throw new Error(
      `AWS did not delete ${failures
        .map(
          u =>
            `${u.ResourceId} (${u.Error?.Code}: ${redactAwsText(
              u.Error?.Message ?? '',
            )})`,
        )
        .join(
          ', ',
        )}. Check the endpoint in the VPC console and run the delete again.`,
    );
  }
  return ids;
}
