// Reads the DNS attributes of the VPCs a sync run chose, a few at a time; a
// VPC that cannot be read gets its own error and the others are kept.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  readVpcDnsAttributes,
  type VpcDnsAttributes,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { reportAwsFailure } from './describeAwsFailure';
import { mapWithConcurrency } from './mapWithConcurrency';

/** The attributes read, and what failed, by VPC id. */
export interface ScopeDns {
  dns: Map<string, VpcDnsAttributes>;
  vpcErrors: Map<string, string>;
}

/** Reads `vpcIds`' DNS attributes, `concurrency` VPCs at once. */
export async function readScopeDns(
  client: EC2Client,
  { region, accountId }: { region: string; accountId?: string },
  vpcIds: string[],
  options: { concurrency: number; logger: LoggerService; signal?: AbortSignal },
): Promise<ScopeDns> {
  const { concurrency, logger, signal } = options;
  const dns = new Map<string, VpcDnsAttributes>();
  const vpcErrors = new Map<string, string>();
  await mapWithConcurrency(vpcIds, concurrency, async vpcId => {
    signal?.throwIfAborted();
    try {
      dns.set(vpcId, await readVpcDnsAttributes(client, vpcId, { signal }));
    } catch (err) {
      vpcErrors.set(
        vpcId,
        reportAwsFailure(err, { region, accountId, vpcId }, logger),
      );
    }
  });
  return { dns, vpcErrors };
}
