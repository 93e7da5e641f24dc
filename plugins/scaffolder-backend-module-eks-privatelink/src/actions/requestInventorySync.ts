import type { LoggerService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { normalizePolicyDocument } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type {
  AppliedEndpointReport,
  ApplyResult,
  EksPrivateLinkInventoryClient,
  Plan,
  ResolvedVpc,
  SyncVpcOptions,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';

/** How long the inventory may take to answer before the action moves on. */
const SYNC_TIMEOUT_MS = 10_000;

// States in which the endpoint does not hold what the action applied.
const NOT_APPLIED = new Set(['failed', 'rejected', 'deleting', 'deleted']);

/**
 * What a create or update run set on the endpoint, for the inventory to
 * compare later syncs with; undefined for a dry run, a reuse (which keeps
 * the endpoint as it was) and an endpoint that did not come up.
 */
export function appliedReport(
  plan: Plan,
  result: ApplyResult,
  allowedSources: string[] | undefined,
): AppliedEndpointReport | undefined {
  const endpoint = result.endpoint;
  if (
    result.dryRun ||
    plan.action === 'reuse' ||
    !endpoint ||
    NOT_APPLIED.has(endpoint.state)
  ) {
    return undefined;
  }
  const create = plan.changes.find(c => c.kind === 'createEndpoint');
  const modify = plan.changes.find(c => c.kind === 'modifyEndpoint');
  let policyDocument: string | null;
  if (create?.kind === 'createEndpoint') {
    policyDocument = create.parameters.policyDocument;
  } else if (modify?.kind === 'modifyEndpoint' && modify.resetPolicy) {
    policyDocument = null;
  } else if (modify?.kind === 'modifyEndpoint' && modify.policyDocument) {
    policyDocument = modify.policyDocument;
  } else {
    policyDocument = plan.existingEndpoint?.policyDocument ?? null;
  }
  const securityGroupIds = [
    ...new Set([
      ...plan.securityGroupIds,
      ...(result.securityGroupId ? [result.securityGroupId] : []),
    ]),
  ];
  return {
    vpcEndpointId: endpoint.vpcEndpointId,
    serviceName: plan.serviceName,
    subnetIds: plan.subnetIds,
    securityGroupIds,
    privateDnsEnabled: plan.privateDnsEnabled,
    // AWS's default document is full access, which the inventory calls null.
    policyDocument:
      normalizePolicyDocument(policyDocument) === null ? null : policyDocument,
    allowedSources: result.securityGroupId ? allowedSources ?? [] : [],
  };
}

/**
 * Asks the inventory backend to re-read a VPC's endpoint now, so the entity
 * card shows the change without waiting for the next scheduled sync, and
 * tells it what the action applied or deleted.
 * Best-effort: the endpoint is already made, so a failure here is logged as
 * a warning and never fails the task.
 */
export async function requestInventorySync(
  inventory: Pick<EksPrivateLinkInventoryClient, 'syncVpc'>,
  logger: LoggerService,
  vpc: ResolvedVpc,
  changes: Pick<SyncVpcOptions, 'applied' | 'deletedEndpointIds'> = {},
): Promise<void> {
  try {
    await inventory.syncVpc(vpc, { timeoutMs: SYNC_TIMEOUT_MS, ...changes });
    logger.info(`Asked the EKS PrivateLink inventory to refresh ${vpc.vpcId}`);
  } catch (error) {
    const later =
      'the entity card shows the change after the next scheduled sync.';
    logger.warn(
      error instanceof ResponseError
        ? `The EKS PrivateLink inventory did not refresh ${vpc.vpcId} (HTTP ${error.statusCode}); ${later}`
        : `Could not reach the EKS PrivateLink inventory to refresh ${
            vpc.vpcId
          } (${(error as Error).message}); ${later}`,
    );
  }
}
