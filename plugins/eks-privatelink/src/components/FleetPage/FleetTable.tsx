import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  EksEndpointService,
  InventoryRecord,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { formatMoney, formatTimestamp } from '../EksPrivateLinkCard/format';
import { CreateEndpointLink, UpdateToMatchLink } from './CreateEndpointLink';
import {
  availabilityZones,
  consideredServices,
  driftText,
  driftedServices,
  monthlyCost,
  privateDnsText,
  stateText,
  syncStatusText,
  uncoveredServices,
  vpcDnsText,
} from './fleetRow';

const COLUMNS = [
  'VPC entity',
  'Owner',
  'Account',
  'Region',
  'EKS API',
  'Pod Identity',
  'Private DNS',
  'VPC DNS',
  'AZs',
  'Monthly cost',
  'Drift',
  'Sync',
  'Actions',
];

// Short values read better on one line; the table scrolls sideways instead.
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function FleetRow(props: {
  record: InventoryRecord;
  service?: EksEndpointService;
}) {
  const { record, service } = props;
  const azs = availabilityZones(record);
  const missing = uncoveredServices(record, consideredServices(service));
  const cost = monthlyCost(record);
  return (
    <TableRow>
      <TableCell component="th" scope="row">
        <EntityRefLink entityRef={record.entityRef} />
        {record.title && (
          <Typography variant="body2" color="textSecondary">
            {record.title}
          </Typography>
        )}
        <Typography variant="caption" color="textSecondary">
          {record.vpc.vpcId}
        </Typography>
      </TableCell>
      <TableCell>
        {record.owner ? <EntityRefLink entityRef={record.owner} /> : 'none'}
      </TableCell>
      <TableCell style={NO_WRAP}>{record.vpc.accountId ?? 'unknown'}</TableCell>
      <TableCell style={NO_WRAP}>{record.vpc.region}</TableCell>
      <TableCell style={NO_WRAP}>{stateText(record, 'eks')}</TableCell>
      <TableCell style={NO_WRAP}>{stateText(record, 'eks-auth')}</TableCell>
      <TableCell>{privateDnsText(record)}</TableCell>
      <TableCell>{vpcDnsText(record)}</TableCell>
      <TableCell>{azs.length > 0 ? azs.join(', ') : 'none'}</TableCell>
      <TableCell align="right" style={NO_WRAP}>
        {cost > 0 ? formatMoney(cost, record.pricing.currency) : 'none'}
      </TableCell>
      <TableCell>{driftText(record)}</TableCell>
      <TableCell>
        {syncStatusText(record)}
        <Typography variant="caption" color="textSecondary" component="div">
          {record.sync.error ??
            `last synced ${formatTimestamp(record.sync.lastSyncedAt)}`}
        </Typography>
      </TableCell>
      <TableCell style={NO_WRAP}>
        <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
          <CreateEndpointLink entityRef={record.entityRef} missing={missing} />
          <UpdateToMatchLink
            entityRef={record.entityRef}
            drifted={driftedServices(record)}
          />
        </Box>
      </TableCell>
    </TableRow>
  );
}

/** One row per VPC entity; the create link offers what is not covered. */
export function FleetTable(props: {
  items: InventoryRecord[];
  service?: EksEndpointService;
}) {
  return (
    <Box overflow="auto">
      <Table size="small" aria-label="VPC entities and their EKS endpoints">
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => (
              <TableCell key={column}>{column}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.items.map(record => (
            <FleetRow
              key={record.entityRef}
              record={record}
              service={props.service}
            />
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
