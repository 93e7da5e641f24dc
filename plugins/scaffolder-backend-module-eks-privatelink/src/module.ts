import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import type {
  EksRulesConfig,
  PricingConfig,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  ec2ClientFactoryServiceRef,
  eksPrivateLinkInventoryClientServiceRef,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import { createEksEndpointCreateAction } from './actions/createEndpoint';
import { createEksEndpointDeleteAction } from './actions/deleteEndpoint';
import { createOffboardVpcAction } from './actions/offboardVpc';
import { createOnboardVpcAction } from './actions/onboardVpc';

/**
 * Adds the EKS PrivateLink actions to the scaffolder:
 * `aws:eks:privatelink:create`, `aws:eks:privatelink:delete`,
 * `aws:eks:privatelink:onboard-vpc` and `aws:eks:privatelink:offboard-vpc`.
 * Every change is a permission decision taken with the initiator's
 * credentials before any AWS call. AWS credentials come from the `aws:`
 * block of app-config; `eksPrivateLink.defaultRegion`, `.rules` and
 * `.pricing` are read once at start-up.
 *
 * @public
 */
export const scaffolderModuleEksPrivateLink = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'eks-privatelink',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        ec2ClientFactory: ec2ClientFactoryServiceRef,
        inventory: eksPrivateLinkInventoryClientServiceRef,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
      },
      async init({
        scaffolderActions,
        config,
        ec2ClientFactory,
        inventory,
        auth,
        permissions,
        userInfo,
        catalog,
        logger,
      }) {
        const defaultRegion = config.getOptionalString(
          'eksPrivateLink.defaultRegion',
        );
        const allowLists = {
          allowedAccounts: config.getOptionalStringArray(
            'eksPrivateLink.allowedAccounts',
          ),
          allowedRegions: config.getOptionalStringArray(
            'eksPrivateLink.allowedRegions',
          ),
        };
        const options = {
          ec2ClientFactory,
          catalog,
          inventory,
          auth,
          permissions,
          defaultRegion,
          ...allowLists,
          allowedFlowLogDestinations: config.getOptionalStringArray(
            'eksPrivateLink.flowLogs.allowedDestinations',
          ),
          rulesConfig: config.getOptional<EksRulesConfig>(
            'eksPrivateLink.rules',
          ),
          pricingConfig: config.getOptional<PricingConfig>(
            'eksPrivateLink.pricing',
          ),
          logger,
        };
        const onboarding = {
          ec2ClientFactory,
          inventory,
          auth,
          permissions,
          userInfo,
          defaultRegion,
          catalog,
        };
        scaffolderActions.addActions(
          createEksEndpointCreateAction(options),
          createEksEndpointDeleteAction(options),
          createOnboardVpcAction({
            ...onboarding,
            ...allowLists,
            allowAnyOwner:
              config.getOptionalBoolean(
                'eksPrivateLink.onboarding.allowAnyOwner',
              ) ?? false,
          }),
          createOffboardVpcAction(onboarding),
        );
      },
    });
  },
});
