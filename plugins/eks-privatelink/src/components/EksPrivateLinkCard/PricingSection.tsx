import useAsync from 'react-use/esm/useAsync';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  HOURS_PER_MONTH,
  PricingEstimate,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { eksPrivateLinkApiRef } from '../../api';
import { PRIVATELINK_PRICING_URL } from './consoleLinks';
import { DataProcessingEstimate } from './DataProcessingEstimate';
import { SectionHeading } from './DetailList';
import { formatMoney, formatRate, pluralize } from './format';
import {
  monthlyAtRecordRates,
  notesBesideCount,
  placementZones,
} from './newEndpointCost';

function describeSource(pricing: PricingEstimate, region: string): string {
  if (pricing.source === 'config') {
    return pricing.regionConfigured === false
      ? `eksPrivateLink.pricing in app-config, which sets no rates for ${region} itself`
      : 'eksPrivateLink.pricing in app-config';
  }
  if (pricing.source === 'default') {
    return "the plugin's default rates (no rates are configured for this region)";
  }
  return pricing.source;
}

function Rates(props: { pricing: PricingEstimate; region: string }) {
  const { pricing, region } = props;
  return (
    <Typography variant="body2" color="textSecondary" component="p">
      Rates for {region} from {describeSource(pricing, region)}.{' '}
      <Link to={PRIVATELINK_PRICING_URL} externalLinkIcon>
        AWS PrivateLink pricing
      </Link>
    </Typography>
  );
}

function Notes(props: { notes: string[] }) {
  if (props.notes.length === 0) {
    return null;
  }
  return (
    <ul>
      {props.notes.map(note => (
        <Typography component="li" variant="body2" key={note}>
          {note}
        </Typography>
      ))}
    </ul>
  );
}

function perAz(pricing: PricingEstimate): string {
  return `${formatRate(pricing.hourlyPerAz)} ${pricing.currency} per AZ-hour`;
}

/**
 * What the VPC's endpoint costs: the hourly charge per Availability Zone
 * in use, the monthly estimate, and the data processing on top.
 */
function ExistingEndpointCost(props: {
  pricing: PricingEstimate;
  region: string;
}) {
  const { pricing, region } = props;
  const counted = pricing.azCount > 0 && pricing.azCountKnown !== false;
  const perGb = `${formatRate(pricing.dataProcessingPerGb)} ${
    pricing.currency
  } per GB of data processed`;
  return (
    <>
      {counted ? (
        <>
          <Typography variant="h6" component="p">
            {formatMoney(pricing.estimatedMonthly, pricing.currency)} a month
          </Typography>
          <Typography variant="body2" component="p">
            {perAz(pricing)} × {pluralize(pricing.azCount, 'AZ', 'AZs')} ×{' '}
            {HOURS_PER_MONTH} h, plus {perGb}.
          </Typography>
        </>
      ) : (
        <Typography variant="body2" component="p">
          {perAz(pricing)} for each Availability Zone the endpoint is in ×{' '}
          {HOURS_PER_MONTH} h, plus {perGb}.
        </Typography>
      )}
      <DataProcessingEstimate
        pricing={pricing}
        region={region}
        monthlyBeforeData={counted ? pricing.estimatedMonthly : null}
      />
      <Rates pricing={pricing} region={region} />
      <Notes notes={pricing.notes} />
    </>
  );
}

/**
 * What a new endpoint would cost: automatic placement puts it in every AZ
 * where the VPC has a subnet and the service is offered, so the card counts
 * those from the VPC's subnets. When they can't be read the cost is
 * unknown, never "0 AZs".
 */
function NewEndpointCost(props: {
  entityRef: string;
  vpcId: string;
  serviceName: string;
  pricing: PricingEstimate;
  region: string;
}) {
  const { entityRef, vpcId, serviceName, pricing, region } = props;
  const api = useApi(eksPrivateLinkApiRef);
  const subnets = useAsync(() => api.getSubnets(entityRef), [api, entityRef]);
  const perAzMonth = monthlyAtRecordRates(pricing, region, 1);

  let count = null;
  let monthly: number | null = null;
  if (subnets.loading) {
    count = (
      <Progress
        aria-label={`Counting the Availability Zones ${vpcId} has subnets in`}
      />
    );
  } else if (subnets.error || !subnets.value) {
    count = (
      <Typography variant="body2" component="p">
        The monthly cost is unknown: the subnets of {vpcId} could not be read
        {subnets.error ? ` (${subnets.error.message})` : ''}, so the number of
        Availability Zones a new endpoint would use is unknown. Each AZ costs{' '}
        {perAz(pricing)} × {HOURS_PER_MONTH} h ={' '}
        {formatMoney(perAzMonth, pricing.currency)} a month.
      </Typography>
    );
  } else {
    const zones = placementZones(subnets.value);
    if (zones.length === 0) {
      count = (
        <Typography variant="body2" component="p">
          {vpcId} has no subnet in an Availability Zone where {serviceName} is
          offered, so automatic placement has nowhere to put an endpoint: add a
          subnet in a supported AZ. Each AZ costs{' '}
          {formatMoney(perAzMonth, pricing.currency)} a month.
        </Typography>
      );
    } else {
      monthly = monthlyAtRecordRates(pricing, region, zones.length);
      count = (
        <>
          <Typography variant="h6" component="p">
            {formatMoney(monthly, pricing.currency)} a month once created
          </Typography>
          <Typography variant="body2" component="p">
            {perAz(pricing)} × {pluralize(zones.length, 'AZ', 'AZs')} ×{' '}
            {HOURS_PER_MONTH} h: automatic placement uses each Availability Zone
            where {vpcId} has a subnet and {serviceName} is offered (
            {zones.join(', ')}). Fewer subnets cost less.
          </Typography>
        </>
      );
    }
  }

  return (
    <>
      {count}
      <DataProcessingEstimate
        pricing={pricing}
        region={region}
        monthlyBeforeData={monthly}
      />
      <Rates pricing={pricing} region={region} />
      <Notes notes={notesBesideCount(pricing)} />
    </>
  );
}

/**
 * The card's cost section: of the endpoint in service, or of a new one.
 */
export function PricingSection(props: {
  entityRef: string;
  vpcId: string;
  serviceName: string;
  pricing: PricingEstimate;
  region: string;
  hasEndpoint: boolean;
}) {
  const { hasEndpoint, ...rest } = props;
  return (
    <>
      <SectionHeading>Estimated monthly cost</SectionHeading>
      {hasEndpoint ? (
        <ExistingEndpointCost pricing={rest.pricing} region={rest.region} />
      ) : (
        <NewEndpointCost {...rest} />
      )}
    </>
  );
}
