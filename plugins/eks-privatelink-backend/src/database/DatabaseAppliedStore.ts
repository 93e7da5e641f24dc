import { Knex } from 'knex';
import { parseJson, toIso, type Timestamp } from './rows';
import { ENDPOINTS, accountKey, chunks } from './tables';
import type { VpcKey } from './types';

/** The table of migration 20261207100000_applied_and_notifications. */
export const APPLIED = 'eks_privatelink_applied';

/**
 * What the create action set on an endpoint, as it reports it to
 * `POST /sync/vpc` once the endpoint is up.
 */
export interface AppliedSettings {
  vpcEndpointId: string;
  /** e.g. `com.amazonaws.us-east-1.eks`. */
  serviceName: string;
  subnetIds: string[];
  /** With the security group the action manages. */
  securityGroupIds: string[];
  privateDnsEnabled: boolean;
  /** Null: full access (AWS's default policy). */
  policyDocument: string | null;
  /** The `allowedSources` the managed group admits on TCP 443. */
  allowedSources: string[];
}

/** What the portal last applied to one endpoint, as stored. */
export interface AppliedEndpoint extends AppliedSettings {
  vpcId: string;
  region: string;
  appliedAt: string;
}

/** What the actions tell the inventory besides "re-read this VPC". */
export interface PortalChanges {
  applied?: AppliedSettings;
  /** Endpoints the delete action deleted; the sync does not call them gone. */
  deletedEndpointIds?: string[];
}

/**
 * What the portal applied to managed endpoints and which ones it deleted,
 * keyed by account and endpoint id.
 */
export interface AppliedEndpointStore {
  /** Stores both parts of `changes` at once; a new `applied` clears a delete mark. */
  recordPortalChanges(
    vpc: VpcKey,
    changes: PortalChanges,
    at?: Date,
  ): Promise<void>;

  /** The applied settings of these endpoints of the account, by endpoint id. */
  getApplied(
    accountId: string | null | undefined,
    vpcEndpointIds: string[],
  ): Promise<Map<string, AppliedEndpoint>>;

  /**
   * Forgets endpoints the portal deleted before `before`, and applied
   * settings older than it whose endpoint the inventory no longer keeps.
   */
  prune(before: Date): Promise<number>;
}

interface AppliedRow {
  account_id: string;
  vpc_endpoint_id: string;
  vpc_id: string;
  region: string;
  service_name: string | null;
  subnet_ids: string | null;
  security_group_ids: string | null;
  private_dns_enabled: boolean | number | null;
  policy_document: string | null;
  allowed_sources: string | null;
  applied_at: Timestamp;
  deleted_by_portal_at: Timestamp;
}

function list(text: string | null): string[] {
  const value = parseJson<unknown>(text, []);
  return Array.isArray(value) ? value.map(String) : [];
}

function toApplied(row: AppliedRow): AppliedEndpoint | undefined {
  const appliedAt = toIso(row.applied_at);
  if (!appliedAt || !row.service_name) {
    return undefined;
  }
  return {
    vpcEndpointId: row.vpc_endpoint_id,
    vpcId: row.vpc_id,
    region: row.region,
    serviceName: row.service_name,
    subnetIds: list(row.subnet_ids),
    securityGroupIds: list(row.security_group_ids),
    privateDnsEnabled: Boolean(row.private_dns_enabled),
    policyDocument: row.policy_document,
    allowedSources: list(row.allowed_sources),
    appliedAt,
  };
}

/** {@link AppliedEndpointStore} on the plugin's database. */
export class DatabaseAppliedStore implements AppliedEndpointStore {
  constructor(private readonly knex: Knex) {}

  async recordPortalChanges(
    vpc: VpcKey,
    { applied, deletedEndpointIds = [] }: PortalChanges,
    at: Date = new Date(),
  ): Promise<void> {
    const key = {
      account_id: accountKey(vpc.accountId),
      vpc_id: vpc.vpcId,
      region: vpc.region,
    };
    await this.knex.transaction(async tx => {
      if (applied) {
        const settings = {
          service_name: applied.serviceName,
          subnet_ids: JSON.stringify([...applied.subnetIds].sort()),
          security_group_ids: JSON.stringify(
            [...applied.securityGroupIds].sort(),
          ),
          private_dns_enabled: applied.privateDnsEnabled,
          policy_document: applied.policyDocument,
          allowed_sources: JSON.stringify(applied.allowedSources),
          applied_at: at,
          deleted_by_portal_at: null,
        };
        await tx(APPLIED)
          .insert({
            ...key,
            vpc_endpoint_id: applied.vpcEndpointId,
            ...settings,
          })
          .onConflict(['account_id', 'vpc_endpoint_id'])
          .merge({ vpc_id: key.vpc_id, region: key.region, ...settings });
      }
      // A delete mark keeps what was applied: it only says who deleted it.
      for (const part of chunks([...new Set(deletedEndpointIds)], 100)) {
        await tx(APPLIED)
          .insert(
            part.map(id => ({
              ...key,
              vpc_endpoint_id: id,
              deleted_by_portal_at: at,
            })),
          )
          .onConflict(['account_id', 'vpc_endpoint_id'])
          .merge(['deleted_by_portal_at']);
      }
    });
  }

  async getApplied(
    accountId: string | null | undefined,
    vpcEndpointIds: string[],
  ): Promise<Map<string, AppliedEndpoint>> {
    const found = new Map<string, AppliedEndpoint>();
    for (const part of chunks(vpcEndpointIds)) {
      const rows: AppliedRow[] = await this.knex(APPLIED)
        .where('account_id', accountKey(accountId))
        .whereIn('vpc_endpoint_id', part)
        .whereNull('deleted_by_portal_at')
        .select();
      for (const row of rows) {
        const applied = toApplied(row);
        if (applied) {
          found.set(row.vpc_endpoint_id, applied);
        }
      }
    }
    return found;
  }

  async prune(before: Date): Promise<number> {
    const knex = this.knex;
    const deleted = await knex(APPLIED)
      .where('deleted_by_portal_at', '<', before)
      .delete();
    const orphaned = await knex(APPLIED)
      .where('applied_at', '<', before)
      .whereNotExists(
        knex(`${ENDPOINTS} as e`)
          .select(knex.raw('1'))
          .whereRaw(`e.account_id = ${APPLIED}.account_id`)
          .andWhereRaw(`e.vpc_endpoint_id = ${APPLIED}.vpc_endpoint_id`),
      )
      .delete();
    return deleted + orphaned;
  }
}
