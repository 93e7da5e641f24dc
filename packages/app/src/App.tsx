import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import eksPrivateLinkPlugin from '@eks-privatelink/backstage-plugin-eks-privatelink/alpha';

export default createApp({
  features: [catalogPlugin, scaffolderPlugin, eksPrivateLinkPlugin],
});
