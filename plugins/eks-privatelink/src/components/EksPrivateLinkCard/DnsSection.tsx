import Alert from '@material-ui/lab/Alert';
import Typography from '@material-ui/core/Typography';
import type { VpcInfo } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { CodeLine } from './Code';
import { DetailList, SectionHeading } from './DetailList';
import { formatTimestamp } from './format';

/** How long ago, in the largest whole unit: `just now`, `12 min ago`, `3 h ago`, `2 days ago`. */
function readAgo(iso: string, nowMs: number): string {
  const minutes = Math.floor((nowMs - Date.parse(iso)) / 60_000);
  if (minutes < 1) {
    return 'just now';
  }
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours} h ago`;
  }
  return `${Math.floor(hours / 24)} days ago`;
}

function onOff(value: boolean | null): string {
  if (value === null) {
    return 'not read yet';
  }
  return value ? 'on' : 'off';
}

/** The AWS CLI call that turns one VPC DNS attribute on. */
export function turnOnCommand(
  vpc: VpcInfo,
  attribute: 'enableDnsSupport' | 'enableDnsHostnames',
): string {
  const flag =
    attribute === 'enableDnsSupport'
      ? '--enable-dns-support'
      : '--enable-dns-hostnames';
  return `aws ec2 modify-vpc-attribute --region ${vpc.region} --vpc-id ${vpc.vpcId} ${flag} '{"Value":true}'`;
}

/**
 * Private DNS and the two VPC attributes it depends on, with the fix for
 * each attribute that is off.
 *
 * @param privateDnsEnabled - the endpoint's setting; undefined while there is
 *   no endpoint, when the advice is for the default (private DNS on).
 */
export function DnsSection(props: {
  vpc: VpcInfo;
  privateDnsEnabled: boolean | undefined;
  /** The user may run the endpoint template for this VPC. */
  canRunTemplate: boolean;
}) {
  const { vpc, privateDnsEnabled, canRunTemplate } = props;
  const serviceDns = `eks.${vpc.region}.amazonaws.com`;
  const offAttributes = (
    [
      ['enableDnsSupport', vpc.dnsSupport],
      ['enableDnsHostnames', vpc.dnsHostnames],
    ] as const
  )
    .filter(([, value]) => value === false)
    .map(([name]) => name);
  const needsBoth = privateDnsEnabled !== false;

  const rows = [
    { term: 'enableDnsSupport', value: onOff(vpc.dnsSupport) },
    { term: 'enableDnsHostnames', value: onOff(vpc.dnsHostnames) },
  ];
  if (vpc.dnsCheckedAt) {
    rows.push({
      term: 'Attributes read',
      value: `${formatTimestamp(vpc.dnsCheckedAt)} (${readAgo(
        vpc.dnsCheckedAt,
        Date.now(),
      )}); the sync re-reads them every few runs, and at once when the endpoint changes or on Refresh`,
    });
  }
  if (privateDnsEnabled !== undefined) {
    rows.unshift({
      term: 'Private DNS',
      value: privateDnsEnabled
        ? `on: ${serviceDns} resolves to this endpoint inside the VPC`
        : `off: clients must call the endpoint's own DNS names, not ${serviceDns}`,
    });
  }

  return (
    <>
      <SectionHeading>DNS</SectionHeading>
      <DetailList rows={rows} />
      {needsBoth && offAttributes.length > 0 && (
        <Alert severity="warning">
          <Typography variant="body2" component="p">
            {privateDnsEnabled === undefined
              ? 'Private DNS, on by default for a new endpoint, '
              : 'Private DNS '}
            needs both enableDnsSupport and enableDnsHostnames on this VPC.
          </Typography>
          {offAttributes.map(attribute => (
            <Typography variant="body2" component="div" key={attribute}>
              Turn on {attribute}:
              <CodeLine>{turnOnCommand(vpc, attribute)}</CodeLine>
            </Typography>
          ))}
          {offAttributes.length === 2 && (
            <Typography variant="body2" component="p">
              Run the enableDnsSupport command first: AWS accepts
              enableDnsHostnames only while enableDnsSupport is on.
            </Typography>
          )}
          <Typography variant="body2" component="p">
            {canRunTemplate
              ? 'Or re-run the EKS endpoint template with manageVpcDns on (the default), which turns them on for you.'
              : "Or ask the VPC's owner to re-run the EKS endpoint template with manageVpcDns on (the default), which turns them on."}
          </Typography>
        </Alert>
      )}
    </>
  );
}
