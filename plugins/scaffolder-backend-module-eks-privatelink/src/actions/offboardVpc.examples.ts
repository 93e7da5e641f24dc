import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples shown in the template editor's action list. */
export const examples: TemplateExample[] = [
  {
    description:
      'Take the onboarded VPC picked in the form out of the catalog, once its EKS endpoint is deleted.',
    example: `steps:
  - id: offboard
    name: Take the VPC out of the catalog
    action: aws:eks:privatelink:offboard-vpc
    input:
      vpc: \${{ parameters.vpc }}
`,
  },
  {
    description:
      'Delete the endpoint first, then offboard the VPC in the same run, without waiting for the catalog to drop the entity.',
    example: `steps:
  - id: delete
    action: aws:eks:privatelink:delete
    input:
      vpc: \${{ parameters.vpc }}
  - id: offboard
    action: aws:eks:privatelink:offboard-vpc
    input:
      vpc: \${{ parameters.vpc }}
      catalogTimeoutSeconds: 0
`,
  },
];
