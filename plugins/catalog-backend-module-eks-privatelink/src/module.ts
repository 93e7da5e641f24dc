import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import type { HumanDuration } from '@backstage/types';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eksPrivateLinkInventoryClientServiceRef } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { OnboardedVpcProvider } from './OnboardedVpcProvider';

const REFRESH_INTERVAL_KEY = 'eksPrivateLink.onboarding.refreshInterval';
const DEFAULT_REFRESH_INTERVAL: HumanDuration = { seconds: 15 };

/**
 * Adds the {@link OnboardedVpcProvider} to the catalog. It polls the
 * eks-privatelink backend every `eksPrivateLink.onboarding.refreshInterval`
 * (default 15 seconds), so a VPC onboarded by the scaffolder shows up soon
 * after the task ends.
 *
 * @public
 */
export const catalogModuleEksPrivateLinkOnboardedVpcs = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'eks-privatelink-onboarded-vpcs',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        inventory: eksPrivateLinkInventoryClientServiceRef,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, inventory, logger, scheduler }) {
        const frequency = config.has(REFRESH_INTERVAL_KEY)
          ? readDurationFromConfig(config, { key: REFRESH_INTERVAL_KEY })
          : DEFAULT_REFRESH_INTERVAL;
        catalog.addEntityProvider(
          new OnboardedVpcProvider({
            inventory,
            logger,
            taskRunner: scheduler.createScheduledTaskRunner({
              frequency,
              timeout: { minutes: 1 },
            }),
          }),
        );
      },
    });
  },
});
