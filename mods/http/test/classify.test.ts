import { describe, expect, it } from 'vitest';
import { createAllowList } from '../src/addresses/allow-list.ts';
import { blockedReason, hostAddress } from '../src/addresses/classify.ts';

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.0.1', 'linkLocal'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['192.0.0.192', 'metadata'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
  ])('refuses IPv4 %s as %s', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::7f00:1', 'embeddedIpv4'],
    ['64:ff9b::7f00:1', 'embeddedIpv4'],
    ['2002:7f00:1::', 'embeddedIpv4'],
    ['2001:0:4136:e378::1', 'embeddedIpv4'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
  ])('refuses IPv6 %s as %s', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:0.0.0.0', 'unspecified'],
  ])('judges IPv4-mapped %s as the IPv4 address it carries (%s)', (address, reason) => {
    expect(blockedReason(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'])(
    'lets public unicast %s through',
    (address) => {
      expect(blockedReason(address)).toBeUndefined();
    },
  );

  it('refuses what is not an address', () => {
    expect(blockedReason('not-an-ip')).toBe('invalid');
  });
});

describe('addresses in URLs', () => {
  // WHATWG URL parsing turns every IPv4 spelling into dotted decimal before the check sees it.
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[::1]:8080/', '::1'],
    ['http://[0:0:0:0:0:0:0:1]/', '::1'],
  ])('%s is the address %s, and refused', (url, address) => {
    const host = hostAddress(new URL(url).hostname);
    expect(host).toBe(address);
    expect(blockedReason(host as string)).toBeDefined();
  });

  it('leaves host names to DNS', () => {
    expect(hostAddress('api.example.com')).toBeUndefined();
    expect(hostAddress('localhost')).toBeUndefined();
  });
});

describe('allowHosts', () => {
  const allow = createAllowList(['API.internal', '10.0.0.0/8', '127.0.0.1', 'fd00::/8']);

  it('matches host names without regard to case or a final dot', () => {
    expect(allow.allowsHost('api.internal')).toBe(true);
    expect(allow.allowsHost('api.internal.')).toBe(true);
    expect(allow.allowsHost('other.internal')).toBe(false);
  });

  it('matches addresses by range, IPv4-mapped ones as IPv4', () => {
    expect(allow.allowsAddress('10.20.30.40')).toBe(true);
    expect(allow.allowsAddress('::ffff:10.1.1.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.2')).toBe(false);
    expect(allow.allowsAddress('fd12::1')).toBe(true);
    expect(allow.allowsAddress('fe80::1')).toBe(false);
    expect(allow.allowsAddress('192.168.0.1')).toBe(false);
  });
});
