import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples shown in the template editor's action list. */
export const examples: TemplateExample[] = [
  {
    description:
      'Delete the EKS endpoint of the VPC picked in the form, and the security group the create action made for it.',
    example: `steps:
  - id: eks-endpoint-delete
    name: Delete the EKS API endpoint
    action: aws:eks:privatelink:delete
    input:
      vpc: \${{ parameters.vpc }}
`,
  },
  {
    description:
      'Delete by VPC id and region without waiting; a later run removes the security group once the endpoint is gone.',
    example: `steps:
  - id: eks-endpoint-delete
    action: aws:eks:privatelink:delete
    input:
      vpcId: vpc-0a1b2c3d4e5f67890
      region: us-west-2
      accountId: '123456789012'
      wait: false
`,
  },
  {
    description:
      'Delete an EKS endpoint of the VPC that the portal did not make (created in the console or by Terraform): name it and opt in.',
    example: `steps:
  - id: eks-endpoint-delete-unmanaged
    action: aws:eks:privatelink:delete
    input:
      vpc: \${{ parameters.vpc }}
      vpcEndpointId: vpce-0123456789abcdef0
      includeUnmanaged: true
`,
  },
  {
    description:
      'Delete the EKS Pod Identity (eks-auth) endpoint the portal made; the EKS API endpoint and the security group it still uses stay.',
    example: `steps:
  - id: eks-auth-endpoint-delete
    action: aws:eks:privatelink:delete
    input:
      vpc: \${{ parameters.vpc }}
      service: eks-auth
`,
  },
];
