import { ChangeEvent, useState } from 'react';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  dataProcessingCost,
  dataProcessingTiers,
  type DataProcessingTier,
  type PricingEstimate,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { formatMoney, formatRate } from './format';

const GB_PER_PB = 1024 * 1024;

/** The region's tiers: from the record, or built from its first-tier rate. */
function tiersOf(pricing: PricingEstimate, region: string) {
  return (
    pricing.dataProcessingTiers ??
    dataProcessingTiers(region, {
      dataProcessingPerGb: pricing.dataProcessingPerGb,
    })
  );
}

function tierText(tiers: DataProcessingTier[], currency: string): string {
  let fromPb = 0;
  return tiers
    .map(tier => {
      const rate = `${formatRate(tier.perGb)} ${currency} per GB`;
      if (tier.sizeGb === null) {
        return `${rate} above ${fromPb} PB`;
      }
      const sizePb = tier.sizeGb / GB_PER_PB;
      const text = `${rate} for the ${
        fromPb === 0 ? 'first' : 'next'
      } ${sizePb} PB`;
      fromPb += sizePb;
      return text;
    })
    .join(', ');
}

/**
 * The data-processing part of the estimate: the user types a monthly
 * volume and sees what it costs through the tiers (first 1 PB, next 4 PB,
 * above), which AWS sums over all interface endpoints in the region.
 */
export function DataProcessingEstimate(props: {
  pricing: PricingEstimate;
  region: string;
  /** The hourly charge a month, when known, to add the data cost to. */
  monthlyBeforeData: number | null;
}) {
  const { pricing, region, monthlyBeforeData } = props;
  const [text, setText] = useState('');
  const tiers = tiersOf(pricing, region);
  const gb = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(gb) && gb >= 0;
  const cost = valid ? dataProcessingCost(gb, tiers) : 0;

  return (
    <>
      <Typography variant="body2" component="p">
        Data processing: {tierText(tiers, pricing.currency)}.
      </Typography>
      <TextField
        id="eks-privatelink-data-volume"
        label="Data processed a month (GB)"
        type="number"
        size="small"
        margin="dense"
        value={text}
        inputProps={{ min: 0 }}
        error={text.trim() !== '' && !valid}
        helperText={
          text.trim() !== '' && !valid
            ? 'Type a number of GB, 0 or more.'
            : 'AWS sums it over all interface endpoints in the region.'
        }
        onChange={(event: ChangeEvent<HTMLInputElement>) =>
          setText(event.target.value)
        }
      />
      {valid && (
        <Typography variant="body2" component="p" aria-live="polite">
          {`${gb} GB a month: ${formatMoney(
            cost,
            pricing.currency,
          )} of data processing${
            monthlyBeforeData === null
              ? '.'
              : `, ${formatMoney(
                  Math.round((monthlyBeforeData + cost) * 100) / 100,
                  pricing.currency,
                )} a month in all.`
          }`}
        </Typography>
      )}
    </>
  );
}
