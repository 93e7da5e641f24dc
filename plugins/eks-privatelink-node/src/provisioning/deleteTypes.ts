/**
 * The request, options and result of deleting an EKS endpoint (see
 * deleteEndpoint.ts).
 */
import type { EksEndpointService } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { Checkpoint } from './checkpoint';
import type { WaitOptions } from './waitForEndpoint';

/** Which VPC's EKS endpoint to delete. @public */
export interface DeleteEndpointRequest {
  vpcId: string;
  region: string;
  accountId?: string;
  /**
   * The service whose endpoint goes: `eks` (the EKS API, the default) or
   * `eks-auth` (EKS Pod Identity). Endpoints of the other service stay, and
   * so does the managed security group while one of them uses it.
   */
  service?: EksEndpointService;
  /** Delete only this endpoint of the VPC (of the service). */
  vpcEndpointId?: string;
  /**
   * Let `vpcEndpointId` name an endpoint the portal did not make (one
   * without the managed-by tag); without it such endpoints are left alone.
   */
  includeUnmanaged?: boolean;
}

/** Options of {@link deleteEksEndpoint}. @public */
export interface DeleteEndpointOptions extends WaitOptions {
  /** Probe with `DryRun: true` instead of deleting. */
  dryRun?: boolean;
  /** Wait until the endpoint is gone (and then delete its group); default true. */
  wait?: boolean;
  checkpoint?: Checkpoint;
}

/** What {@link deleteEksEndpoint} did. @public */
export interface DeleteEndpointResult {
  dryRun: boolean;
  /** The EKS endpoints deleted (or, in a dry run, that would be). */
  vpcEndpointIds: string[];
  /** True when the VPC had no EKS endpoint left to delete. */
  alreadyGone: boolean;
  /** Managed security groups deleted (or that would be). */
  securityGroupIds: string[];
  /** EKS endpoints of the VPC the portal did not make, left alone. */
  unmanagedEndpointIds: string[];
  notes: string[];
}
