import {
  paginateDescribeManagedPrefixLists,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Refusal } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import type { ProvisioningClock } from '../../clock';
import { describeSecurityGroups } from '../../ec2Reads';
import { idsInErrorMessage, isNotFound } from '../../errors';
import { preflightRead } from '../iamDenial';
import type { IngressSources } from '../commands';
import type { EndpointRequest } from '../types';

/** The ids AWS knows among `ids`; a not-found error names the ones it does not. */
async function knownIds(
  ids: string[],
  prefix: 'pl' | 'sg',
  describe: () => Promise<string[]>,
): Promise<string[]> {
  try {
    const found = await describe();
    return ids.filter(id => found.includes(id));
  } catch (error) {
    if (!isNotFound(error)) {
      throw error;
    }
    const missing = idsInErrorMessage(error, prefix, ids);
    return ids.filter(id => !missing.includes(id));
  }
}

async function prefixListIds(
  client: EC2Client,
  ids: string[],
  clock: ProvisioningClock,
): Promise<string[]> {
  const found: string[] = [];
  for await (const page of paginateDescribeManagedPrefixLists(
    { client, stopOnSameToken: true },
    { PrefixListIds: ids },
    { abortSignal: clock.signal },
  )) {
    found.push(
      ...(page.PrefixLists ?? [])
        .map(p => p.PrefixListId ?? '')
        .filter(Boolean),
    );
  }
  return found;
}

function refusal(
  request: EndpointRequest,
  source: string,
  what: string,
): Refusal {
  const index = (request.allowedSources ?? []).indexOf(source);
  return {
    field: 'allowedSources',
    message: `allowedSources[${index}]: ${what} ${source} was not found in ${
      request.region
    }${
      request.accountId ? ` (account ${request.accountId})` : ''
    }. Check the id, or give the network's CIDR block instead${
      what === 'the security group'
        ? ' (a group of another account cannot be referenced by id here)'
        : ''
    }.`,
  };
}

/**
 * Refuses prefix lists and security groups of `allowedSources` that AWS
 * does not know in the request's account and region, before any change:
 * a rule naming one would fail halfway through the run.
 *
 * IAM: `ec2:DescribeManagedPrefixLists`, `ec2:DescribeSecurityGroups`.
 */
export async function checkAllowedSources(
  client: EC2Client,
  request: EndpointRequest,
  sources: IngressSources,
  clock: ProvisioningClock,
): Promise<Refusal[]> {
  const lists = sources.ingressPrefixListIds;
  const groups = sources.ingressSecurityGroupIds;
  const [knownLists, knownGroups] = await Promise.all<string[]>([
    lists.length === 0
      ? []
      : preflightRead('ec2:DescribeManagedPrefixLists', request, () =>
          knownIds(lists, 'pl', () => prefixListIds(client, lists, clock)),
        ),
    groups.length === 0
      ? []
      : preflightRead('ec2:DescribeSecurityGroups', request, () =>
          knownIds(groups, 'sg', async () =>
            (
              await describeSecurityGroups(client, { GroupIds: groups }, clock)
            ).map(g => g.GroupId ?? ''),
          ),
        ),
  ]);
  return [
    ...lists
      .filter(id => !knownLists.includes(id))
      .map(id => refusal(request, id, 'the managed prefix list')),
    ...groups
      .filter(id => !knownGroups.includes(id))
      .map(id => refusal(request, id, 'the security group')),
  ];
}
