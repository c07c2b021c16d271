import ipaddr from 'ipaddr.js';

/** Why an address is refused by default; undefined for a public unicast address. */
export type BlockedReason =
  | 'metadata'
  | 'loopback'
  | 'private'
  | 'linkLocal'
  | 'uniqueLocal'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'carrierGradeNat'
  | 'reserved'
  | 'embeddedIpv4'
  | 'invalid';

/**
 * Cloud metadata endpoints. Most sit in ranges refused anyway; they are named so a refusal says
 * what the request was about to reach.
 */
const METADATA = ['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192', 'fd00:ec2::254'].map((text) => ipaddr.parse(text).toString());

/** IPv6 forms that carry an IPv4 address a gateway or the host stack may turn back into one. */
const EMBEDS_IPV4 = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052', '6to4', 'teredo']);

const NAMED = new Set<string>(['loopback', 'private', 'linkLocal', 'uniqueLocal', 'multicast', 'unspecified', 'broadcast', 'carrierGradeNat']);

/**
 * Classifies an IP address as text (IPv4, IPv6, IPv4-mapped IPv6). Anything but a public
 * unicast address gets the reason it is refused. IPv4-mapped addresses are judged as the IPv4
 * address they carry, so `::ffff:127.0.0.1` is loopback.
 */
export function blockedReason(address: string): BlockedReason | undefined {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.process(address);
  if (METADATA.includes(parsed.toString())) return 'metadata';
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((part) => part === 0)) {
    // ::/96, the deprecated IPv4-compatible form (::127.0.0.1), and :: and ::1 themselves.
    const range = parsed.range();
    return range === 'loopback' || range === 'unspecified' ? range : 'embeddedIpv4';
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (NAMED.has(range)) return range as BlockedReason;
  if (EMBEDS_IPV4.has(range)) return 'embeddedIpv4';
  return 'reserved';
}

/** The text of an address as URLs carry it: IPv6 literals lose their brackets. */
export function hostAddress(hostname: string): string | undefined {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : undefined;
}
