import {
  validateAllowedSources,
  validateSecurityGroupId,
  validateSubnetId,
  validateVpcEndpointId,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { z } from 'zod';

// An endpoint sits in at most one subnet per AZ, and an interface can carry
// at most 16 security groups; a delete run removes the endpoints of one VPC.
const MAX_SUBNETS = 32;
const MAX_SECURITY_GROUPS = 16;
const MAX_DELETED = 50;
// AWS's limit for an endpoint policy.
const MAX_POLICY_LENGTH = 20_480;
const SERVICE_NAME = /^com\.amazonaws\.[a-z0-9-]{1,32}\.eks(-auth)?$/;

/** A string checked by one of -common's validators, whose message names the field. */
export function checked(
  validate: (value: unknown, field: string) => string | undefined,
  field: string,
) {
  return z.string().superRefine((value, ctx) => {
    const problem = validate(value, field);
    if (problem) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    }
  });
}

function boundedList<T extends z.ZodTypeAny>(item: T, max: number) {
  return z.array(item).max(max, `must list at most ${max}`);
}

/**
 * The fields `POST /sync/vpc` takes besides the VPC: what the create action
 * applied (`applied`) and which endpoints the delete action deleted
 * (`deletedEndpointIds`). Extend the VPC's schema with it.
 */
export const portalChangesBody = {
  applied: z
    .object({
      vpcEndpointId: checked(validateVpcEndpointId, 'applied.vpcEndpointId'),
      serviceName: z
        .string()
        .regex(
          SERVICE_NAME,
          'must be an EKS endpoint service such as com.amazonaws.us-east-1.eks',
        ),
      subnetIds: boundedList(
        checked(validateSubnetId, 'applied.subnetIds'),
        MAX_SUBNETS,
      ),
      securityGroupIds: boundedList(
        checked(validateSecurityGroupId, 'applied.securityGroupIds'),
        MAX_SECURITY_GROUPS,
      ),
      privateDnsEnabled: z.boolean(),
      policyDocument: z
        .string()
        .max(
          MAX_POLICY_LENGTH,
          `must be at most ${MAX_POLICY_LENGTH} characters`,
        )
        .nullable(),
      allowedSources: z.array(z.string()).superRefine((sources, ctx) => {
        const problem = validateAllowedSources(sources);
        if (problem) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `applied.${problem}`,
          });
        }
      }),
    })
    .optional(),
  deletedEndpointIds: boundedList(
    checked(validateVpcEndpointId, 'deletedEndpointIds'),
    MAX_DELETED,
  ).optional(),
};
