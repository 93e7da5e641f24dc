import type { EC2Client } from '@aws-sdk/client-ec2';
import type {
  CreateEndpointChange,
  EndpointRequest,
  ModifyEndpointChange,
  PlanOptions,
} from '../types';

/** What every part of a plan works from. */
export interface PlanContext {
  client: EC2Client;
  request: EndpointRequest;
  options: PlanOptions;
  /** What a person should know: choices made, things left alone. */
  notes: string[];
}

/** The endpoint a plan ends up with, and the change that gets it there. */
export interface EndpointPlan {
  subnetIds: string[];
  securityGroupIds: string[];
  change: CreateEndpointChange | ModifyEndpointChange | null;
}
