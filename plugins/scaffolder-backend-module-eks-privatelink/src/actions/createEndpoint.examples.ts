import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples shown in the template editor's action list. */
export const examples: TemplateExample[] = [
  {
    description:
      'Give the VPC picked in the form its EKS endpoint, with the defaults: one subnet per supported Availability Zone, a security group that admits TCP 443 from the VPC, private DNS on.',
    example: `steps:
  - id: eks-endpoint
    name: Create the EKS API endpoint
    action: aws:eks:privatelink:create
    input:
      vpc: \${{ parameters.vpc }}
`,
  },
  {
    description:
      'Place the endpoint in chosen subnets with an existing security group, by VPC id and region, and fail if the VPC already has one.',
    example: `steps:
  - id: eks-endpoint
    name: Create the EKS API endpoint
    action: aws:eks:privatelink:create
    input:
      vpcId: vpc-0a1b2c3d4e5f67890
      region: us-west-2
      accountId: '123456789012'
      subnetIds:
        - subnet-0aaaaaaaaaaaaaaa1
        - subnet-0bbbbbbbbbbbbbbb1
      securityGroupIds:
        - sg-0123456789abcdef0
      onExisting: fail
      tags:
        team: platform
        cost-center: '4711'
`,
  },
  {
    description:
      'Leave the VPC DNS attributes alone and create the endpoint without private DNS; callers then use the endpoint DNS names from the output.',
    example: `steps:
  - id: eks-endpoint
    action: aws:eks:privatelink:create
    input:
      vpc: \${{ parameters.vpc }}
      privateDnsEnabled: false
      manageVpcDns: false
`,
  },
  {
    description:
      'Move an existing endpoint to the subnets picked in the form, publish its rejected traffic to CloudWatch Logs, and wait up to 15 minutes.',
    example: `steps:
  - id: eks-endpoint
    action: aws:eks:privatelink:create
    input:
      vpc: \${{ parameters.vpc }}
      subnetIds: \${{ parameters.subnetIds }}
      onExisting: update
      timeoutSeconds: 900
      flowLogs:
        destinationType: cloud-watch-logs
        destination: arn:aws:logs:us-west-2:123456789012:log-group:eks-endpoint-flow-logs
        deliverLogsPermissionArn: arn:aws:iam::123456789012:role/vpc-flow-logs
        trafficType: REJECT
`,
  },
  {
    description: 'Show the endpoint id and its console page after the run.',
    example: `steps:
  - id: eks-endpoint
    action: aws:eks:privatelink:create
    input:
      vpc: \${{ parameters.vpc }}
output:
  links:
    - title: EKS endpoint in the VPC console
      url: \${{ steps['eks-endpoint'].output.consoleUrl }}
  text:
    - title: Endpoint
      content: \${{ steps['eks-endpoint'].output.vpcEndpointId }} (\${{ steps['eks-endpoint'].output.state }}), about \${{ steps['eks-endpoint'].output.estimatedMonthlyCost }} USD a month before data
`,
  },
];
