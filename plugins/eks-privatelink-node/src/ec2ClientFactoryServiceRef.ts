import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Ec2ClientFactory } from './Ec2ClientFactory';

/**
 * One {@link Ec2ClientFactory} for the whole backend, made from the `aws:`
 * block of app-config, so the inventory, the scaffolder actions and the
 * catalog share clients and credentials; an adopter can replace it.
 *
 * @public
 */
export const ec2ClientFactoryServiceRef = createServiceRef<Ec2ClientFactory>({
  id: 'eks-privatelink.ec2-client-factory',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory: ({ config, logger }) =>
        Ec2ClientFactory.fromConfig(config, { logger }),
    }),
});
