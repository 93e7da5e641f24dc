import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type { InventoryListFilters } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { eksPrivateLinkApiRef } from '../../api';
import { fleetCsv, readWholeFleet } from './fleetCsv';

/** Hands the browser a file to save. */
function saveFile(name: string, text: string) {
  const url = URL.createObjectURL(
    new Blob([text], { type: 'text/csv;charset=utf-8' }),
  );
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  URL.revokeObjectURL(url);
}

/** Reads every page of the current filters and saves them as one CSV file. */
export function DownloadCsvButton(props: { filters: InventoryListFilters }) {
  const api = useApi(eksPrivateLinkApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const onClick = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const records = await readWholeFleet(api, props.filters);
      saveFile('eks-privatelink-fleet.csv', fleetCsv(records));
    } catch (e) {
      setError(
        `Could not read the fleet for the CSV file: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="outlined" onClick={onClick} disabled={busy}>
        {busy ? 'Preparing CSV…' : 'Download CSV'}
      </Button>
      {error && (
        <Typography role="alert" color="error" variant="body2">
          {error}
        </Typography>
      )}
    </>
  );
}
