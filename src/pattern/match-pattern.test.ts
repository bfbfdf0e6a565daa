import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compilePattern, matchPattern } from './match-pattern.js';
import { PatternError } from './pattern-error.js';

let counter = 0;
/** An observed-data object with embedded SCOs (deprecated form, §2.13), seen at `at`. */
function seen(at: string, objects: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  const id = `observed-data--00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;
  return {
    type: 'observed-data',
    id,
    first_observed: at,
    last_observed: at,
    number_observed: 1,
    objects: Object.fromEntries(objects.map((o, i) => [String(i), o])),
    ...extra,
  };
}
const ids = (pattern: string, objects: unknown[]) => matchPattern(pattern, objects).observationIds;
const matches = (pattern: string, objects: unknown[]) => matchPattern(pattern, objects).matched;

describe('matchPattern :: observed-data forms and references (STIX 2.1 §4.14, §9.7.4)', () => {
  const traffic = {
    type: 'observed-data',
    id: 'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
    first_observed: '2015-12-21T19:00:00Z',
    last_observed: '2015-12-21T19:00:00Z',
    number_observed: 1,
    object_refs: ['ipv4-addr--1', 'network-traffic--1', 'domain-name--1'],
  };
  const pool = [
    traffic,
    { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '198.51.100.3' },
    { type: 'ipv4-addr', id: 'ipv4-addr--2', value: '203.0.113.9' }, // not listed in object_refs
    {
      type: 'network-traffic',
      id: 'network-traffic--1',
      src_ref: 'ipv4-addr--2',
      dst_ref: 'ipv4-addr--1',
      protocols: ['ipv4', 'tcp'],
      dst_port: 443,
    },
    {
      type: 'domain-name',
      id: 'domain-name--1',
      value: 'example.com',
      resolves_to_refs: ['ipv4-addr--2', 'ipv4-addr--1'],
    },
  ];

  test('object_refs: paths start from listed SCOs and follow refs to listed SCOs only', () => {
    assert.ok(matches("[network-traffic:dst_ref.value = '198.51.100.3']", pool));
    assert.equal(matches("[network-traffic:src_ref.value = '203.0.113.9']", pool), false);
    assert.equal(matches("[network-traffic:src_ref.value != '203.0.113.9']", pool), false); // not present: false (§9.6)
    assert.ok(matches("[domain-name:resolves_to_refs[*].value = '198.51.100.3']", pool));
    assert.equal(matches("[domain-name:resolves_to_refs[0].value = '198.51.100.3']", pool), false);
    assert.ok(matches("[domain-name:resolves_to_refs[1].value = '198.51.100.3']", pool));
    assert.equal(matches("[domain-name:resolves_to_refs[2].value = '198.51.100.3']", pool), false);
    assert.ok(
      matches(
        "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_port = 443]",
        pool,
      ),
    );
  });

  test('the embedded objects form uses dictionary keys as references', () => {
    const embedded = seen('2019-10-20T00:12:01.000000Z', [
      { type: 'network-traffic', src_ref: '1', dst_ref: '1' },
      { type: 'ipv4-addr', value: '203.0.113.10' },
    ]);
    assert.ok(matches("[network-traffic:src_ref.value = '203.0.113.10']", [embedded]));
  });

  test('all comparisons of an Observation Expression start from one SCO (§9.5 example)', () => {
    const split = {
      type: 'observed-data',
      id: 'observed-data--0960319a-3cab-4258-a143-4dbb25525bb1',
      first_observed: '2019-10-20T00:12:01.000000Z',
      last_observed: '2019-10-20T00:51:02.000000Z',
      number_observed: 1,
      objects: {
        '0': { type: 'network-traffic', src_ref: '1' },
        '1': { type: 'ipv4-addr', value: '203.0.113.10' },
        '2': { type: 'network-traffic', dst_ref: '3' },
        '3': { type: 'ipv4-addr', value: '198.51.100.58' },
      },
    };
    const pattern =
      "[network-traffic:src_ref.value = '203.0.113.10' AND network-traffic:dst_ref.value = '198.51.100.58']";
    assert.equal(matches(pattern, [split]), false);
    assert.ok(matches(pattern.replace(' AND ', ' OR '), [split]));
  });

  test('bare SCOs count as observations; results name the matching observations', () => {
    const a = seen('2020-01-01T00:00:00Z', [{ type: 'file', name: 'a.exe' }]);
    const b = seen('2020-01-01T00:00:00Z', [{ type: 'file', name: 'b.exe' }]);
    assert.deepEqual(ids("[file:name LIKE '%.exe']", [a, b]), [a.id, b.id]);
    assert.deepEqual(
      ids("[file:name = 'c.exe']", [a, b, { type: 'file', id: 'file--c', name: 'c.exe' }]),
      ['file--c'],
    );
  });
});

describe('matchPattern :: comparison semantics (§9.6)', () => {
  const file = seen('2020-01-01T00:00:00Z', [
    {
      type: 'file',
      name: 'Résumé.PDF',
      size: 371712,
      hashes: { 'SHA-256': 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' },
      magic_number_hex: 'FFD8',
      created: '2014-01-13T07:03:17Z',
      extensions: {
        'windows-pebinary-ext': {
          sections: [
            { name: '.text', entropy: 6.1 },
            { name: '.rsrc', entropy: 7.9 },
          ],
        },
      },
    },
    {
      type: 'artifact',
      mime_type: 'application/vnd.tcpdump.pcap',
      payload_bin: 'dGhpcyBpcyBhIHRlc3Q=',
    },
    { type: 'user-account', account_login: 'peter', is_privileged: true },
  ]);
  const check = (pattern: string, expected: boolean) =>
    assert.equal(matches(pattern, [file]), expected, pattern);

  test('numbers compare by value, integer against float in full (§9.2)', () => {
    check('[file:size = 371712.0]', true);
    check('[file:size > 371711.5]', true);
    check('[file:size < 371712]', false);
    check('[file:size IN (1, 371712)]', true);
    check("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", true);
    check("[file:extensions.'windows-pebinary-ext'.sections[0].entropy > 7.0]", false);
  });

  test('strings compare by code point, case-sensitively, without normalization (§9.6.2)', () => {
    check("[file:name = 'Résumé.PDF']", true);
    check("[file:name = 'résumé.pdf']", false);
    check("[file:name = 'Re\u0301sume\u0301.PDF']", false); // NFD form: not equal for =
    check("[file:name LIKE 'Re\u0301sum_.%']", true); // LIKE normalizes both to NFC
    check("[file:name > 'R']", true);
    check("[file:name > 'Rz']", true); // é (U+00E9) sorts after z (U+007A)
    check("[file:name < 'Rê']", true);
  });

  test('incompatible types are false, except != which is true (§9.6.1)', () => {
    check("[file:size = '371712']", false);
    check("[file:size != '371712']", true);
    check("[file:size NOT = '371712']", true);
    check('[user-account:is_privileged = true]', true);
    check("[user-account:is_privileged = 'true']", false);
  });

  test('NOT negates the whole comparison; a missing path is false regardless (§9.6)', () => {
    check("[file:name NOT = 'x']", true);
    check("[file:name NOT LIKE '%.PDF']", false);
    check("[file:missing NOT = 'x']", false);
    check('[file:missing != 1]', false);
    check('[EXISTS file:hashes]', true);
    check('[EXISTS file:parent_directory_ref]', false);
  });

  test('binary and hex properties compare as octets with b, h and latin-1 string constants (§9.6.3, §9.6.4)', () => {
    check("[artifact:payload_bin = 'dGhpcyBpcyBhIHRlc3Q=']", false);
    check("[artifact:payload_bin = 'this is a test']", true);
    check("[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']", true);
    check("[artifact:payload_bin = h'7468697320697320612074657374']", true);
    check("[artifact:payload_bin > h'74']", true); // a longer value with the same start is greater
    check("[artifact:payload_bin != 'tëst ☃']", true); // ☃ is above U+00FF: not convertible
    check("[file:magic_number_hex = h'ffd8']", true);
    check("[file:magic_number_hex < h'ffd9']", true);
    check("[artifact:payload_bin MATCHES '^this\\\\x20is']", true);
    check("[artifact:payload_bin LIKE 'this%test']", true);
  });

  test('timestamps compare as instants', () => {
    check("[file:created = t'2014-01-13T07:03:17.000Z']", true);
    check("[file:created > t'2014-01-13T07:03:16.999Z']", true);
    check("[file:name = t'2014-01-13T07:03:17Z']", false);
  });

  test('LIKE and MATCHES (§9.6.1)', () => {
    check("[file:name LIKE 'R_sum_.P%']", true);
    check("[file:name LIKE 'r%']", false);
    check("[file:name MATCHES '\\\\.PDF$']", true);
    check("[file:name MATCHES 'sum.\\\\.']", true);
    check("[file:hashes.'SHA-256' MATCHES '^aec0']", true);
  });
});

describe('matchPattern :: IP addresses and CIDR blocks (§9.6.1 ISSUBSET, ISSUPERSET)', () => {
  const v4 = seen('2020-01-01T00:00:00Z', [{ type: 'ipv4-addr', value: '198.51.100.14' }]);
  const block = seen('2020-01-01T00:00:00Z', [{ type: 'ipv4-addr', value: '198.51.100.0/27' }]);
  const v6 = seen('2020-01-01T00:00:00Z', [{ type: 'ipv6-addr', value: '2001:db8:dead:beef::1' }]);
  const all = [v4, block, v6];
  test('an address equals its /32 or /128 block', () => {
    assert.deepEqual(ids("[ipv4-addr:value = '198.51.100.14/32']", all), [v4.id]);
    assert.deepEqual(
      ids("[ipv6-addr:value = '2001:0db8:dead:beef:0000:0000:0000:0001/128']", all),
      [v6.id],
    );
  });
  test('ISSUBSET and ISSUPERSET, identical blocks included', () => {
    assert.deepEqual(ids("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", all), [v4.id, block.id]);
    assert.deepEqual(ids("[ipv4-addr:value ISSUBSET '198.51.100.0/27']", all), [v4.id, block.id]);
    assert.deepEqual(ids("[ipv4-addr:value ISSUPERSET '198.51.100.14']", all), [v4.id, block.id]);
    assert.deepEqual(ids("[ipv4-addr:value ISSUPERSET '198.51.100.0/24']", all), []);
    assert.deepEqual(
      ids("[ipv6-addr:value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']", all),
      [v6.id],
    );
    assert.deepEqual(ids("[ipv6-addr:value ISSUBSET '2001:db8:dead:bef0::/64']", all), []);
  });
});

describe('matchPattern :: observation operators and qualifiers (§9.5)', () => {
  const a1 = seen('2020-01-01T00:00:00Z', [{ type: 'domain-name', value: 'a.example' }]);
  const b1 = seen('2020-01-01T00:01:00Z', [{ type: 'domain-name', value: 'b.example' }]);
  const a2 = seen('2020-01-01T00:02:00Z', [{ type: 'domain-name', value: 'a.example' }]);
  const a5 = seen('2020-01-01T00:10:00Z', [{ type: 'domain-name', value: 'a.example' }], {
    number_observed: 5,
    last_observed: '2020-01-01T00:20:00Z',
  });
  const A = "[domain-name:value = 'a.example']";
  const B = "[domain-name:value = 'b.example']";

  test('AND needs different Observations; OR either', () => {
    assert.ok(matches(`${A} AND ${B}`, [a1, b1]));
    assert.equal(matches(`${A} AND ${A}`, [a1]), false);
    assert.ok(matches(`${A} AND ${A}`, [a1, a2]));
    assert.ok(matches(`${A} OR ${B}`, [b1]));
  });

  test('FOLLOWEDBY orders by observation time', () => {
    assert.ok(matches(`${A} FOLLOWEDBY ${B}`, [a1, b1]));
    assert.equal(matches(`${B} FOLLOWEDBY ${A}`, [a1, b1]), false);
    assert.ok(matches(`${B} FOLLOWEDBY ${A}`, [a1, b1, a2]));
    assert.deepEqual(matchPattern(`${B} FOLLOWEDBY ${A}`, [a1, b1, a2]).bindings, [[1, 2]]);
  });

  test('WITHIN: the set must span less than the window; one Observation always fits', () => {
    assert.ok(matches(`(${A} AND ${B}) WITHIN 61 SECONDS`, [a1, b1]));
    assert.equal(matches(`(${A} AND ${B}) WITHIN 60 SECONDS`, [a1, b1]), false); // equal to the window is too late
    assert.ok(matches(`${A} WITHIN 1 SECONDS`, [a5]));
  });

  test('START/STOP: observations within [start, stop)', () => {
    assert.deepEqual(
      ids(`${A} START t'2020-01-01T00:00:00Z' STOP t'2020-01-01T00:02:00Z'`, [a1, a2]),
      [a1.id],
    );
    assert.deepEqual(
      ids(`${A} START t'2020-01-01T00:00:00.001Z' STOP t'2020-01-01T00:02:00.001Z'`, [a1, a2]),
      [a2.id],
    );
  });

  test('REPEATS counts Observations, number_observed included', () => {
    assert.ok(matches(`${A} REPEATS 2 TIMES`, [a1, a2]));
    assert.equal(matches(`${A} REPEATS 3 TIMES`, [a1, a2]), false);
    assert.ok(matches(`${A} REPEATS 5 TIMES`, [a5]));
    assert.ok(matches(`${A} REPEATS 7 TIMES`, [a1, a2, a5]));
    assert.equal(matches(`${A} REPEATS 8 TIMES`, [a1, a2, a5]), false);
    assert.ok(matches(`(${A} REPEATS 2 TIMES) WITHIN 180 SECONDS`, [a1, a2, a5]));
    assert.equal(matches(`(${A} REPEATS 3 TIMES) WITHIN 180 SECONDS`, [a1, a2]), false);
  });

  test('spec example: REPEATS applies to the expression right before it', () => {
    assert.ok(matches(`${B} FOLLOWEDBY ${A} REPEATS 2 TIMES`, [a1, b1, a2, a5]));
    assert.equal(matches(`(${B} FOLLOWEDBY ${A}) REPEATS 2 TIMES`, [a1, b1, a2, a5]), false);
  });

  test('observations without a usable time never satisfy time constraints', () => {
    const bare = { type: 'domain-name', id: 'domain-name--x', value: 'a.example' };
    assert.ok(matches(A, [bare]));
    assert.equal(
      matches(`${A} START t'2000-01-01T00:00:00Z' STOP t'2100-01-01T00:00:00Z'`, [bare]),
      false,
    );
    assert.equal(matches(`${B} FOLLOWEDBY ${A}`, [b1, bare]), false);
  });

  test('bounds cut a combinatorial search short and say so', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      seen(`2020-01-01T00:00:${String(i).padStart(2, '0')}Z`, [
        { type: 'domain-name', value: 'a.example' },
      ]),
    );
    const result = matchPattern(`${A} REPEATS 4 TIMES`, many, { maxBindings: 50 });
    assert.equal(result.matched, true);
    assert.equal(result.truncated, true);
    assert.equal(result.bindings.length, 50);
  });
});

describe('matchPattern :: invalid patterns', () => {
  test('throw PatternError with the position instead of matching (§9.4)', () => {
    assert.throws(() => matchPattern("[file:name = 'x'", []), PatternError);
    assert.throws(
      () => compilePattern("[file:name = 'x' AND url:value = 'y']"),
      /line 1, column 18: the operands of AND/,
    );
  });
});
