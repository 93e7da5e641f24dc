/** The VPC console page of one endpoint. */
export function endpointConsoleUrl(region: string, vpcEndpointId: string) {
  return `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#EndpointDetails:vpcEndpointId=${vpcEndpointId}`;
}

/**
 * Choices of the create template (templates/eks-privatelink-endpoint) to
 * fill in besides the VPC: which endpoints (`services`) and what to do with
 * one that exists (`onExisting`).
 */
export interface CreateTemplateChoices {
  services?: 'eks' | 'eks-auth' | 'both';
  onExisting?: 'reuse' | 'update' | 'fail';
}

/** The template that creates the endpoint, with this VPC already chosen. */
export function createEndpointTemplatePath(
  entityRef: string,
  choices: CreateTemplateChoices = {},
) {
  return `/create/templates/default/eks-privatelink-endpoint?formData=${encodeURIComponent(
    JSON.stringify({ vpc: entityRef, ...choices }),
  )}`;
}

/** The EKS user guide page about clusters without outbound internet access. */
export const PRIVATE_CLUSTERS_DOCS_URL =
  'https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html';

/** The EKS user guide page about the cluster's private API server endpoint. */
export const CLUSTER_ENDPOINT_DOCS_URL =
  'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html';

/** The AWS PrivateLink pricing page. */
export const PRIVATELINK_PRICING_URL =
  'https://aws.amazon.com/privatelink/pricing/';
