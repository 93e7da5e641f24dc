/**
 * The sources besides the VPC that may reach the EKS endpoint on TCP 443:
 * on-premises networks and peered or transit-gateway VPCs, as CIDR blocks,
 * managed prefix lists or security groups.
 */

/**
 * What one `allowedSources` entry is: an IPv4 or IPv6 CIDR block, a managed
 * prefix list (`pl-…`) or a security group (`sg-…`).
 *
 * @public
 */
export type AllowedSourceKind =
  | 'ipv4Cidr'
  | 'ipv6Cidr'
  | 'prefixList'
  | 'securityGroup';

/**
 * How many sources one request may add. A security group takes 60 inbound
 * rules by default (IPv4 and IPv6 counted apart), and the VPC's own blocks
 * take some of them.
 *
 * @public
 */
export const MAX_ALLOWED_SOURCES = 50;

const PREFIX_LIST_ID = /^pl-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const IPV6_CIDR = /^([0-9a-fA-F:]+)\/(\d{1,3})$/;

/** The 32 bits of an IPv4 block and its prefix length, or undefined. */
function parseIpv4(
  source: string,
): { bits: number; prefix: number } | undefined {
  const match = IPV4_CIDR.exec(source);
  if (!match) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some(o => o > 255) || prefix > 32) {
    return undefined;
  }
  // eslint-disable-next-line no-bitwise
  const bits = octets.reduce((acc, o) => ((acc << 8) | o) >>> 0, 0);
  return { bits, prefix };
}

/** The eight 16-bit groups of an IPv6 address written with at most one `::`. */
function ipv6Groups(address: string): number[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const parse = (part: string) =>
    part === ''
      ? []
      : part
          .split(':')
          .map(g => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (
    [...head, ...tail].some(Number.isNaN) ||
    (halves.length === 1 ? missing !== 0 : missing < 1)
  ) {
    return undefined;
  }
  return [...head, ...new Array(missing).fill(0), ...tail];
}

/** The 128 bits of an IPv6 block and its prefix length, or undefined. */
function parseIpv6(
  source: string,
): { bits: bigint; prefix: number } | undefined {
  const match = IPV6_CIDR.exec(source);
  const groups = match && ipv6Groups(match[1]);
  const prefix = match ? Number(match[2]) : NaN;
  if (!groups || !(prefix <= 128)) {
    return undefined;
  }
  const bits = groups.reduce(
    // eslint-disable-next-line no-bitwise
    (acc, g) => (acc << BigInt(16)) | BigInt(g),
    BigInt(0),
  );
  return { bits, prefix };
}

/**
 * What kind of source an `allowedSources` entry is, or undefined when it is
 * none of them.
 *
 * @public
 */
export function allowedSourceKind(
  source: string,
): AllowedSourceKind | undefined {
  if (PREFIX_LIST_ID.test(source)) {
    return 'prefixList';
  }
  if (SECURITY_GROUP_ID.test(source)) {
    return 'securityGroup';
  }
  if (parseIpv4(source)) {
    return 'ipv4Cidr';
  }
  if (parseIpv6(source)) {
    return 'ipv6Cidr';
  }
  return undefined;
}

/** The block's first address when `source` has host bits set; undefined otherwise. */
function networkAddressOf(source: string): string | undefined {
  const v4 = parseIpv4(source);
  if (v4) {
    // eslint-disable-next-line no-bitwise
    const mask = v4.prefix === 0 ? 0 : (~0 << (32 - v4.prefix)) >>> 0;
    // eslint-disable-next-line no-bitwise
    const network = (v4.bits & mask) >>> 0;
    if (network === v4.bits) {
      return undefined;
    }
    return `${[24, 16, 8, 0]
      // eslint-disable-next-line no-bitwise
      .map(shift => (network >>> shift) & 255)
      .join('.')}/${v4.prefix}`;
  }
  const v6 = parseIpv6(source);
  if (!v6) {
    return undefined;
  }
  const hostBits = BigInt(128 - v6.prefix);
  // eslint-disable-next-line no-bitwise
  const network = (v6.bits >> hostBits) << hostBits;
  if (network === v6.bits) {
    return undefined;
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    // eslint-disable-next-line no-bitwise
    ((network >> BigInt(16 * (7 - i))) & BigInt(0xffff)).toString(16),
  );
  return `${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${v6.prefix}`;
}

function sourceProblem(source: unknown, field: string): string | undefined {
  if (typeof source !== 'string' || source.trim() === '') {
    return `${field} is empty: give a CIDR block (10.20.0.0/16, 2600:1f14::/56), a managed prefix list (pl-0a1b2c3d4e5f67890) or a security group (sg-0a1b2c3d4e5f67890), or remove the entry.`;
  }
  if (source.trim() !== source) {
    return `${field} '${source}' has spaces around it: remove them.`;
  }
  const kind = allowedSourceKind(source);
  if (!kind) {
    const lower = source.toLocaleLowerCase('en-US');
    const hint =
      /^(pl|sg)-/i.test(source) && allowedSourceKind(lower)
        ? ' Write the id in lower case.'
        : '';
    return `${field} '${source}' is not an IPv4 or IPv6 CIDR block (such as 10.20.0.0/16 or 2600:1f14::/56), a managed prefix list id (pl- followed by 8 or 17 hex digits) or a security group id (sg- followed by 8 or 17 hex digits): correct it or remove it.${hint}`;
  }
  const network = networkAddressOf(source);
  if (network) {
    return `${field} '${source}' has host bits set: security group rules take the block's first address — write ${network}.`;
  }
  return undefined;
}

/**
 * Checks the `allowedSources` input: a list of at most
 * {@link MAX_ALLOWED_SOURCES} CIDR blocks, prefix list ids and security
 * group ids, each given once. Returns every problem, one sentence each
 * naming `allowedSources[i]` and the fix, or undefined when all is well.
 * Whether the prefix lists and groups exist is AWS's to say (the pre-flight
 * asks).
 *
 * @public
 */
export function validateAllowedSources(
  sources: string[] | undefined,
): string | undefined {
  if (sources === undefined) {
    return undefined;
  }
  if (!Array.isArray(sources)) {
    return 'allowedSources must be a list of CIDR blocks, prefix list ids (pl-…) and security group ids (sg-…).';
  }
  const problems: string[] = [];
  if (sources.length > MAX_ALLOWED_SOURCES) {
    problems.push(
      `allowedSources lists ${sources.length} sources; at most ${MAX_ALLOWED_SOURCES} fit in one security group's inbound rules — group CIDR blocks into a managed prefix list (pl-…) and give that instead.`,
    );
  }
  const seen = new Map<string, number>();
  sources.forEach((source, i) => {
    const field = `allowedSources[${i}]`;
    const problem = sourceProblem(source, field);
    if (problem) {
      problems.push(problem);
      return;
    }
    const first = seen.get(source);
    if (first !== undefined) {
      problems.push(
        `${field} '${source}' repeats allowedSources[${first}]: give each source once.`,
      );
      return;
    }
    seen.set(source, i);
  });
  return problems.length > 0 ? problems.join(' ') : undefined;
}
