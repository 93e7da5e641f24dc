import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import type {
  InventoryListFilters,
  InventoryTotals,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { formatMoney, pluralize } from '../EksPrivateLinkCard/format';
import { DownloadCsvButton } from './DownloadCsvButton';
import { FleetFilters } from './FleetFilters';
import { filtersFromSearch, searchFromFilters } from './fleetFilters';
import { FleetTable } from './FleetTable';
import { useFleetInventory } from './useFleetInventory';

/** The title of the page, and of its sidebar entry. */
export const FLEET_PAGE_TITLE = 'EKS PrivateLink fleet';

function TotalsLine(props: { totals: InventoryTotals }) {
  const { vpcs, covered, partial, monthlyCost, currency } = props.totals;
  return (
    <Typography variant="body1" aria-label="Totals">
      {pluralize(vpcs, 'VPC', 'VPCs')} · {covered} covered · {partial} partly
      covered · {formatMoney(monthlyCost, currency)} a month for the endpoints
      (before data processing)
    </Typography>
  );
}

/** The filters, as the page URL carries them, so a view can be shared. */
function useUrlFilters() {
  const [search, setSearch] = useSearchParams();
  const searchText = search.toString();
  const filters = useMemo(
    () => filtersFromSearch(new URLSearchParams(searchText)),
    [searchText],
  );
  const setFilters = useCallback(
    (next: InventoryListFilters) =>
      setSearch(searchFromFilters(next), { replace: true }),
    [setSearch],
  );
  return [filters, setFilters] as const;
}

/**
 * Every VPC entity the user can read in the catalog, with its EKS
 * endpoints, filtered, totalled and downloadable.
 */
export function FleetView() {
  const [filters, setFilters] = useUrlFilters();
  const fleet = useFleetInventory(filters);
  const filtered = Object.keys(filters).length > 0;

  let body;
  if (fleet.loading) {
    body = <Progress aria-label="Loading the fleet" />;
  } else if (fleet.error) {
    body = (
      <>
        <ResponseErrorPanel
          title="Could not load the EKS endpoint inventory of the fleet"
          error={fleet.error}
        />
        <Box mt={1}>
          <Button variant="outlined" color="primary" onClick={fleet.retry}>
            Retry
          </Button>
        </Box>
      </>
    );
  } else if (fleet.items.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title={
          filtered
            ? 'No VPC matches these filters'
            : 'No VPC entities you can see yet'
        }
        description={
          filtered
            ? 'Change or clear the filters to see more of the fleet.'
            : 'VPC entities (kind Resource, type vpc) that you can read in the catalog show here once the inventory has them.'
        }
      />
    );
  } else {
    body = (
      <>
        <FleetTable items={fleet.items} service={filters.service} />
        {fleet.moreError && (
          <Typography role="alert" color="error" variant="body2">
            Could not load more: {fleet.moreError.message}
          </Typography>
        )}
        {fleet.nextCursor && (
          <Box mt={2}>
            <Button
              variant="outlined"
              onClick={fleet.loadMore}
              disabled={fleet.loadingMore}
            >
              {fleet.loadingMore ? 'Loading…' : 'Load more'}
            </Button>
          </Box>
        )}
      </>
    );
  }

  return (
    <>
      <FleetFilters filters={filters} onChange={setFilters} />
      <Box
        my={2}
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        style={{ gap: 16 }}
      >
        {fleet.totals ? <TotalsLine totals={fleet.totals} /> : <span />}
        <DownloadCsvButton filters={filters} />
      </Box>
      {body}
    </>
  );
}

/**
 * The fleet page of the legacy frontend system, with its own header.
 *
 * @public
 */
export function FleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title={FLEET_PAGE_TITLE}
        subtitle="The EKS interface endpoints of every VPC you can see"
      />
      <Content>
        <FleetView />
      </Content>
    </Page>
  );
}
