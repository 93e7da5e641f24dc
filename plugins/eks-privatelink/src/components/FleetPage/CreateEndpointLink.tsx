import { Link } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  eksPrivateLinkEndpointCreatePermission,
  type EksEndpointService,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { createEndpointTemplatePath } from '../EksPrivateLinkCard/consoleLinks';

/**
 * A link to the create template with the VPC and its missing endpoints
 * filled in; only once the permission framework allows it for this VPC.
 */
export function CreateEndpointLink(props: {
  entityRef: string;
  missing: EksEndpointService[];
}) {
  const { entityRef, missing } = props;
  const { loading, allowed } = usePermission({
    permission: eksPrivateLinkEndpointCreatePermission,
    resourceRef: entityRef,
  });
  if (loading || !allowed || missing.length === 0) {
    return null;
  }
  const services = missing.length === 1 ? missing[0] : 'both';
  return (
    <Link
      to={createEndpointTemplatePath(entityRef, { services })}
      aria-label={`Create endpoint for ${entityRef}`}
    >
      Create endpoint
    </Link>
  );
}

/**
 * A link to the endpoint template set to update the drifted endpoints of
 * the VPC in place; only once the permission framework allows creating
 * (and so updating) for this VPC.
 */
export function UpdateToMatchLink(props: {
  entityRef: string;
  drifted: EksEndpointService[];
}) {
  const { entityRef, drifted } = props;
  const { loading, allowed } = usePermission({
    permission: eksPrivateLinkEndpointCreatePermission,
    resourceRef: entityRef,
  });
  if (loading || !allowed || drifted.length === 0) {
    return null;
  }
  const services = drifted.length === 1 ? drifted[0] : 'both';
  return (
    <Link
      to={createEndpointTemplatePath(entityRef, {
        services,
        onExisting: 'update',
      })}
      aria-label={`Update to match for ${entityRef}`}
    >
      Update to match
    </Link>
  );
}
