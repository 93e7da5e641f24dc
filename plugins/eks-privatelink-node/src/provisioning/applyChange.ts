/**
 * One planned change of a real apply, before the wait: the VPC DNS
 * attribute steps, the create steps (applyCreateSteps.ts), and the in-place
 * update of an existing endpoint (applyUpdate.ts).
 */
import { ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import {
  authorizeIngress,
  createEndpoint,
  createManagedGroup,
} from './applyCreateSteps';
import { once, onceFor, type RealRun } from './applyRun';
import { applyEndpointUpdate } from './applyUpdate';
import { enableVpcDnsInput } from './commands';
import type { CreateFlowLogsChange, PlannedChange } from './types';
import { waitForEndpointDeleted } from './waitForEndpoint';

/** Makes one change before the wait; returns what the step log shows. */
export async function makeChange(
  run: RealRun,
  change: Exclude<PlannedChange, CreateFlowLogsChange>,
): Promise<string | undefined> {
  const { client, options } = run;
  const groupId = run.securityGroupId;
  switch (change.kind) {
    case 'enableDnsSupport':
    case 'enableDnsHostnames':
      await once(run, change, 'ModifyVpcAttribute', async () => {
        await client.send(
          new ModifyVpcAttributeCommand(enableVpcDnsInput(change)),
          { abortSignal: options.signal },
        );
        return true;
      });
      return undefined;
    case 'createSecurityGroup':
      run.securityGroupId = await once(run, change, 'CreateSecurityGroup', () =>
        createManagedGroup(run, change),
      );
      return run.securityGroupId;
    case 'authorizeIngress':
      await once(run, change, 'AuthorizeSecurityGroupIngress', async () => {
        await authorizeIngress(run, change, change.groupId);
        return true;
      });
      return change.groupId;
    case 'createEndpoint':
      for (const id of change.waitForDeletion) {
        options.logger?.info(`Waiting for ${id} to finish deleting`);
        await waitForEndpointDeleted(client, id, options);
      }
      run.endpointId = (
        await once(run, change, 'CreateVpcEndpoint', () =>
          createEndpoint(run, change, groupId),
        )
      ).vpcEndpointId;
      run.created = true;
      return run.endpointId;
    case 'modifyEndpoint':
      run.modified = await applyEndpointUpdate(client, change, groupId, {
        signal: options.signal,
        once: (call, fn) => onceFor(run, call, fn),
      });
      return undefined;
    default:
      throw new Error(`Unknown change ${(change as PlannedChange).kind}`);
  }
}
