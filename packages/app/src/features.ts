import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import eksPrivateLinkPlugin from '@eks-privatelink/backstage-plugin-eks-privatelink/alpha';

/**
 * The plugins of the portal. The EKS PrivateLink plugin brings the VPC card,
 * the form fields and the fleet page (with its sidebar entry); notifications
 * tell a VPC's owner when a managed endpoint fails, disappears or drifts, and
 * signals deliver them without a page reload.
 */
export const features = [
  catalogPlugin,
  scaffolderPlugin,
  eksPrivateLinkPlugin,
  notificationsPlugin,
  signalsPlugin,
];
