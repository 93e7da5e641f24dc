/** The VPC console page of an endpoint. */
export function endpointConsoleUrl(
  region: string,
  vpcEndpointId: string,
): string {
  return `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#EndpointDetails:vpcEndpointId=${vpcEndpointId}`;
}

/** The VPC console's endpoint list, for a dry run that has no endpoint yet. */
export function endpointsConsoleUrl(region: string): string {
  return `https://${region}.console.aws.amazon.com/vpcconsole/home?region=${region}#Endpoints:`;
}
