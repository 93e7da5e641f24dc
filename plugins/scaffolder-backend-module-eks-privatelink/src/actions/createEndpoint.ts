// The `aws:eks:privatelink:create` action's contract: its id, description,
// examples and the schema of its input and outputs. What a step does is in
// createEndpointHandler.ts.
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './createEndpoint.examples';
import { runCreateEndpoint } from './createEndpointHandler';
import {
  SERVICE_INPUT_DESCRIPTION,
  SERVICE_NAME_OUTPUT_DESCRIPTION,
} from './serviceInput';
import { vpcInputFields, type EksEndpointActionOptions } from './vpcInput';

/** The id of the create action. @public */
export const CREATE_ENDPOINT_ACTION_ID = 'aws:eks:privatelink:create';

/**
 * The `aws:eks:privatelink:create` action: finds or creates the EKS
 * interface endpoint of a VPC: the EKS API's (`com.amazonaws.<region>.eks`)
 * or, with `service: eks-auth`, EKS Pod Identity's
 * (`com.amazonaws.<region>.eks-auth`).
 *
 * Validates the input, runs a read-only pre-flight against AWS that turns
 * every problem into an error naming the field and the fix, then makes the
 * planned changes inside `ctx.checkpoint`, so a retried task never creates a
 * second endpoint. A dry run runs the same pre-flight, probes each change
 * with `DryRun: true`, and writes the plan to the log and the outputs.
 *
 * @public
 */
