import { Link, LinkButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { endpointServiceLabel } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type {
  EndpointDrift,
  InventoryEndpoint,
  VpcInfo,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { createEndpointTemplatePath, endpointConsoleUrl } from './consoleLinks';
import { DetailList, IdList, SectionHeading } from './DetailList';
import { DnsSection } from './DnsSection';
import { EndpointPolicy } from './EndpointPolicy';
import { EndpointState } from './EndpointState';
import { ipAddressTypeLabel } from '../ipAddressTypes';
import { RegionSupport, serviceFromName } from './serviceSupport';

/** The DNS names clients can use, the regional service name first. */
export function endpointDnsNames(
  endpoint: InventoryEndpoint,
  region: string,
): string[] {
  const names = endpoint.dnsEntries.map(entry => entry.dnsName);
  if (endpoint.privateDnsEnabled) {
    names.unshift(`eks.${region}.amazonaws.com`);
  }
  return Array.from(new Set(names));
}

/** The endpoint's `IpAddressType` in words, with the value AWS uses. */
function ipAddressTypeText(type: string): string {
  return type ? ipAddressTypeLabel(type) : 'not reported by AWS';
}

/**
 * Whether the portal's templates may change the endpoint: they update and
 * delete only what carries the portal's managed-by tag.
 */
function managedBy(managed: boolean | undefined): string {
  if (managed === undefined) {
    return 'unknown';
  }
  return managed
    ? 'this portal (its templates update and delete it)'
    : 'another tool (the portal leaves it alone)';
}

/** `EKS API` or `EKS Pod Identity (eks-auth)`, from the endpoint service name. */
function serviceLabel(serviceName: string): string {
  return endpointServiceLabel(serviceFromName(serviceName));
}

/** Whether AWS offers the service in the VPC's region, and why not. */
function regionSupportText(support: RegionSupport, region: string): string {
  if (support.regionSupported) {
    return `offered in ${region}`;
  }
  return `not offered in ${region}${
    support.regionSupportReason ? `: ${support.regionSupportReason}` : ''
  }`;
}

/**
 * The create template set to update this endpoint in place, for a managed
 * endpoint that drifted. The template applies the choices of its form, so
 * the user checks them before running it.
 */
function UpdateToMatch(props: { entityRef: string; serviceName: string }) {
  const service = serviceFromName(props.serviceName);
  return (
    <Box mb={1}>
      <LinkButton
        to={createEndpointTemplatePath(props.entityRef, {
          services: service,
          onExisting: 'update',
        })}
        variant="outlined"
        color="primary"
      >
        Update to match
      </LinkButton>
      <Typography variant="body2" color="textSecondary" component="p">
        Opens the endpoint template for this VPC with "Update it in place"
        chosen; check its choices before you run it.
      </Typography>
    </Box>
  );
}

/** What differs from what the portal set up, one line each. */
function DriftList(props: { drift: EndpointDrift[] }) {
  if (props.drift.length === 0) {
    return <>none: it matches what the portal set up</>;
  }
  return (
    <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
      {props.drift.map(d => (
        <li key={`${d.field}:${d.actual}`}>{d.message}</li>
      ))}
    </ul>
  );
}

/**
 * Everything the inventory knows about one endpoint: identity and state,
 * DNS, where it is placed and the names that reach it.
 */
export function EndpointDetails(props: {
  endpoint: InventoryEndpoint;
  vpc: VpcInfo;
  serviceName: string;
  /** What AWS says of this endpoint's service in the region. */
  support: RegionSupport;
  entityRef: string;
  /** The user may run the create template for this VPC. */
  canUpdate: boolean;
}) {
  const { endpoint, vpc, serviceName, support, entityRef, canUpdate } = props;
  const state = endpoint.state.toLocaleLowerCase('en-US');
  const gone = state === 'deleted';
  const ownServiceName = endpoint.serviceName ?? serviceName;
  const service = serviceLabel(ownServiceName);
  const drifted =
    endpoint.managed === true &&
    (endpoint.drift?.length ?? 0) > 0 &&
    !gone &&
    state !== 'deleting';

  return (
    <section aria-label={`${service} endpoint ${endpoint.vpcEndpointId}`}>
      <SectionHeading>{service} endpoint</SectionHeading>
      <DetailList
        rows={[
          {
            term: 'Endpoint ID',
            value: (
              <Link
                to={endpointConsoleUrl(vpc.region, endpoint.vpcEndpointId)}
                externalLinkIcon
              >
                {endpoint.vpcEndpointId}
              </Link>
            ),
          },
          { term: 'State', value: <EndpointState endpoint={endpoint} /> },
          { term: 'Service', value: ownServiceName },
          {
            term: 'Region support',
            value: regionSupportText(support, vpc.region),
          },
          {
            term: 'Offered in AZs',
            value: support.availabilityZones ? (
              <IdList ids={support.availabilityZones} />
            ) : (
              'not read from AWS yet'
            ),
          },
          {
            term: 'IP address type',
            value: ipAddressTypeText(endpoint.ipAddressType),
          },
          {
            term: 'Endpoint policy',
            value: <EndpointPolicy policyDocument={endpoint.policyDocument} />,
          },
          { term: 'Managed by', value: managedBy(endpoint.managed) },
          ...(endpoint.drift
            ? [{ term: 'Drift', value: <DriftList drift={endpoint.drift} /> }]
            : []),
        ]}
      />
      {drifted && canUpdate && (
        <UpdateToMatch entityRef={entityRef} serviceName={ownServiceName} />
      )}
      {!gone && (
        <>
          <DnsSection
            vpc={vpc}
            privateDnsEnabled={endpoint.privateDnsEnabled}
            canRunTemplate={canUpdate}
          />
          <SectionHeading>Placement</SectionHeading>
          <DetailList
            rows={[
              { term: 'Subnets', value: <IdList ids={endpoint.subnetIds} /> },
              {
                term: 'Availability Zones',
                value: <IdList ids={endpoint.availabilityZones} />,
              },
              {
                term: 'Network interfaces',
                value: <IdList ids={endpoint.networkInterfaceIds} />,
              },
              {
                term: 'Security groups',
                value: <IdList ids={endpoint.securityGroupIds} />,
              },
            ]}
          />
          <SectionHeading>DNS names</SectionHeading>
          <IdList
            ids={endpointDnsNames(endpoint, vpc.region)}
            empty="none reported by AWS yet"
          />
        </>
      )}
    </section>
  );
}
