import type {
  InventoryEndpoint,
  Refusal,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { isUnauthorized, publicAwsMessage } from '../../errors';
import { listHostedZonesByVpc } from '../../route53Reads';
import type { Plan } from '../types';
import type { PlanContext } from './planContext';
import { privateDnsNameOf } from '../requestService';

/** A zone name as Route 53 writes it (trailing dot, any case), comparable. */
const zoneName = (name: string | undefined) =>
  (name ?? '').replace(/\.$/, '').toLocaleLowerCase('en-US');

/**
 * Refuses private DNS when a Route 53 private hosted zone for
 * the endpoint's private DNS name (`eks.<region>.amazonaws.com` for `eks`)
 * is associated with the VPC (the usual
 * hub-and-spoke setup shares one): AWS would refuse the endpoint with
 * `ConflictingDomainExists`, after the security group and the DNS
 * attributes were changed. Asked only when the plan turns private DNS on.
 * A denied read is a note, not a refusal; without a Route 53 client the
 * zones are not checked.
 *
 * IAM: `route53:ListHostedZonesByVPC`.
 */
export async function checkPrivateHostedZones(
  { request, options, notes }: PlanContext,
  decided: {
    privateDnsEnabled: boolean;
    action: Plan['action'];
    existing: InventoryEndpoint | null;
  },
): Promise<Refusal[]> {
  const { existing } = decided;
  const hadPrivateDns =
    decided.action !== 'create' && existing?.privateDnsEnabled === true;
  if (!decided.privateDnsEnabled || hadPrivateDns) {
    return [];
  }
  const { vpcId, region } = request;
  const name = privateDnsNameOf({ region, service: request.service });
  if (!options.route53Client) {
    notes.push(
      `Route 53 private hosted zones for ${name} associated with ${vpcId} were not checked (no Route 53 client); such a zone makes AWS refuse private DNS.`,
    );
    return [];
  }
  let zones;
  try {
    zones = await listHostedZonesByVpc(
      options.route53Client,
      { vpcId, region },
      options,
    );
  } catch (error) {
    if (!isUnauthorized(error)) {
      throw error;
    }
    notes.push(
      `Could not check for a Route 53 private hosted zone for ${name} associated with ${vpcId} (route53:ListHostedZonesByVPC is denied; AWS said: ${publicAwsMessage(
        error,
      )}). If there is one, AWS refuses private DNS with ConflictingDomainExists; grant route53:ListHostedZonesByVPC to find out before any change.`,
    );
    return [];
  }
  return zones
    .filter(zone => zoneName(zone.Name) === name)
    .map(zone => ({
      field: 'privateDnsEnabled',
      message: `privateDnsEnabled: ${vpcId} is associated with the Route 53 private hosted zone ${name} (${
        zone.HostedZoneId
      }${
        zone.Owner?.OwningAccount
          ? `, owned by account ${zone.Owner.OwningAccount}`
          : ''
      }), which already answers for the endpoint's private DNS name, so AWS would refuse private DNS (ConflictingDomainExists). Set privateDnsEnabled to false to use that zone's records, or disassociate the zone from ${vpcId} first.`,
    }));
}
