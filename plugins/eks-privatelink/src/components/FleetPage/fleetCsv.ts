import type {
  InventoryListFilters,
  InventoryRecord,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { EksPrivateLinkApi } from '../../api';
import {
  availabilityZones,
  driftFields,
  driftText,
  monthlyCost,
  privateDnsText,
  stateText,
  syncStatusText,
  vpcDnsText,
} from './fleetRow';

/** The largest page `GET /inventory` serves. */
const PAGE_LIMIT = 200;

const HEADER = [
  'Entity',
  'Title',
  'Owner',
  'Account',
  'Region',
  'VPC',
  'EKS API endpoint',
  'Pod Identity endpoint',
  'Private DNS',
  'VPC DNS',
  'Availability Zones',
  'Monthly cost',
  'Currency',
  'Drift count',
  'Drift',
  'Sync status',
  'Last synced',
  'Sync error',
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
 * break, with quotes doubled. A value that a spreadsheet would read as a
 * formula (it starts with =, +, -, @, a tab or a carriage return; titles
 * and owners come from whoever registered the entity) gets a leading
 * apostrophe, so it opens as text.
 */
export function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text, CRLF-separated as RFC 4180 has it. */
export function toCsv(rows: string[][]): string {
  return `${rows.map(row => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** A header row, then one row per VPC entity. */
export function fleetCsv(records: InventoryRecord[]): string {
  return toCsv([
    HEADER,
    ...records.map(record => [
      record.entityRef,
      record.title ?? '',
      record.owner ?? '',
      record.vpc.accountId ?? '',
      record.vpc.region,
      record.vpc.vpcId,
      stateText(record, 'eks'),
      stateText(record, 'eks-auth'),
      privateDnsText(record),
      vpcDnsText(record),
      availabilityZones(record).join(' '),
      monthlyCost(record).toFixed(2),
      record.pricing.currency,
      String(driftFields(record).length),
      driftText(record),
      syncStatusText(record),
      record.sync.lastSyncedAt ?? '',
      record.sync.error ?? '',
    ]),
  ]);
}

/** Every page of the filtered inventory, read one after the other. */
export async function readWholeFleet(
  api: EksPrivateLinkApi,
  filters: InventoryListFilters,
): Promise<InventoryRecord[]> {
  const records: InventoryRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.listInventory({
      ...filters,
      cursor,
      limit: PAGE_LIMIT,
    });
    records.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}
