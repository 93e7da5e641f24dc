import { Knex } from 'knex';
import { EndpointColumns, EndpointRow, endpointColumns, toIso } from './rows';
import { ENDPOINTS, ENTITIES, STATES, accountKey, chunks } from './tables';
import type {
  AccountRegion,
  ObservedEndpoint,
  SnapshotChanges,
  VpcSnapshot,
} from './types';

interface StateChangeRow {
  account_id: string;
  vpc_endpoint_id: string;
  state: string;
  at: Date;
}

/** What a snapshot changes in the endpoint tables, decided before writing. */
interface EndpointWrites {
  inserts: Array<
    EndpointColumns & {
      vpc_endpoint_id: string;
      first_seen_at: Date;
      last_seen_at: Date;
      deleted_at: Date | null;
    }
  >;
  updates: Array<{
    id: string;
    columns: EndpointColumns & {
      last_seen_at: Date;
      deleted_at: EndpointRow['deleted_at'];
    };
  }>;
  /** Seen again as they were: only their `last_seen_at` moves. */
  unchangedIds: string[];
  /** Known live in these VPCs and not returned by AWS: deleted. */
  vanishedIds: string[];
  history: StateChangeRow[];
  changes: SnapshotChanges;
}

/**
 * Writes a snapshot inside `tx`: the endpoints, their state changes, then
 * the sync outcome and DNS attributes of the entities of its VPCs.
 */
export async function writeSnapshot(
  tx: Knex.Transaction,
  snapshot: VpcSnapshot,
): Promise<SnapshotChanges> {
  const covered = new Set(snapshot.vpcIds);
  const observed = snapshot.endpoints.filter(o => covered.has(o.vpcId));
  const existing = await readKnownEndpoints(tx, snapshot, covered, observed);
  const writes = planEndpointWrites(existing, observed, covered, snapshot);
  await writeEndpoints(tx, accountKey(snapshot.accountId), writes, snapshot.at);
  await writeEntityOutcome(tx, snapshot, covered);
  return writes.changes;
}

/**
 * Records a failed read of these VPCs on their entities: those synced before
 * turn `stale` and keep their data, the others turn `error`.
 */
export async function markVpcsFailed(
  db: Knex | Knex.Transaction,
  { region, accountId }: AccountRegion,
  vpcIds: string[],
  message: string,
  at: Date,
): Promise<void> {
  for (const part of chunks(vpcIds)) {
    await db(ENTITIES)
      .where({ account_id: accountKey(accountId), region })
      .whereIn('vpc_id', part)
      .update({
        sync_status: db.raw(
          "CASE WHEN last_synced_at IS NULL THEN 'error' ELSE 'stale' END",
        ),
        sync_error: message,
        last_attempt_at: at,
        updated_at: at,
      });
  }
}

/** The stored endpoints of the covered VPCs and the observed endpoint ids. */
async function readKnownEndpoints(
  tx: Knex.Transaction,
  { region, accountId }: AccountRegion,
  covered: Set<string>,
  observed: ObservedEndpoint[],
): Promise<Map<string, EndpointRow>> {
  const account = accountKey(accountId);
  const existing = new Map<string, EndpointRow>();
  for (const part of chunks([...covered])) {
    const rows: EndpointRow[] = await tx(ENDPOINTS)
      .where({ account_id: account, region })
      .whereIn('vpc_id', part)
      .select();
    rows.forEach(r => existing.set(r.vpc_endpoint_id, r));
  }
  // An endpoint id is unique in an account, so one seen again under another
  // VPC set (an entity moved) is still the same row.
  const unknownIds = observed
    .map(o => o.endpoint.vpcEndpointId)
    .filter(id => !existing.has(id));
  for (const part of chunks(unknownIds)) {
    const rows: EndpointRow[] = await tx(ENDPOINTS)
      .where('account_id', account)
      .whereIn('vpc_endpoint_id', part)
      .select();
    rows.forEach(r => existing.set(r.vpc_endpoint_id, r));
  }
  return existing;
}

/** The writes of the endpoint tables, from what is stored and what AWS returned. */
function planEndpointWrites(
  existing: Map<string, EndpointRow>,
  observed: ObservedEndpoint[],
  covered: Set<string>,
  { region, accountId, at }: VpcSnapshot,
): EndpointWrites {
  const account = accountKey(accountId);
  const writes: EndpointWrites = {
    inserts: [],
    updates: [],
    unchangedIds: [],
    vanishedIds: [],
    history: [],
    changes: { added: 0, stateChanges: 0, deleted: 0 },
  };
  const seen = new Set<string>();

  for (const o of observed) {
    const id = o.endpoint.vpcEndpointId;
    seen.add(id);
    const columns = endpointColumns(o, { region, accountId });
    const goneInAws = columns.state === 'deleted';
    const before = existing.get(id);
    if (!before) {
      writes.inserts.push({
        vpc_endpoint_id: id,
        ...columns,
        first_seen_at: at,
        last_seen_at: at,
        deleted_at: goneInAws ? at : null,
      });
      writes.history.push({
        account_id: account,
        vpc_endpoint_id: id,
        state: columns.state,
        at,
      });
      writes.changes.added += 1;
      continue;
    }
    const stateChanged = before.state !== columns.state;
    if (stateChanged) {
      writes.history.push({
        account_id: account,
        vpc_endpoint_id: id,
        state: columns.state,
        at,
      });
      writes.changes.stateChanges += 1;
    }
    const deletedAt = goneInAws ? before.deleted_at ?? at : null;
    if (
      !stateChanged &&
      !before.deleted_at === !deletedAt &&
      sameColumns(before, columns)
    ) {
      writes.unchangedIds.push(id);
    } else {
      writes.updates.push({
        id,
        columns: { ...columns, last_seen_at: at, deleted_at: deletedAt },
      });
    }
  }

  const vanished = [...existing.values()].filter(
    r =>
      !seen.has(r.vpc_endpoint_id) &&
      r.region === region &&
      covered.has(r.vpc_id) &&
      !r.deleted_at,
  );
  writes.vanishedIds = vanished.map(r => r.vpc_endpoint_id);
  for (const r of vanished.filter(v => v.state !== 'deleted')) {
    writes.history.push({
      account_id: account,
      vpc_endpoint_id: r.vpc_endpoint_id,
      state: 'deleted',
      at,
    });
  }
  writes.changes.deleted = vanished.length;
  return writes;
}

