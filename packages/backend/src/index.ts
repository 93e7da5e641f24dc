import { createBackend } from '@backstage/backend-defaults';
import { localPortalPermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(
  import(
    '@eks-privatelink/backstage-plugin-catalog-backend-module-eks-privatelink'
  ),
);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(localPortalPermissionPolicyModule);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import(
    '@eks-privatelink/backstage-plugin-scaffolder-backend-module-eks-privatelink'
  ),
);

backend.add(
  import('@eks-privatelink/backstage-plugin-eks-privatelink-backend'),
);

// Where the inventory's notifications to VPC owners land (failed, gone,
// drifted endpoints); signals push them to open browsers.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
