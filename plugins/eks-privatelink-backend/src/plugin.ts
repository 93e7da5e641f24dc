import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eksPrivateLinkPermissions } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { Ec2ClientFactory } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { InventoryStore } from './database/InventoryStore';
import { readInventoryConfig } from './readInventoryConfig';
import { InventoryService } from './service/InventoryService';
import { createRouter } from './service/router';
import { InventorySync } from './sync/InventorySync';

/** The scheduler task id; fixed so that all replicas share one lock. */
export const INVENTORY_SYNC_TASK_ID = 'eks-privatelink-inventory-sync';

/**
 * The EKS PrivateLink inventory backend plugin: database, scheduled sync and
 * REST API under `/api/eks-privatelink`.
 *
 * @public
 */
export const eksPrivateLinkPlugin = createBackendPlugin({
  pluginId: 'eks-privatelink',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const settings = readInventoryConfig(config);
        const store = await InventoryStore.create({ database });
        const clients = Ec2ClientFactory.fromConfig(config, { logger });
        const sync = new InventorySync({
          store,
          catalog,
          auth,
          clients,
          logger,
          defaultRegion: settings.defaultRegion,
        });
        const service = new InventoryService({
          store,
          sync,
          catalog,
          auth,
          clients,
          logger,
          config: { pricing: settings.pricing, rules: settings.rules },
        });

        permissionsRegistry.addPermissions(eksPrivateLinkPermissions);

        await scheduler.scheduleTask({
          id: INVENTORY_SYNC_TASK_ID,
          ...settings.schedule,
          fn: async signal => {
            await sync.syncAll(signal);
          },
        });

        httpRouter.use(await createRouter({ service, httpAuth, permissions }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
