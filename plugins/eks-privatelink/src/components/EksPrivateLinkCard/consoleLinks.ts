/** The VPC console page of one endpoint. */
export function endpointConsoleUrl(region: string, vpcEndpointId: string) {
  return `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#EndpointDetails:vpcEndpointId=${vpcEndpointId}`;
}

/** The template that creates the endpoint, with this VPC already chosen. */
export function createEndpointTemplatePath(entityRef: string) {
  return `/create/templates/default/eks-privatelink-endpoint?formData=${encodeURIComponent(
    JSON.stringify({ vpc: entityRef }),
  )}`;
}

/** The EKS user guide page about the cluster's private API server endpoint. */
export const CLUSTER_ENDPOINT_DOCS_URL =
  'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html';

/** The AWS PrivateLink pricing page. */
export const PRIVATELINK_PRICING_URL =
  'https://aws.amazon.com/privatelink/pricing/';
