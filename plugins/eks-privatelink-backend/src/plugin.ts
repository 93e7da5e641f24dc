import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { eksPrivateLinkPermissions } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { ec2ClientFactoryServiceRef } from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { createInventoryStores } from './database/createInventoryStores';
import { DatabaseAppliedStore } from './database/DatabaseAppliedStore';
import { DatabaseNotificationLog } from './database/DatabaseNotificationLog';
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
        clients: ec2ClientFactoryServiceRef,
        logger: coreServices.logger,
        database: coreServices.database,
        cache: coreServices.cache,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        clients,
        logger,
        database,
        cache,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        catalog,
        notifications,
      }) {
        const settings = readInventoryConfig(config);
        const { inventory, onboardedVpcs, serviceAnswers } =
          await createInventoryStores({ database });
        // The schema is up to date now (createInventoryStores migrated it).
        const knex = await database.getClient();
        const applied = new DatabaseAppliedStore(knex);
        const sync = new InventorySync({
          inventory,
          serviceAnswers,
          catalog,
          auth,
          clients,
          logger,
          defaultRegion: settings.defaultRegion,
          retentionMs: settings.retentionMs,
          dnsRefreshRuns: settings.dnsRefreshRuns,
          applied,
          notifications: {
            service: notifications,
            log: new DatabaseNotificationLog(knex),
          },
        });
        const service = new InventoryService({
          inventory,
          onboardedVpcs,
          serviceAnswers,
          sync,
          catalog,
          auth,
          permissions,
          clients,
          logger,
          config: { pricing: settings.pricing, rules: settings.rules },
          cache,
          refreshMinIntervalMs: settings.refreshMinIntervalMs,
        });

        permissionsRegistry.addPermissions(eksPrivateLinkPermissions);

        await scheduler.scheduleTask({
          id: INVENTORY_SYNC_TASK_ID,
          ...settings.schedule,
          fn: async signal => {
            await sync.syncAll(signal);
            await sync.pruneHistory();
          },
        });

        httpRouter.use(
          await createRouter({ service, httpAuth, permissions, applied }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
