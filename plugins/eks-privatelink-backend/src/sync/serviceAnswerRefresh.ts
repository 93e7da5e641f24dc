// Keeps each region's `DescribeVpcEndpointServices` answer of the inventory's
// endpoint services fresh enough, asking AWS only when it is missing or old.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EksEndpointService } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { describeEksService } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type { ServiceAnswerCache } from '../database/types';
import { INVENTORY_SERVICES } from './syncTypes';

// The service's AZs and features change rarely; asking every few hours keeps
// the sync at one DescribeVpcEndpoints per account and region most runs.
const DEFAULT_SERVICE_ANSWER_MAX_AGE_MS = 6 * 60 * 60 * 1000;

/** Refreshes the stored service answers of a region when they are due. */
export class ServiceAnswerRefresh {
  private readonly maxAgeMs: number;

  constructor(
    private readonly options: {
      serviceAnswers: ServiceAnswerCache;
      logger: LoggerService;
      now: () => Date;
      /** How long a region's answer is trusted. */
      maxAgeMs?: number;
    },
  ) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_SERVICE_ANSWER_MAX_AGE_MS;
  }

  /**
   * Refreshes the region's `DescribeVpcEndpointServices` answer of each
   * service the inventory keeps when it is missing or old: one call per
   * service, since asking for a service the region lacks fails the whole
   * call. Best effort: the rules fall back to config, then unknown.
   */
  async refresh(
    client: EC2Client,
    region: string,
    signal?: AbortSignal,
  ): Promise<void> {
    await Promise.all(
      INVENTORY_SERVICES.map(service =>
        this.refreshOne(client, region, service, signal),
      ),
    );
  }

  private async refreshOne(
    client: EC2Client,
    region: string,
    service: EksEndpointService,
    signal?: AbortSignal,
  ): Promise<void> {
    const { serviceAnswers, logger, now } = this.options;
    try {
      const stored = (
        await serviceAnswers.getServiceDescriptions([region], service)
      ).get(region);
      const age = stored
        ? now().getTime() - Date.parse(stored.checkedAt)
        : Infinity;
      if (age < this.maxAgeMs) {
        return;
      }
      await serviceAnswers.saveServiceDescription(
        region,
        await describeEksService(client, region, { signal }, service),
        now(),
        service,
      );
    } catch (err) {
      logger.debug(
        `Could not read the ${service} endpoint service of ${region}; the rules fall back to config, else unknown: ${err}`,
      );
    }
  }
}
