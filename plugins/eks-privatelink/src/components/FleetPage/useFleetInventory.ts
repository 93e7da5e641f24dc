import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  InventoryListFilters,
  InventoryRecord,
  InventoryTotals,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { eksPrivateLinkApiRef } from '../../api';

/** What the page has read of the filtered fleet so far. */
interface FleetState {
  items: InventoryRecord[];
  totals?: InventoryTotals;
  nextCursor?: string;
  /** Reading the first page of these filters. */
  loading: boolean;
  /** Reading a further page. */
  loadingMore: boolean;
  error?: Error;
  /** The last "load more" failed; the rows already read stay. */
  moreError?: Error;
}

const INITIAL: FleetState = { items: [], loading: true, loadingMore: false };

/**
 * The first page of the inventory for the filters, and more on demand. A
 * page that arrives after the filters changed is dropped, so a slow answer
 * never overwrites a newer one.
 */
export function useFleetInventory(filters: InventoryListFilters) {
  const api = useApi(eksPrivateLinkApiRef);
  const [state, setState] = useState<FleetState>(INITIAL);
  const generation = useRef(0);
  const key = JSON.stringify(filters);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const mine = ++generation.current;
    setState(INITIAL);
    api.listInventory(JSON.parse(key)).then(
      page => {
        if (mine === generation.current) {
          setState({
            items: page.items,
            totals: page.totals,
            nextCursor: page.nextCursor,
            loading: false,
            loadingMore: false,
          });
        }
      },
      error => {
        if (mine === generation.current) {
          setState({ ...INITIAL, loading: false, error });
        }
      },
    );
  }, [api, key, attempt]);

  const loadMore = useCallback(async () => {
    const cursor = state.nextCursor;
    if (!cursor || state.loadingMore) {
      return;
    }
    const mine = generation.current;
    setState(s => ({ ...s, loadingMore: true, moreError: undefined }));
    try {
      const page = await api.listInventory({ ...JSON.parse(key), cursor });
      if (mine === generation.current) {
        setState(s => ({
          ...s,
          items: [...s.items, ...page.items],
          nextCursor: page.nextCursor,
          loadingMore: false,
        }));
      }
    } catch (error) {
      if (mine === generation.current) {
        setState(s => ({
          ...s,
          loadingMore: false,
          moreError: error as Error,
        }));
      }
    }
  }, [api, key, state.nextCursor, state.loadingMore]);

  const retry = useCallback(() => setAttempt(a => a + 1), []);

  return { ...state, loadMore, retry };
}
