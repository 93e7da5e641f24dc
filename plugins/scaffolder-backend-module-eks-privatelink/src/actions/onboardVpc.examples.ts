import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples shown in the template editor's action list. */
export const examples: TemplateExample[] = [
  {
    description:
      'Put a VPC into the catalog from the form, then give it its EKS endpoint: the onboarding step waits until the catalog has the entity, so the endpoint step can name it.',
    example: `steps:
  - id: onboard
    name: Put the VPC into the catalog
    action: aws:eks:privatelink:onboard-vpc
    input:
      vpcId: \${{ parameters.vpcId }}
      region: \${{ parameters.region }}
      owner: \${{ parameters.owner }}
  - id: endpoint
    name: Create the EKS API endpoint
    action: aws:eks:privatelink:create
    input:
      vpc: \${{ steps['onboard'].output.entityRef }}
output:
  links:
    - title: Open VPC
      icon: catalog
      entityRef: \${{ steps['onboard'].output.entityRef }}
`,
  },
  {
    description:
      'Onboard a VPC of another account with its own name, title and system.',
    example: `steps:
  - id: onboard
    name: Put the VPC into the catalog
    action: aws:eks:privatelink:onboard-vpc
    input:
      vpcId: vpc-0a1b2c3d4e5f67890
      region: eu-west-1
      accountId: '210987654321'
      name: payments-vpc
      title: Payments VPC (eu-west-1)
      description: Card processing workloads and their CI runners.
      owner: group:default/payments
      system: system:default/payments
`,
  },
  {
    description:
      'Record the VPC without waiting for the catalog to show it, e.g. when no later step needs the entity.',
    example: `steps:
  - id: onboard
    name: Put the VPC into the catalog
    action: aws:eks:privatelink:onboard-vpc
    input:
      vpcId: vpc-0a1b2c3d4e5f67890
      region: us-east-1
      owner: group:default/platform-networking
      catalogTimeoutSeconds: 0
`,
  },
];
