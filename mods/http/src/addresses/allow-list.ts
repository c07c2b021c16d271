import ipaddr from 'ipaddr.js';

/** What `allowHosts` lets through the address check: exact host names and address ranges. */
export interface AllowList {
  /** Whether requests to this host name skip the address check. */
  allowsHost(hostname: string): boolean;
  /** Whether this resolved address is in an allowed range. */
  allowsAddress(address: string): boolean;
}

/** An entry is a host name (`api.internal`), an address (`10.0.0.5`) or a CIDR (`10.0.0.0/8`, `fd00::/8`). */
export function allowListEntryProblem(entry: string): string | undefined {
  if (entry.includes('/')) {
    try {
      ipaddr.parseCIDR(entry);
      return undefined;
    } catch {
      return `"${entry}" is not a CIDR range like 10.0.0.0/8 or fd00::/8`;
    }
  }
  if (ipaddr.isValid(entry)) return undefined;
  return /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/i.test(entry)
    ? undefined
    : `"${entry}" is neither a host name, an IP address nor a CIDR range`;
}

export function createAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  for (const entry of entries) {
    if (entry.includes('/')) ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(normalizeHost(entry));
  }
  return {
    allowsHost: (hostname) => hosts.has(normalizeHost(hostname)),
    allowsAddress(address) {
      if (ranges.length === 0 || !ipaddr.isValid(address)) return false;
      const parsed = ipaddr.process(address);
      return ranges.some(([base, bits]) => base.kind() === parsed.kind() && parsed.match(base, bits));
    },
  };
}

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}
