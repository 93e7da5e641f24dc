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
      'Give the VPC the endpoint of EKS Pod Identity (eks-auth), which the Pod Identity agent of a cluster without a NAT gateway needs. Run it next to the EKS API step: a VPC has one endpoint of each, and both share the security group the action makes.',
    example: `steps:
  - id: eks-auth-endpoint
    name: Create the EKS Pod Identity endpoint
    action: aws:eks:privatelink:create
    input:
      vpc: \${{ parameters.vpc }}
      service: eks-auth
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
    description:
      'Change the endpoint the portal made in place, without deleting it: private DNS off, dual-stack addresses, only principals of this AWS account, and the tags given (tags it has beyond them are removed). The output diff lists each field before and after.',
    example: `steps:
  - id: eks-endpoint
    action: aws:eks:privatelink:create
    input:
      vpc: \${{ parameters.vpc }}
      onExisting: update
      privateDnsEnabled: false
      ipAddressType: dualstack
      policyPreset: this-account
      tags:
        team: platform
`,
  },
  {
    description:
      'Admit only principals of your AWS Organization through the endpoint (an endpoint policy on aws:PrincipalOrgID), and callers from an on-premises network and a peered VPC on TCP 443.',
    example: `steps:
  - id: eks-endpoint
    action: aws:eks:privatelink:create
    input:
      vpc: \${{ parameters.vpc }}
      policyPreset: this-organization
      organizationId: o-a1b2c3d4e5
      allowedSources:
        - 192.168.0.0/16
        - 10.20.0.0/16
`,
  },
  {
    description:
      'Give the endpoint a custom policy: only the EKS API calls that read clusters.',
    example: `steps:
  - id: eks-endpoint
    action: aws:eks:privatelink:create
    input:
      vpc: \${{ parameters.vpc }}
      policyPreset: custom
      policyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action:
              - eks:DescribeCluster
              - eks:ListClusters
            Resource: '*'
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
