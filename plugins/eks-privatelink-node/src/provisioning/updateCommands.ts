/**
 * The calls an in-place update makes, in order, each with its checkpoint key
 * and IAM actions, and the tag inputs of those calls.
 */
import type {
  CreateTagsCommandInput,
  DeleteTagsCommandInput,
} from '@aws-sdk/client-ec2';
import { toEc2Tags } from './managedResources';
import { modifiesEndpoint } from './plan/endpointUpdate';
import type { ModifyEndpointChange } from './types';

/** One call of an update: its checkpoint key, and what IAM must allow. */
export interface UpdateCall {
  kind: 'modify' | 'createTags' | 'deleteTags';
  key: string;
  operation: string;
  actions: string[];
}

/**
 * The calls of a `modifyEndpoint` change, in the order they run:
 * `ModifyVpcEndpoint` for what it can change, then `CreateTags` and
 * `DeleteTags`. Each has its own checkpoint key, so a task retried after a
 * crash makes only the calls that did not finish.
 */
export function updateCalls(change: ModifyEndpointChange): UpdateCall[] {
  const calls: UpdateCall[] = [];
  if (modifiesEndpoint(change)) {
    calls.push({
      kind: 'modify',
      key: change.key,
      operation: 'ModifyVpcEndpoint',
      actions: [
        'ec2:ModifyVpcEndpoint',
        ...(change.privateDnsEnabled
          ? ['route53:AssociateVPCWithHostedZone']
          : []),
      ],
    });
  }
  if (Object.keys(change.addTags).length > 0) {
    calls.push({
      kind: 'createTags',
      key: `${change.key}.createTags`,
      operation: 'CreateTags',
      actions: ['ec2:CreateTags'],
    });
  }
  if (change.removeTagKeys.length > 0) {
    calls.push({
      kind: 'deleteTags',
      key: `${change.key}.deleteTags`,
      operation: 'DeleteTags',
      actions: ['ec2:DeleteTags'],
    });
  }
  return calls;
}

/** `CreateTags` of an update: the tags to add or give a new value. */
export function createTagsInput(
  change: ModifyEndpointChange,
): CreateTagsCommandInput {
  return {
    Resources: [change.vpcEndpointId],
    Tags: toEc2Tags(change.addTags),
  };
}

/** `DeleteTags` of an update: the keys the request no longer has. */
export function deleteTagsInput(
  change: ModifyEndpointChange,
): DeleteTagsCommandInput {
  return {
    Resources: [change.vpcEndpointId],
    Tags: change.removeTagKeys.map(Key => ({ Key })),
  };
}
