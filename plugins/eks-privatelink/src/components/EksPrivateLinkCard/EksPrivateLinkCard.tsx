import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InfoCard,
  InfoCardVariants,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  InventoryRecord,
  readVpcLocator,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { eksPrivateLinkApiRef } from '../../api';
import { createEndpointTemplatePath } from './consoleLinks';
import { Considerations } from './Considerations';
import { DnsSection } from './DnsSection';
import { EndpointDetails } from './EndpointDetails';
import { MissingVpcId } from './MissingVpcId';
import { Decision, OwnerNote, useCardPermissions } from './permissions';
import { PricingSection } from './PricingSection';
import { RegionRulesNotice } from './RegionRulesNotice';
import { regionSupportOf, serviceFromName } from './serviceSupport';
import { RefreshOutcome, StaleBanner, SyncSection } from './SyncSection';

const TITLE = 'EKS PrivateLink';

/** Props of the EKS PrivateLink entity card. @public */
export interface EksPrivateLinkCardProps {
  variant?: InfoCardVariants;
}

/**
 * The EKS interface endpoint of the VPC entity in context: state, DNS,
 * placement, cost and what it does not do; or how to get one.
 *
 * @public
 */
export function EksPrivateLinkCard(props: EksPrivateLinkCardProps) {
  const { entity } = useEntity();
  const locator = readVpcLocator(entity);
  if (!locator) {
    return (
      <InfoCard title={TITLE} variant={props.variant}>
        <MissingVpcId />
      </InfoCard>
    );
  }
  const entityRef = stringifyEntityRef(entity);
  // Keyed by entity, so a refreshed record never outlives a navigation.
  return (
    <InventoryCard
      key={entityRef}
      entityRef={entityRef}
      owner={ownerRef(entity)}
      vpcId={locator.vpcId}
      variant={props.variant}
    />
  );
}

/** `spec.owner` in full, as the catalog resolves a short `payments-team`. */
function ownerRef(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') {
    return undefined;
  }
  return stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    }),
  );
}

function isForbidden(error: unknown): boolean {
  return error instanceof ResponseError && error.statusCode === 403;
}

