import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIpv4, isIpv6, isMac } from './formats.js';

describe('address formats (STIX 2.1 §6.8–§6.10)', () => {
  test('IPv4: dotted quads and CIDR blocks; no leading zeros, octets to 255, prefixes to 32', () => {
    for (const ok of [
      '198.51.100.3',
      '0.0.0.0',
      '255.255.255.255',
      '10.0.0.0/8',
      '198.51.100.0/24',
      '1.2.3.4/0',
    ]) {
      assert.ok(isIpv4(ok), ok);
    }
    for (const bad of [
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '1.2.3.4/33',
      '1.2.3.4/',
      '1.2.3.4/08',
      ' 1.2.3.4',
      'example.com',
      '',
    ]) {
      assert.equal(isIpv4(bad), false, bad);
    }
  });

  test('IPv6: full and compressed forms, embedded IPv4, CIDR prefixes to 128', () => {
    for (const ok of [
      '2001:db8::1',
      '::',
      '::1',
      '1::',
      'fe80::',
      '2001:0db8:0000:0000:0000:ff00:0042:8329',
      '::ffff:192.0.2.128',
      '2001:db8::/32',
      '1:2:3:4:5:6:7::',
    ]) {
      assert.ok(isIpv6(ok), ok);
    }
    for (const bad of [
      '2001:db8::1::1',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      ':1',
      '1:',
      '12345::',
      'g::1',
      '2001:db8::/129',
      '::ffff:192.0.2.256',
      '198.51.100.3',
    ]) {
      assert.equal(isIpv6(bad), false, bad);
    }
  });

  test('MAC: six lower-case, zero-padded, colon-separated octets only', () => {
    assert.ok(isMac('d2:fb:49:24:37:18'));
    assert.ok(isMac('00:00:5e:00:53:00'));
    for (const bad of [
      'D2:FB:49:24:37:18',
      'd2-fb-49-24-37-18',
      'd2:fb:49:24:37',
      '2:fb:49:24:37:18:0',
      'd2fb.4924.3718',
    ]) {
      assert.equal(isMac(bad), false, bad);
    }
  });
});
