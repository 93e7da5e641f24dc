import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  HOURS_PER_MONTH,
  PricingEstimate,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { PRIVATELINK_PRICING_URL } from './consoleLinks';
import { SectionHeading } from './DetailList';
import { formatMoney, formatRate, pluralize } from './format';

function describeSource(source: string): string {
  if (source === 'config') {
    return 'eksPrivateLink.pricing in app-config';
  }
  if (source === 'default') {
    return "the plugin's default rates";
  }
  return source;
}

/**
 * What the endpoint costs: the hourly charge per Availability Zone, the
 * monthly estimate, and the data processing charge that comes on top.
 */
export function PricingSection(props: {
  pricing: PricingEstimate;
  region: string;
  hasEndpoint: boolean;
}) {
  const { pricing, region, hasEndpoint } = props;
  const rate = `${formatRate(pricing.hourlyPerAz)} ${pricing.currency}`;
  const perGb = `${formatRate(pricing.dataProcessingPerGb)} ${
    pricing.currency
  }`;

  return (
    <>
      <SectionHeading>Estimated monthly cost</SectionHeading>
      {pricing.azCount > 0 ? (
        <>
          <Typography variant="h6" component="p">
            {formatMoney(pricing.estimatedMonthly, pricing.currency)} a month
            {hasEndpoint ? '' : ' once created'}
          </Typography>
          <Typography variant="body2" component="p">
            {rate} per AZ-hour × {pluralize(pricing.azCount, 'AZ', 'AZs')} ×{' '}
            {HOURS_PER_MONTH} h, plus {perGb} per GB of data processed.
          </Typography>
        </>
      ) : (
        <Typography variant="body2" component="p">
          {rate} per AZ-hour for each Availability Zone the endpoint is in ×{' '}
          {HOURS_PER_MONTH} h, plus {perGb} per GB of data processed.
        </Typography>
      )}
      <Typography variant="body2" color="textSecondary" component="p">
        Rates for {region} from {describeSource(pricing.source)}.{' '}
        <Link to={PRIVATELINK_PRICING_URL} externalLinkIcon>
          AWS PrivateLink pricing
        </Link>
      </Typography>
      {pricing.notes.length > 0 && (
        <ul>
          {pricing.notes.map(note => (
            <Typography component="li" variant="body2" key={note}>
              {note}
            </Typography>
          ))}
        </ul>
      )}
    </>
  );
}
