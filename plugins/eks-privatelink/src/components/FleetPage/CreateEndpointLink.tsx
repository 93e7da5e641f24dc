import { Link } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  eksPrivateLinkEndpointCreatePermission,
  type EksEndpointService,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  createEndpointTemplatePath,
  type CreateTemplateChoices,
} from '../EksPrivateLinkCard/consoleLinks';

/**
 * A link to the endpoint template for this VPC and `services`, shown only
 * once the permission framework allows creating (and so updating) for it,
 * and never while it is asked.
 */
function TemplateLink(props: {
  entityRef: string;
  services: EksEndpointService[];
  onExisting?: CreateTemplateChoices['onExisting'];
  label: string;
}) {
  const { entityRef, services, onExisting, label } = props;
  const { loading, allowed } = usePermission({
    permission: eksPrivateLinkEndpointCreatePermission,
    resourceRef: entityRef,
  });
  if (loading || !allowed || services.length === 0) {
    return null;
  }
  return (
    <Link
      to={createEndpointTemplatePath(entityRef, {
        services: services.length === 1 ? services[0] : 'both',
        ...(onExisting ? { onExisting } : {}),
      })}
      aria-label={`${label} for ${entityRef}`}
    >
      {label}
    </Link>
  );
}

/** The create template with the VPC and its missing endpoints filled in. */
export function CreateEndpointLink(props: {
  entityRef: string;
  missing: EksEndpointService[];
}) {
  return (
    <TemplateLink
      entityRef={props.entityRef}
      services={props.missing}
      label="Create endpoint"
    />
  );
}

/** The template set to update the drifted endpoints of the VPC in place. */
export function UpdateToMatchLink(props: {
  entityRef: string;
  drifted: EksEndpointService[];
}) {
  return (
    <TemplateLink
      entityRef={props.entityRef}
      services={props.drifted}
      onExisting="update"
      label="Update to match"
    />
  );
}
