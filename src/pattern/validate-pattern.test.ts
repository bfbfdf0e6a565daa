import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validatePattern } from './validate-pattern.js';

/** "line:column rule" of each diagnostic of a severity. */
function found(source: string, severity: 'errors' | 'warnings'): string[] {
  return validatePattern(source)[severity].map((d) => `${d.line}:${d.column} ${d.rule}`);
}

describe('validatePattern :: errors (the pattern is invalid and matches nothing, §9.4)', () => {
  const cases: [string, string[]][] = [
    ["[file:name = 'a' AND url:value = 'b']", ['1:18 and-object-types']],
    ["[(file:name = 'a' OR url:value = 'b') AND url:value = 'c']", []], // url can satisfy both sides
    ["[file:name = 'a' OR url:value = 'b']", []],
    ["[file:name = 'a'] WITHIN 5 SECONDS WITHIN 9 SECONDS", ['1:36 duplicate-qualifier']],
    ["([file:name = 'a'] REPEATS 2 TIMES) REPEATS 3 TIMES", ['1:37 duplicate-qualifier']],
    ["[file:name = 'a'] REPEATS 2 TIMES WITHIN 5 SECONDS", []],
    ["[indicator:pattern = 'x']", ['1:2 object-type']],
    ["[File:name = 'x']", ['1:2 object-type']],
    ["[x--y:name = 'x']", ['1:2 object-type']],
    ["[ab:name = 'x']", ['1:2 object-type']],
    ["[url:value ISSUBSET '10.0.0.0/8']", ['1:2 set-operator-path']],
    ["[ipv4-addr:resolves_to_refs[*].value ISSUBSET '10.0.0.0/8']", []],
    ["[ipv4-addr:value ISSUBSET '10.0.0.0/33']", ['1:27 invalid-cidr']],
    ["[ipv6-addr:value ISSUPERSET '2001:db8::/129']", ['1:29 invalid-cidr']],
    ["[file:name MATCHES '(a)\\\\1']", ['1:20 regex']],
    ["[file:name MATCHES 'a(?=b)']", ['1:20 regex']],
    ["[file:name IN ('a', 1)]", ['1:15 mixed-set']],
    ['[file:size IN (1, 2.5)]', []],
  ];
  for (const [source, expected] of cases)
    test(source, () => {
      assert.deepEqual(found(source, 'errors'), expected);
      assert.equal(validatePattern(source).valid, expected.length === 0);
    });

  test('syntax errors come back as diagnostics, not exceptions', () => {
    const result = validatePattern("[file:name = 'a'");
    assert.equal(result.valid, false);
    assert.equal(result.pattern, undefined);
    assert.deepEqual(found("[file:name = 'a'", 'errors'), ['1:17 syntax']);
  });
});

describe('validatePattern :: warnings (valid, but probably not what was meant)', () => {
  const cases: [string, string[]][] = [
    ["[x-usb-device:usbdrive.serial_number = '575833314133343231313937']", ['1:2 unknown-type']],
    ["[file:nmae = 'a']", ['1:7 unknown-property']],
    ['[file:x_custom_score = 5]', ['1:7 unknown-property']],
    ["[file:hashes.SHA256 = 'ab']", ['1:14 unknown-hash']],
    ["[file:hashes.'SHA-256' = 'ab']", []],
    ["[file:extensions.'x-acme-ext'.score = 1]", ['1:18 unknown-extension']],
    [
      "[file:extensions.'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e'.score = 1]",
      [],
    ],
    ["[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", []],
    [
      "[file:extensions.'windows-pebinary-ext'.sections.entropy > 7.0]",
      ['1:50 list-without-index'],
    ],
    ['[file:size[0] = 1]', ['1:11 index-on-non-list']],
    ["[file:size = '1']", ['1:14 type-mismatch']],
    ['[file:name = 1]', ['1:14 type-mismatch']],
    ["[user-account:is_privileged = 'true']", ['1:31 type-mismatch']],
    ["[network-traffic:protocols = 'tcp']", ['1:30 type-mismatch']],
    ["[network-traffic:protocols[*] = 'tcp']", []],
    ["[network-traffic:src_port MATCHES '^44']", ['1:2 type-mismatch']],
    ["[network-traffic:dst_ref.valu = 'x']", ['1:26 unknown-property']],
    ["[network-traffic:dst_ref.value = '198.51.100.1']", []],
    ["[email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final']", []],
    ["[file:ctime = t'2014-01-13T07:03:17Z']", []],
    ["[file:created = t'2014-01-13T07:03:17Z']", ['1:7 unknown-property']], // a STIX 2.0 name (spec example)
    ["[file:magic_number_hex = h'ffd8']", []],
    ["[artifact:payload_bin = 'this is a test']", []],
    [
      "[file:name = 'a'] START t'2020-01-02T00:00:00Z' STOP t'2020-01-01T00:00:00Z'",
      ['1:19 empty-interval'],
    ],
  ];
  for (const [source, expected] of cases)
    test(source, () => {
      assert.deepEqual(found(source, 'warnings'), expected);
      assert.equal(validatePattern(source).valid, true);
    });

  test('the canonical form comes with the result', () => {
    assert.equal(validatePattern("[ file:name='a' ]").canonical, "[file:name = 'a']");
  });
});

describe('validatePattern :: names of Object.prototype members are ordinary names', () => {
  const standIn = (name: string) => name.replace(/[a-z]/g, 'q').replace(/[A-Z]/g, 'Q');
  const patterns: ((name: string) => string)[] = [
    (n) => `[file:${n} = 'a']`,
    (n) => `[file:hashes.${n} = 'a']`,
    (n) => `[file:extensions.${n}.x = 'a']`,
    (n) => `[file:extensions.'archive-ext'.${n} = 'a']`,
    (n) => `[file:name = 'a'] ${n} [file:name = 'b']`,
  ];
  for (const pattern of patterns)
    test(pattern('NAME'), () => {
      for (const name of Object.getOwnPropertyNames(Object.prototype)) {
        const result = (n: string) => {
          const { errors, warnings } = validatePattern(pattern(n));
          return [...errors, ...warnings].map((d) => d.rule);
        };
        assert.deepEqual(result(name), result(standIn(name)), name);
      }
    });
});
