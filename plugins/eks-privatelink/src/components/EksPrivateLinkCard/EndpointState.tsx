import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { InventoryEndpoint } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { formatTimestamp } from './format';

const PENDING_STATES = new Set(['pending', 'pendingacceptance', 'deleting']);
const FAILED_STATES = new Set(['failed', 'rejected', 'expired']);

/**
 * When the endpoint entered its current state: the newest history entry for
 * that state, else (for `deleted`) the time the sync found it gone, else the
 * creation time.
 */
export function enteredStateAt(endpoint: InventoryEndpoint): string | null {
  const state = endpoint.state.toLocaleLowerCase('en-US');
  const history = endpoint.stateHistory ?? [];
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i].state.toLocaleLowerCase('en-US') === state) {
      return history[i].at;
    }
  }
  if (state === 'deleted') {
    return endpoint.deletedAt ?? null;
  }
  return endpoint.createdAt;
}

/**
 * The endpoint's state as a status line: the state as EC2 names it, with the
 * time it got there or the error AWS gave.
 */
export function EndpointState(props: { endpoint: InventoryEndpoint }) {
  const { endpoint } = props;
  const state = endpoint.state.toLocaleLowerCase('en-US');
  const since = enteredStateAt(endpoint);
  // The Status components hide themselves from assistive technology by
  // default; the state is the most important fact on the card, so undo that.
  const a11y = { 'aria-hidden': false, 'aria-label': undefined };

  if (state === 'available') {
    return (
      <StatusOK {...a11y}>
        available{since ? ` since ${formatTimestamp(since)}` : ''}
      </StatusOK>
    );
  }
  if (state === 'deleted') {
    const deletedOn = endpoint.deletedAt ?? since;
    return (
      <StatusAborted {...a11y}>
        deleted{deletedOn ? ` on ${formatTimestamp(deletedOn)}` : ''}
      </StatusAborted>
    );
  }
  if (PENDING_STATES.has(state)) {
    return (
      <StatusPending {...a11y}>
        {state}
        {since ? ` since ${formatTimestamp(since)}` : ''}
      </StatusPending>
    );
  }
  if (FAILED_STATES.has(state)) {
    const error = endpoint.lastError;
    return (
      <StatusError {...a11y}>
        {state}
        {error ? `: ${error.code}: ${error.message}` : ''}
      </StatusError>
    );
  }
  return <StatusWarning {...a11y}>{state}</StatusWarning>;
}
