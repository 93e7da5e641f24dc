import {
  CreateTagsCommand,
  DeleteTagsCommand,
  ModifyVpcEndpointCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { JsonValue } from '@backstage/types';
import {
  createTagsInput,
  deleteTagsInput,
  modifyEndpointInput,
  revertModifyEndpointInput,
  updateCalls,
  type UpdateCall,
} from './commands';
import type { DryRunProbes } from './dryRunProbe';
import type { ModifyEndpointChange } from './types';

/**
 * Runs one update call at most once per task; an IAM denial becomes a
 * refusal naming what to grant.
 */
export type OnceCall = <T extends JsonValue | void>(
  call: UpdateCall,
  fn: () => Promise<T>,
) => Promise<T>;

/**
 * Makes the calls of a `modifyEndpoint` change. `createdGroupId` is the
 * group this plan's `createSecurityGroup` made. Resolves true when
 * `ModifyVpcEndpoint` was sent, after which the endpoint is waited for:
 * AWS takes it through `pending` while it moves network interfaces or DNS.
 */
export async function applyEndpointUpdate(
  client: EC2Client,
  change: ModifyEndpointChange,
  createdGroupId: string | null,
  run: { once: OnceCall; signal?: AbortSignal },
): Promise<boolean> {
  const send = {
    modify: () =>
      client.send(
        new ModifyVpcEndpointCommand(
          modifyEndpointInput(change, createdGroupId),
        ),
        { abortSignal: run.signal },
      ),
    createTags: () =>
      client.send(new CreateTagsCommand(createTagsInput(change)), {
        abortSignal: run.signal,
      }),
    deleteTags: () =>
      client.send(new DeleteTagsCommand(deleteTagsInput(change)), {
        abortSignal: run.signal,
      }),
  };
  let modified = false;
  for (const call of updateCalls(change)) {
    run.signal?.throwIfAborted();
    await run.once(call, async () => {
      await send[call.kind]();
      return true;
    });
    modified ||= call.kind === 'modify';
  }
  return modified;
}

/**
 * The dry run of {@link applyEndpointUpdate}: each call is sent as the real
 * run sends it, with `DryRun: true`. `standIn` is the VPC's default group in
 * place of a group only the real run makes. Should an emulator ignore
 * `DryRun` on `ModifyVpcEndpoint` and really make the change, the inverse
 * change puts `before` back. Resolves true when every call was permitted;
 * refusals are kept in `probes`.
 */
export async function probeEndpointUpdate(
  client: EC2Client,
  change: ModifyEndpointChange,
  run: {
    before: InventoryEndpoint | null;
    standIn?: string;
    probes: DryRunProbes;
    signal?: AbortSignal;
  },
): Promise<boolean> {
  const { before, standIn, probes } = run;
  const sent = { abortSignal: run.signal };
  const probe = (call: UpdateCall): Promise<boolean> => {
    const { operation, actions } = call;
    switch (call.kind) {
      case 'modify':
        return probes.probe({
          operation,
          actions,
          standIn,
          send: () =>
            client.send(
              new ModifyVpcEndpointCommand({
                ...modifyEndpointInput(change, standIn ?? null),
                DryRun: true,
              }),
              sent,
            ),
          undo: before
            ? async () => {
                await client.send(
                  new ModifyVpcEndpointCommand(
                    revertModifyEndpointInput(change, before, standIn ?? null),
                  ),
                  sent,
                );
              }
            : undefined,
        });
      case 'createTags':
        return probes.probe({
          operation,
          actions,
          send: () =>
            client.send(
              new CreateTagsCommand({
                ...createTagsInput(change),
                DryRun: true,
              }),
              sent,
            ),
        });
      case 'deleteTags':
        return probes.probe({
          operation,
          actions,
          send: () =>
            client.send(
              new DeleteTagsCommand({
                ...deleteTagsInput(change),
                DryRun: true,
              }),
              sent,
            ),
        });
      default:
        throw new Error(`Unknown update call ${(call as UpdateCall).kind}`);
    }
  };
  let permitted = true;
  for (const call of updateCalls(change)) {
    permitted = (await probe(call)) && permitted;
  }
  return permitted;
}
