import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { SyncInfo } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { DetailList, SectionHeading } from './DetailList';
import { formatTimestamp } from './format';

function outcome(sync: SyncInfo): string {
  switch (sync.status) {
    case 'ok':
      return 'succeeded';
    case 'stale':
      return `stale${sync.error ? `: ${sync.error}` : ''}`;
    case 'error':
      return `failed${sync.error ? `: ${sync.error}` : ''}`;
    case 'never':
      return 'not synced yet';
    default:
      return sync.status;
  }
}

/**
 * Shown above everything else when the last sync of this VPC's account and
 * region failed: the data below is the last known, not the current state.
 */
export function StaleBanner(props: { sync: SyncInfo }) {
  const { sync } = props;
  if (sync.status !== 'stale' && sync.status !== 'error') {
    return null;
  }
  return (
    <Alert severity="warning">
      <AlertTitle>Inventory data may be out of date</AlertTitle>
      The last sync with AWS failed
      {sync.error ? `: ${sync.error}` : ''}.{' '}
      {sync.lastSyncedAt
        ? `Showing what the last successful sync saw, at ${formatTimestamp(
            sync.lastSyncedAt,
          )}.`
        : 'No sync has succeeded yet.'}
    </Alert>
  );
}

/** The outcome of a click on Refresh, as the card reports it. */
export type RefreshOutcome =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done' }
  | { status: 'forbidden' }
  | { status: 'failed'; message: string };

/**
 * When the inventory last read this VPC from AWS, and a way to do it now for
 * those allowed to.
 */
export function SyncSection(props: {
  sync: SyncInfo;
  refresh: RefreshOutcome;
  onRefresh: () => void;
  canRefresh: boolean;
  note: ReactNode;
}) {
  const { sync, refresh, onRefresh, canRefresh, note } = props;
  const running = refresh.status === 'running';
  return (
    <>
      <SectionHeading>Sync</SectionHeading>
      <DetailList
        rows={[
          { term: 'Last sync', value: formatTimestamp(sync.lastSyncedAt) },
          { term: 'Outcome', value: outcome(sync) },
        ]}
      />
      {canRefresh && (
        <Box display="flex" alignItems="center" mt={1}>
          <Button
            variant="outlined"
            color="primary"
            onClick={onRefresh}
            disabled={running}
          >
            Refresh
          </Button>
          {running && (
            <Box ml={1} display="flex" alignItems="center">
              <CircularProgress size={20} aria-label="Refreshing" />
            </Box>
          )}
        </Box>
      )}
      {note && <Box mt={1}>{note}</Box>}
      {refresh.status === 'forbidden' && (
        <Box mt={1}>
          <Alert severity="error">
            You are not allowed to refresh this inventory. Ask a portal
            administrator for the permission eks-privatelink.inventory.refresh;
            the scheduled sync keeps running meanwhile.
          </Alert>
        </Box>
      )}
      {refresh.status === 'failed' && (
        <Box mt={1}>
          <Alert severity="error">Refresh failed: {refresh.message}</Alert>
        </Box>
      )}
      {refresh.status === 'done' && (
        <Typography variant="body2" color="textSecondary" role="status">
          Refreshed from AWS.
        </Typography>
      )}
    </>
  );
}