/** The backend's own words where there are some, not just the status. */
function errorMessage(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function InventoryCard(props: {
  entityRef: string;
  owner?: string;
  vpcId: string;
  variant?: InfoCardVariants;
}) {
  const { entityRef, owner, vpcId, variant } = props;
  const api = useApi(eksPrivateLinkApiRef);
  // Asked here rather than with the record, so both load at the same time.
  const permissions = useCardPermissions(entityRef);
  const loaded = useAsyncRetry(
    () => api.getInventory(entityRef),
    [api, entityRef],
  );
  const [refreshed, setRefreshed] = useState<InventoryRecord>();
  const [refresh, setRefresh] = useState<RefreshOutcome>({ status: 'idle' });

  const onRefresh = async () => {
    setRefresh({ status: 'running' });
    try {
      setRefreshed(await api.refresh(entityRef));
      setRefresh({ status: 'done' });
    } catch (error) {
      setRefresh(
        isForbidden(error)
          ? { status: 'forbidden' }
          : { status: 'failed', message: errorMessage(error) },
      );
    }
  };

  const record = refreshed ?? loaded.value;
  const subheader = record
    ? `${record.vpc.vpcId} in ${record.vpc.region}${
        record.vpc.accountId ? ` (account ${record.vpc.accountId})` : ''
      }`
    : vpcId;

  let content = null;
  if (record) {
    content = (
      <InventoryView
        entityRef={entityRef}
        owner={owner}
        permissions={permissions}
        record={record}
        refresh={refresh}
        onRefresh={onRefresh}
      />
    );
  } else if (loaded.loading) {
    content = <Progress aria-label="Loading the EKS endpoint inventory" />;
  } else if (loaded.error) {
    content = (
      <>
        <ResponseErrorPanel
          title="Could not load the EKS endpoint inventory"
          error={loaded.error}
        />
        <Box mt={1}>
          <Button variant="outlined" color="primary" onClick={loaded.retry}>
            Retry
          </Button>
        </Box>
      </>
    );
  }

  return (
    <InfoCard title={TITLE} subheader={subheader} variant={variant}>
      {content}
    </InfoCard>
  );
}

function InventoryView(props: {
  entityRef: string;
  owner?: string;
  permissions: { create: Decision; refresh: Decision };
  record: InventoryRecord;
  refresh: RefreshOutcome;
  onRefresh: () => void;
}) {
  const { entityRef, owner, permissions, record, refresh, onRefresh } = props;
  const { vpc } = record;
  const live = record.endpoints.filter(
    ep => ep.state.toLocaleLowerCase('en-US') !== 'deleted',
  );
  const gone = record.endpoints.filter(
    ep => ep.state.toLocaleLowerCase('en-US') === 'deleted',
  );
  const neverSynced =
    record.sync.status === 'never' && record.endpoints.length === 0;
  // An EKS Pod Identity endpoint alone still leaves the EKS API without one.
  const liveEksApi = live.filter(
    ep => (ep.serviceName ?? record.serviceName) === record.serviceName,
  );
  const offersCreate =
    record.regionSupported && !neverSynced && liveEksApi.length === 0;
  // One note for the card, beside the first button it stands in for.
  const createDenied = offersCreate && permissions.create === 'denied';
  const note = <OwnerNote owner={owner} />;

  return (
    <>
      <StaleBanner sync={record.sync} />
      <RegionRulesNotice record={record} />
      {record.regionSupported && neverSynced && (
        <Alert severity="info">
          <AlertTitle>Not read from AWS yet</AlertTitle>
          The inventory has not synced this VPC yet.
          {permissions.refresh === 'allowed'
            ? ' Refresh to read it now; the scheduled sync will also pick it up.'
            : ' The scheduled sync will pick it up.'}
        </Alert>
      )}
      {offersCreate && (
        <NoEndpoint
          record={record}
          entityRef={entityRef}
          canCreate={permissions.create === 'allowed'}
          note={createDenied && note}
        />
      )}
      {[...live, ...gone].map(endpoint => (
        <EndpointDetails
          key={endpoint.vpcEndpointId}
          endpoint={endpoint}
          vpc={vpc}
          serviceName={record.serviceName}
          support={regionSupportOf(
            record,
            serviceFromName(endpoint.serviceName ?? record.serviceName),
          )}
          entityRef={entityRef}
          canUpdate={permissions.create === 'allowed'}
        />
      ))}
      {record.regionSupported && live.length === 0 && (
        <DnsSection
          vpc={vpc}
          privateDnsEnabled={undefined}
          canRunTemplate={permissions.create === 'allowed'}
        />
      )}
      {record.regionSupported && (
        <PricingSection
          entityRef={entityRef}
          vpcId={vpc.vpcId}
          serviceName={record.serviceName}
          pricing={record.pricing}
          region={vpc.region}
          hasEndpoint={live.length > 0}
        />
      )}
      <Considerations region={vpc.region} />
      <SyncSection
        sync={record.sync}
        refresh={refresh}
        onRefresh={onRefresh}
        canRefresh={permissions.refresh === 'allowed'}
        note={!createDenied && permissions.refresh === 'denied' && note}
      />
    </>
  );
}

function NoEndpoint(props: {
  record: InventoryRecord;
  entityRef: string;
  canCreate: boolean;
  note: ReactNode;
}) {
  const { record, entityRef, canCreate, note } = props;
  return (
    <Box>
      <Typography variant="body1" component="p">
        No EKS interface endpoint in {record.vpc.vpcId} yet. Without one,
        workloads in its private subnets need a NAT or internet gateway to call
        the EKS API.
      </Typography>
      {canCreate && (
        <Box mt={1}>
          <LinkButton
            to={createEndpointTemplatePath(entityRef)}
            variant="contained"
            color="primary"
          >
            Create endpoint
          </LinkButton>
        </Box>
      )}
      {note && <Box mt={1}>{note}</Box>}
    </Box>
  );
}
