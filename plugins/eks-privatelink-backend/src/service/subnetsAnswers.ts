// The answer of `GET /subnets` for a VPC: its subnets read from AWS, marked
// with where the EKS service is offered, and kept a minute per VPC because
// the create form asks again as its fields change.
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import type { SubnetsResponse } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ResolvedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { reportAwsFailure } from '../sync/describeAwsFailure';
import type { Ec2ClientSource } from '../sync/syncTypes';
import type { RecordConfig } from './buildInventoryRecord';
import { readSubnetsAnswer } from './readSubnetsAnswer';

// The create form asks for a VPC's subnets as it opens and as its fields
// change; subnets change rarely, and each answer costs three AWS calls.
const SUBNETS_TTL = { seconds: 60 };

function subnetsCacheKey({ vpcId, region, accountId }: ResolvedVpc): string {
  return `subnets:${accountId ?? ''}:${region}:${vpcId}`;
}

/** Reads and caches the subnets answers of VPCs. */
export class SubnetsAnswers {
  constructor(
    private readonly options: {
      cache: CacheService;
      clients: Ec2ClientSource;
      config: RecordConfig;
      logger: LoggerService;
    },
  ) {}

  /**
   * The VPC's subnets from AWS, each marked with whether the EKS service is
   * offered in its AZ; kept for a minute per VPC. Reads only: the region's
   * live service answer used here is not stored.
   */
  async get(vpc: ResolvedVpc): Promise<SubnetsResponse> {
    const { vpcId, region, accountId } = vpc;
    const { cache, clients } = this.options;
    const key = subnetsCacheKey(vpc);
    // Kept as JSON text: CacheService stores JSON values, which the
    // response's interfaces are not to TypeScript.
    const cached = await cache.get<string>(key);
    if (cached) {
      return JSON.parse(cached) as SubnetsResponse;
    }
    let response: SubnetsResponse;
    try {
      const client = await clients.getClient({ region, accountId });
      response = await readSubnetsAnswer(
        client,
        vpc,
        this.options.config.rules,
      );
    } catch (err) {
      throw new ServiceUnavailableError(
        reportAwsFailure(
          err,
          { region, accountId, vpcId },
          this.options.logger,
        ),
      );
    }
    await cache.set(key, JSON.stringify(response), { ttl: SUBNETS_TTL });
    return response;
  }
}
