/**
 * The `CreateFlowLogs` input for the endpoint's network interfaces (or the
 * VPC in a dry run), with an idempotency token derived from them.
 */
import type { CreateFlowLogsCommandInput } from '@aws-sdk/client-ec2';
import { createHash } from 'node:crypto';
import type { CreateFlowLogsChange } from './types';

function flowLogsToken(
  endpointId: string,
  change: CreateFlowLogsChange,
  eniIds: string[],
): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify({
        endpointId,
        eniIds,
        ...change.flowLogs,
        trafficType: change.flowLogs.trafficType ?? 'ALL',
      }),
    )
    .digest('hex');
  return `eks-privatelink-fl-${hash.slice(0, 45)}`;
}

/**
 * What flow logs are published for: the endpoint's network interfaces, or,
 * in a dry run before they exist, the VPC.
 */
export type FlowLogsResource =
  | { endpointId: string; networkInterfaceIds: string[] }
  | { vpcId: string };

/** `CreateFlowLogs`, with a token derived from the endpoint and its interfaces. */
export function createFlowLogsInput(
  change: CreateFlowLogsChange,
  resource: FlowLogsResource,
): CreateFlowLogsCommandInput {
  const { flowLogs } = change;
  const destination = {
    TrafficType: flowLogs.trafficType ?? 'ALL',
    LogDestinationType: flowLogs.destinationType,
    LogDestination: flowLogs.destination,
    DeliverLogsPermissionArn: flowLogs.deliverLogsPermissionArn,
  };
  if ('vpcId' in resource) {
    return {
      ...destination,
      ResourceType: 'VPC',
      ResourceIds: [resource.vpcId],
    };
  }
  const eniIds = [...resource.networkInterfaceIds].sort();
  return {
    ...destination,
    ResourceType: 'NetworkInterface',
    ResourceIds: eniIds,
    ClientToken: flowLogsToken(resource.endpointId, change, eniIds),
  };
}
