import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ipRangeEqual, ipRangeWithin, packIpv4, parseIpRange } from './ip-address.js';
import { Ipv4IntervalIndex } from './ipv4-interval-index.js';

describe('parseIpRange', () => {
  test('IPv4 addresses and blocks; host bits under the prefix are dropped', () => {
    assert.deepEqual(parseIpRange('198.51.100.7'), {
      family: 4,
      prefix: 32,
      lo: 3325256711,
      hi: 3325256711,
    });
    assert.deepEqual(parseIpRange('198.51.100.7/24'), {
      family: 4,
      prefix: 24,
      lo: 3325256704,
      hi: 3325256959,
    });
    assert.deepEqual(parseIpRange('0.0.0.0/0'), { family: 4, prefix: 0, lo: 0, hi: 4294967295 });
    for (const bad of [
      '256.0.0.1',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '1.2.3.4/33',
      '1.2.3.4/',
      '1.2.3.4/08',
      ' 1.2.3.4',
      '1..2.3',
    ])
      assert.equal(parseIpRange(bad), undefined, bad);
  });

  test('IPv6 in full, compressed and IPv4-tail forms', () => {
    const full = parseIpRange('2001:0db8:dead:beef:0000:0000:0000:0001');
    assert.deepEqual(full, parseIpRange('2001:db8:dead:beef::1'));
    assert.equal(full?.lo, '20010db8deadbeef0000000000000001');
    assert.deepEqual(parseIpRange('::ffff:192.0.2.1')?.lo, '00000000000000000000ffffc0000201');
    assert.deepEqual(parseIpRange('2001:db8::/32'), {
      family: 6,
      prefix: 32,
      lo: '20010db8000000000000000000000000',
      hi: '20010db8ffffffffffffffffffffffff',
    });
    for (const bad of [
      '2001:db8::1::1',
      '1:2:3:4:5:6:7:8:9',
      '2001:db8::/129',
      'gggg::1',
      '1:2:3:4:5:6:7',
    ])
      assert.equal(parseIpRange(bad), undefined, bad);
  });

  test('containment and equality are per family', () => {
    const r = (s: string) => parseIpRange(s)!;
    assert.ok(ipRangeWithin(r('10.1.2.3'), r('10.0.0.0/8')));
    assert.ok(ipRangeWithin(r('10.0.0.0/8'), r('10.0.0.0/8')));
    assert.equal(ipRangeWithin(r('10.0.0.0/7'), r('10.0.0.0/8')), false);
    assert.equal(ipRangeWithin(r('::a00:1'), r('0.0.0.0/0')), false);
    assert.ok(ipRangeEqual(r('10.0.0.1'), r('10.0.0.1/32')));
    assert.ok(ipRangeEqual(r('10.9.9.9/8'), r('10.0.0.0/8')));
    assert.equal(ipRangeEqual(r('10.0.0.0/8'), r('10.0.0.0/9')), false);
  });

  test('packIpv4 agrees with parseIpRange on generated input (property)', () => {
    const octet = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map(String),
      fc.constantFrom('00', '01', 'x', ''),
    );
    const text = fc
      .tuple(
        octet,
        octet,
        octet,
        octet,
        fc.option(fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constant('07'))),
      )
      .map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}${p === null ? '' : `/${p}`}`);
    fc.assert(
      fc.property(text, (s) => {
        const range = parseIpRange(s);
        const packed = packIpv4(s);
        assert.equal(packed >= 0, range !== undefined, s);
        if (range?.family === 4) assert.equal(packed, range.lo * 64 + range.prefix);
      }),
    );
  });
});

describe('Ipv4IntervalIndex', () => {
  test('finds exactly the blocks that contain a queried range (property, against a scan)', () => {
    const block = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 }))
      .map(([host, prefix]) => {
        const size = 2 ** (32 - prefix);
        const lo = 0x0a000000 + host - (host % size);
        return { lo, hi: lo + size - 1 };
      });
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 30 }),
        fc.array(block, { minLength: 1, maxLength: 10 }),
        (blocks, queries) => {
          const index = new Ipv4IntervalIndex();
          blocks.forEach((b, i) => index.add(b.lo, b.hi, i));
          index.build();
          for (const q of queries) {
            const got: number[] = [];
            index.query(q.lo, q.hi, (v) => got.push(v));
            const want = blocks.flatMap((b, i) => (b.lo <= q.lo && q.hi <= b.hi ? [i] : []));
            assert.deepEqual(
              got.sort((a, b) => a - b),
              want,
            );
          }
        },
      ),
    );
  });
});
