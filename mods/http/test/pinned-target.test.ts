import { describe, expect, it } from 'vitest';
import { createAllowList } from '../src/addresses/allow-list.ts';
import { pinTarget } from '../src/fetch/pinned-target.ts';

describe('pinTarget', () => {
  it('refuses a host name whose addresses are internal', async () => {
    await expect(pinTarget(new URL('http://localhost:1/'), createAllowList([]))).rejects.toMatchObject({
      code: 'blocked_address',
      details: { host: 'localhost', reason: 'loopback' },
    });
  });

  it('hands the socket the address it checked, whatever name the socket asks for', async () => {
    const target = await pinTarget(new URL('http://localhost:1/'), createAllowList(['localhost']));
    expect(['127.0.0.1', '::1']).toContain(target.address);
    const one = await new Promise((resolve) => target.lookup('rebound.example', {}, (_e, address, family) => resolve({ address, family })));
    expect(one).toEqual({ address: target.address, family: target.family });
    const all = await new Promise((resolve) => target.lookup('rebound.example', { all: true }, (_e, list) => resolve(list)));
    expect(all).toEqual([{ address: target.address, family: target.family }]);
  });

  it('takes an address literal as it is, without asking DNS', async () => {
    const target = await pinTarget(new URL('http://[::ffff:7f00:1]:1/'), createAllowList(['127.0.0.0/8']));
    expect(target.address).toBe('::ffff:7f00:1');
    await expect(pinTarget(new URL('http://[::ffff:7f00:1]:1/'), createAllowList([]))).rejects.toMatchObject({ code: 'blocked_address' });
  });
});
