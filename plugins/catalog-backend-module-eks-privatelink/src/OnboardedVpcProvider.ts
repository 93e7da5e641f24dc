import type {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { OnboardedVpc } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { EksPrivateLinkInventoryClient } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import {
  ONBOARDED_VPC_LOCATION,
  onboardedVpcToEntity,
} from './onboardedVpcToEntity';

/** Options of {@link OnboardedVpcProvider}. @public */
export interface OnboardedVpcProviderOptions {
  /** Where the onboarded VPCs are read from. */
  inventory: Pick<EksPrivateLinkInventoryClient, 'listOnboardedVpcs'>;
  logger: LoggerService;
  /** Runs the refresh; the provider schedules nothing when it is omitted. */
  taskRunner?: SchedulerServiceTaskRunner;
}

/**
 * Puts the VPCs recorded by the `aws:eks:privatelink:onboard-vpc` scaffolder
 * action into the catalog, as `Resource` entities of type `vpc`. Each
 * refresh reads the list from the eks-privatelink backend and replaces the
 * provider's whole set, so a VPC removed there leaves the catalog too. When
 * the backend can't be reached the last set stays as it is.
 *
 * @public
 */
export class OnboardedVpcProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastEmitted?: string;

  constructor(private readonly options: OnboardedVpcProviderOptions) {}

  getProviderName(): string {
    return 'eks-privatelink-onboarded-vpcs';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner?.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /**
   * Reads the onboarded VPCs and emits them. Never throws for an unreachable
   * or failing backend: that is logged, and the entities emitted last stay.
   */
  async refresh(): Promise<void> {
    const connection = this.connection;
    if (!connection) {
      throw new Error(
        'OnboardedVpcProvider is not connected yet: add it to the catalog with catalogProcessingExtensionPoint.addEntityProvider before calling refresh',
      );
    }
    let vpcs: OnboardedVpc[];
    try {
      vpcs = await this.options.inventory.listOnboardedVpcs();
    } catch (error) {
      const reason =
        error instanceof ResponseError
          ? `it answered HTTP ${error.statusCode}: ${error.body.error.message}`
          : (error as Error).message;
      this.options.logger.warn(
        `Could not read onboarded VPCs from the eks-privatelink backend, keeping the entities emitted last: ${reason}`,
      );
      return;
    }

    const entities = vpcs.map(vpc => {
      const entity = onboardedVpcToEntity(vpc);
      return { entity, locationKey: ONBOARDED_VPC_LOCATION };
    });
    await connection.applyMutation({ type: 'full', entities });

    // The poll runs every few seconds: only a change in what is emitted is
    // worth an info line.
    const refs = entities.map(e => stringifyEntityRef(e.entity)).sort();
    const summary = refs.join(', ');
    const log =
      summary === this.lastEmitted
        ? this.options.logger.debug
        : this.options.logger.info;
    this.lastEmitted = summary;
    log.call(
      this.options.logger,
      `Emitted ${refs.length} onboarded VPC entit${
        refs.length === 1 ? 'y' : 'ies'
      }${refs.length ? `: ${summary}` : ''}`,
    );
  }
}
