import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  AsyncPermissionResult,
  usePermission,
} from '@backstage/plugin-permission-react';
import Typography from '@material-ui/core/Typography';
import {
  eksPrivateLinkEndpointCreatePermission,
  eksPrivateLinkInventoryRefreshPermission,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * What the permission framework answered. `pending` is kept apart from
 * `denied` so that the card shows neither a button nor the owner note until
 * the answer is in.
 */
export type Decision = 'pending' | 'allowed' | 'denied';

function decision(result: AsyncPermissionResult): Decision {
  if (result.loading) {
    return 'pending';
  }
  return result.allowed ? 'allowed' : 'denied';
}

/** May the user create the endpoint of, and refresh, this VPC entity? */
export function useCardPermissions(entityRef: string) {
  const create = usePermission({
    permission: eksPrivateLinkEndpointCreatePermission,
    resourceRef: entityRef,
  });
  const refresh = usePermission({
    permission: eksPrivateLinkInventoryRefreshPermission,
    resourceRef: entityRef,
  });
  return { create: decision(create), refresh: decision(refresh) };
}

/** Who can do what a hidden button would have done. */
export function OwnerNote(props: { owner?: string }) {
  const { owner } = props;
  return (
    <Typography variant="body2" color="textSecondary" component="p">
      Only the owner of this VPC
      {owner && (
        <>
          , <EntityRefLink entityRef={owner}>{owner}</EntityRefLink>,
        </>
      )}{' '}
      or a platform admin can create or refresh its endpoint.
    </Typography>
  );
}