/** Whether a stored endpoint holds what AWS returned, apart from its state. */
function sameColumns(before: EndpointRow, columns: EndpointColumns): boolean {
  return (
    before.vpc_id === columns.vpc_id &&
    before.region === columns.region &&
    before.account_id === columns.account_id &&
    Boolean(before.private_dns_enabled) === columns.private_dns_enabled &&
    before.ip_address_type === columns.ip_address_type &&
    before.subnet_ids === columns.subnet_ids &&
    before.availability_zones === columns.availability_zones &&
    before.network_interface_ids === columns.network_interface_ids &&
    before.security_group_ids === columns.security_group_ids &&
    before.dns_entries === columns.dns_entries &&
    before.tags === columns.tags &&
    (before.policy_document ?? null) === columns.policy_document &&
    (before.drift ?? null) === columns.drift &&
    (before.service_name ?? null) === columns.service_name &&
    before.last_error_code === columns.last_error_code &&
    before.last_error_message === columns.last_error_message &&
    toIso(before.aws_created_at) === toIso(columns.aws_created_at)
  );
}

// What an insert that meets a stored row (another replica inserted the same
// endpoint between this one's read and write) overwrites: everything but
// the key and when it was first seen.
const MERGED_ON_CONFLICT = [
  'vpc_id',
  'region',
  'state',
  'private_dns_enabled',
  'ip_address_type',
  'subnet_ids',
  'availability_zones',
  'network_interface_ids',
  'security_group_ids',
  'dns_entries',
  'tags',
  'policy_document',
  'drift',
  'service_name',
  'az_count',
  'last_error_code',
  'last_error_message',
  'aws_created_at',
  'last_seen_at',
  'deleted_at',
] as const;

/**
 * Inserts are upserts and state changes are inserted once: two replicas (a
 * refresh and the scheduled sync) may both read an endpoint as new and
 * write it, and neither may fail for it.
 */
async function writeEndpoints(
  tx: Knex.Transaction,
  account: string,
  writes: EndpointWrites,
  at: Date,
): Promise<void> {
  for (const { id, columns } of writes.updates) {
    await tx(ENDPOINTS)
      .where({ account_id: account, vpc_endpoint_id: id })
      .update(columns);
  }
  for (const part of chunks(writes.inserts, 100)) {
    await tx(ENDPOINTS)
      .insert(part)
      .onConflict(['account_id', 'vpc_endpoint_id'])
      .merge([...MERGED_ON_CONFLICT]);
  }
  for (const part of chunks(writes.unchangedIds)) {
    await tx(ENDPOINTS)
      .where('account_id', account)
      .whereIn('vpc_endpoint_id', part)
      .update({ last_seen_at: at });
  }
  for (const part of chunks(writes.vanishedIds)) {
    await tx(ENDPOINTS)
      .where('account_id', account)
      .whereIn('vpc_endpoint_id', part)
      .update({ state: 'deleted', deleted_at: at });
  }
  for (const part of chunks(writes.history, 100)) {
    await tx(STATES)
      .insert(part)
      .onConflict(['account_id', 'vpc_endpoint_id', 'at', 'state'])
      .ignore();
  }
}

/**
 * Every entity of the covered VPCs turns `ok`, except those of a VPC with
 * its own error; the DNS attributes that were read are stored.
 */
async function writeEntityOutcome(
  tx: Knex.Transaction,
  {
    region,
    accountId,
    at,
    dns,
    vpcErrors = new Map<string, string>(),
  }: VpcSnapshot,
  covered: Set<string>,
): Promise<void> {
  const account = accountKey(accountId);
  const clean = [...covered].filter(id => !vpcErrors.has(id));
  for (const part of chunks(clean)) {
    await tx(ENTITIES)
      .where({ account_id: account, region })
      .whereIn('vpc_id', part)
      .update({
        sync_status: 'ok',
        sync_error: null,
        last_synced_at: at,
        last_attempt_at: at,
        updated_at: at,
      });
  }
  for (const [vpcId, message] of vpcErrors) {
    if (covered.has(vpcId)) {
      await markVpcsFailed(tx, { region, accountId }, [vpcId], message, at);
    }
  }
  for (const [vpcId, attributes] of dns) {
    await tx(ENTITIES)
      .where({ account_id: account, region, vpc_id: vpcId })
      .update({
        dns_support: attributes.dnsSupport,
        dns_hostnames: attributes.dnsHostnames,
        dns_checked_at: at,
      });
  }
}