export function createEksEndpointCreateAction(
  options: EksEndpointActionOptions,
) {
  return createTemplateAction({
    id: CREATE_ENDPOINT_ACTION_ID,
    description:
      'Finds or creates the AWS PrivateLink interface endpoint for the Amazon EKS API (com.amazonaws.<region>.eks) or, with service eks-auth, for EKS Pod Identity (com.amazonaws.<region>.eks-auth) in a VPC, turning on the VPC DNS attributes private DNS needs. Supports dry run.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        ...vpcInputFields,
        service: z =>
          z
            .enum(['eks', 'eks-auth'], {
              description: SERVICE_INPUT_DESCRIPTION,
            })
            .optional(),
        subnetIds: z =>
          z
            .array(z.string(), {
              description:
                'Subnets for the endpoint network interfaces, at most one per Availability Zone, each in an AZ the chosen service supports. Omitted or empty: one subnet in each supported AZ, the lowest subnet id in each.',
            })
            .optional(),
        securityGroupIds: z =>
          z
            .array(z.string(), {
              description:
                'Security groups of the VPC to attach to the endpoint network interfaces. They must admit TCP 443 from the callers.',
            })
            .optional(),
        createSecurityGroup: z =>
          z
            .boolean({
              description:
                "Create a security group that allows TCP 443 from the VPC's IPv4 CIDR blocks and attach it. Default: true when securityGroupIds is not given.",
            })
            .optional(),
        allowedSources: z =>
          z
            .array(z.string(), {
              description:
                "Callers outside the VPC that the security group the action creates admits on TCP 443, beside the VPC's own CIDR blocks: IPv4 or IPv6 CIDR blocks (10.20.0.0/16, 2001:db8::/56), managed prefix lists (pl-...) and security groups (sg-...).",
            })
            .optional(),
        privateDnsEnabled: z =>
          z
            .boolean({
              description:
                'Resolve the service name (eks.<region>.amazonaws.com; for eks-auth, eks-auth.<region>.api.aws) to the endpoint inside the VPC, so callers need no change. Needs the VPC attributes enableDnsSupport and enableDnsHostnames. Default: true.',
            })
            .optional(),
        manageVpcDns: z =>
          z
            .boolean({
              description:
                'Turn on enableDnsSupport, then enableDnsHostnames, where private DNS needs them and they are off. With false, a VPC that has one off is refused. Default: true.',
            })
            .optional(),
        ipAddressType: z =>
          z
            .enum(['ipv4', 'dualstack', 'ipv6'], {
              description:
                'IP address type of the endpoint. Checked against what AWS reports for the region. Default: ipv4.',
            })
            .optional(),
        policyPreset: z =>
          z
            .enum(
              ['full-access', 'this-account', 'this-organization', 'custom'],
              {
                description:
                  "The endpoint policy: full-access (any principal; IAM still decides), this-account (only principals of the VPC's account), this-organization (only principals of the AWS Organization organizationId) or custom (policyDocument). Default: custom when policyDocument is given, else full-access.",
              },
            )
            .optional(),
        organizationId: z =>
          z
            .string({
              description:
                'The AWS Organization id (o- and 10 to 32 lower-case letters or digits) for policyPreset this-organization.',
            })
            .optional(),
        policyDocument: z =>
          z
            .union([z.string(), z.record(z.unknown())], {
              description:
                'The endpoint policy of policyPreset custom (IAM policy JSON, as a string or an object). Refused where the service takes no endpoint policy. Default: full access.',
            })
            .optional(),
        flowLogs: z =>
          z
            .object(
              {
                destinationType: z.enum(['cloud-watch-logs', 's3'], {
                  description: 'Where the flow logs go.',
                }),
                destination: z.string({
                  description:
                    'ARN of the CloudWatch Logs log group or of the S3 bucket (optionally with a folder).',
                }),
                deliverLogsPermissionArn: z
                  .string({
                    description:
                      'ARN of the IAM role that VPC Flow Logs assumes to publish to CloudWatch Logs. Required for cloud-watch-logs.',
                  })
                  .optional(),
                trafficType: z
                  .enum(['ACCEPT', 'REJECT', 'ALL'], {
                    description: 'Which traffic to log. Default: ALL.',
                  })
                  .optional(),
              },
              {
                description:
                  "Publish VPC flow logs of the endpoint's network interfaces. Needs wait: true.",
              },
            )
            .optional(),
        tags: z =>
          z
            .record(z.string(), {
              description:
                'Tags for the endpoint and the security group it creates. Keys may not start with aws: or eks-privatelink:.',
            })
            .optional(),
        wait: z =>
          z
            .boolean({
              description:
                'Wait until the endpoint is available before the step ends. Default: true.',
            })
            .optional(),
        timeoutSeconds: z =>
          z
            .number({
              description:
                'How long to wait for the endpoint, in whole seconds from 1 to 3600. Default: 600. A run that times out can be re-run: it adopts the endpoint.',
            })
            .optional(),
        onExisting: z =>
          z
            .enum(['reuse', 'update', 'fail'], {
              description:
                'When the VPC already has an endpoint of the service: reuse it as it is (default), update it in place, or fail. update changes only an endpoint the portal made: the subnets, security groups, private DNS and IP address type the input names, and the policy and tags to what the input says (none: full access, no extra tags).',
            })
            .optional(),
      },
      output: {
        vpcEndpointId: z =>
          z.string({
            description:
              'The endpoint id (vpce-...); empty in a dry run that would create one.',
          }),
        state: z =>
          z.string({
            description:
              'The endpoint state in lower case (available, pending, ...); "planned" in a dry run that would create one.',
          }),
        created: z =>
          z.boolean({
            description:
              'True when this run created the endpoint, false when it reused or updated an existing one (and in a dry run).',
          }),
        serviceName: z =>
          z.string({ description: SERVICE_NAME_OUTPUT_DESCRIPTION }),
        privateDnsName: z =>
          z
            .string({
              description:
                'The name that resolves to the endpoint inside the VPC (eks.<region>.amazonaws.com, or eks-auth.<region>.api.aws for eks-auth), or null without private DNS.',
            })
            .nullable(),
        dnsEntries: z =>
          z.array(z.object({ dnsName: z.string(), hostedZoneId: z.string() }), {
            description: 'The DNS names of the endpoint.',
          }),
        networkInterfaceIds: z =>
          z.array(z.string(), {
            description: 'One network interface per subnet.',
          }),
        subnetIds: z =>
          z.array(z.string(), { description: 'The subnets of the endpoint.' }),
        securityGroupIds: z =>
          z.array(z.string(), {
            description: 'The security groups of the endpoint.',
          }),
        availabilityZones: z =>
          z.array(z.string(), {
            description: 'The Availability Zones of the endpoint.',
          }),
        estimatedMonthlyCost: z =>
          z.number({
            description:
              'Hourly price per AZ x AZs x 730 h, in the currency of eksPrivateLink.pricing (USD by default), before data processing.',
          }),
        consoleUrl: z =>
          z.string({
            description: 'The endpoint in the AWS VPC console.',
          }),
        diff: z =>
          z.array(
            z.object({
              field: z.string(),
              before: z.string(),
              after: z.string(),
            }),
            {
              description:
                'What an update changes on the endpoint, one row per field (subnetIds, securityGroupIds, privateDnsEnabled, ipAddressType, policyDocument, tags.<key>), before and after; empty for a create or a reuse.',
            },
          ),
        plan: z =>
          z.object(
            {
              action: z.enum(['create', 'reuse', 'update']),
              changes: z.array(
                z.object({
                  kind: z.string({
                    description:
                      'enableDnsSupport, enableDnsHostnames, createSecurityGroup, authorizeIngress, createEndpoint, modifyEndpoint or createFlowLogs',
                  }),
                  description: z.string(),
                }),
              ),
              notes: z.array(z.string()),
            },
            {
              description:
                'What the run changes (or, in a dry run, would change), in order, and notes on the choices made. Changes and the plan carry more fields (subnets, parameters, the existing endpoint).',
            },
          ),
      },
    },
    async handler(ctx) {
      await runCreateEndpoint(ctx, options);
    },
  });
}
