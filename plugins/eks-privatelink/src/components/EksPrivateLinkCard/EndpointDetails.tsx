import { Link } from '@backstage/core-components';
import { endpointServiceLabel } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type {
  EndpointDrift,
  InventoryEndpoint,
  VpcInfo,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { endpointConsoleUrl } from './consoleLinks';
import { DetailList, IdList, SectionHeading } from './DetailList';
import { DnsSection } from './DnsSection';
import { EndpointPolicy } from './EndpointPolicy';
import { EndpointState } from './EndpointState';
import { ipAddressTypeLabel } from '../ipAddressTypes';

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
  return endpointServiceLabel(
    serviceName.endsWith('.eks-auth') ? 'eks-auth' : 'eks',
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
}) {
  const { endpoint, vpc, serviceName } = props;
  const gone = endpoint.state.toLocaleLowerCase('en-US') === 'deleted';
  const service = serviceLabel(endpoint.serviceName ?? serviceName);

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
          { term: 'Service', value: endpoint.serviceName ?? serviceName },
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
      {!gone && (
        <>
          <DnsSection
            vpc={vpc}
            privateDnsEnabled={endpoint.privateDnsEnabled}
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
