import type { Comparison, ComparisonExpression, Constant } from './ast.js';
import {
  compareBytes,
  compareCodePoints,
  decodeBase64,
  decodeHex,
  latin1Bytes,
  timestampMillis,
} from './constants.js';
import { ipRangeEqual, ipRangeWithin, parseIpRange } from './ip-address.js';
import { likeMatches } from './like.js';
import type { Sco } from './observation.js';
import { LinearRegex, codePoints } from './linear-regex.js';
import { visitPath } from './visit-path.js';

/** Whether a Comparison Expression holds for an Observation Expression starting at `root`. */
export type ScoPredicate = (root: Sco, objects: ReadonlyMap<string, Sco>) => boolean;

type Owner = Readonly<Record<string, unknown>>;
/** A test on one value a path reached. */
type ValueTest = (value: unknown, owner: Owner, name: string) => boolean;

/**
 * Compiles a Comparison Expression to a predicate (STIX 2.1 §9.6). Regular expressions are
 * compiled here, so an unsupported one throws RegexSyntaxError (validatePattern reports it).
 */
export function compileComparisonExpression(node: ComparisonExpression): ScoPredicate {
  switch (node.kind) {
    case 'and': {
      const parts = node.operands.map(compileComparisonExpression);
      return (root, objects) => parts.every((part) => part(root, objects));
    }
    case 'or': {
      const parts = node.operands.map(compileComparisonExpression);
      return (root, objects) => parts.some((part) => part(root, objects));
    }
    case 'exists': {
      const { path } = node;
      return (root, objects) =>
        root.type === path.objectType && visitPath(path, root, objects, () => true);
    }
    case 'comparison':
      return compileComparison(node);
  }
}

function compileComparison(node: Comparison): ScoPredicate {
  const { path, negated } = node;
  const test = valueTest(node);
  return (root, objects) => {
    if (root.type !== path.objectType) return false;
    let found = false;
    const hit = visitPath(path, root, objects, (value, owner, name) => {
      found = true;
      return test(value, owner, name);
    });
    // A path that reaches nothing makes the comparison false whatever the operator (§9.6).
    return found && hit !== negated;
  };
}

const isBinaryName = (name: string) => name.endsWith('_bin') || name.endsWith('_hex');

/** The octets of a binary (`_bin`, base64) or hex (`_hex`) property value (§9.6.4). */
function propertyBytes(value: unknown, name: string): Uint8Array | undefined {
  if (typeof value !== 'string') return undefined;
  return name.endsWith('_bin') ? decodeBase64(value) : decodeHex(value);
}

/**
 * Orders a property value against a constant, or undefined when their types cannot be compared
 * (§9.2 comparable types, §9.6.2 code point order, §9.6.3 octet order, §9.6.4 native format).
 */
export function compareValue(
  value: unknown,
  name: string,
  constant: Constant,
  bytes?: Uint8Array,
): number | undefined {
  switch (constant.kind) {
    case 'string':
      if (isBinaryName(name)) {
        const own = propertyBytes(value, name);
        return own && bytes ? compareBytes(own, bytes) : undefined;
      }
      return typeof value === 'string' ? compareCodePoints(value, constant.value) : undefined;
    case 'integer':
    case 'float':
      return typeof value === 'number' ? Math.sign(value - constant.value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? (value === constant.value ? 0 : 1) : undefined;
    case 'timestamp': {
      const ms = typeof value === 'string' ? timestampMillis(value) : undefined;
      const other = timestampMillis(constant.value)!;
      return ms === undefined ? undefined : Math.sign(ms - other);
    }
    case 'hex':
    case 'binary': {
      const own = isBinaryName(name)
        ? propertyBytes(value, name)
        : typeof value === 'string'
          ? latin1Bytes(value)
          : undefined;
      return own && bytes ? compareBytes(own, bytes) : undefined;
    }
  }
}

/** The octets a constant stands for when compared with binary data, if it has any. */
function constantBytes(constant: Constant): Uint8Array | undefined {
  if (constant.kind === 'hex') return decodeHex(constant.value);
  if (constant.kind === 'binary') return decodeBase64(constant.value);
  if (constant.kind === 'string') return latin1Bytes(constant.value);
  return undefined;
}

/** True when `owner.name` is the value of an IP address SCO, compared as a block. */
const isIpValue = (owner: Owner, name: string) =>
  name === 'value' && (owner.type === 'ipv4-addr' || owner.type === 'ipv6-addr');

/** `=` for one constant, with IPv4/IPv6 values compared as blocks (`10.0.0.1` = `10.0.0.1/32`). */
function equalityTest(constant: Constant): ValueTest {
  const bytes = constantBytes(constant);
  const ip = constant.kind === 'string' ? parseIpRange(constant.value) : undefined;
  return (value, owner, name) => {
    if (ip && typeof value === 'string' && isIpValue(owner, name)) {
      const own = parseIpRange(value);
      if (own) return ipRangeEqual(own, ip);
    }
    return compareValue(value, name, constant, bytes) === 0;
  };
}

function valueTest(node: Comparison): ValueTest {
  const { operator, value: operand } = node;
  if (operand.kind === 'set') {
    const tests = operand.values.map(equalityTest);
    return (value, owner, name) => tests.some((test) => test(value, owner, name));
  }
  const constant = operand;
  const bytes = constantBytes(constant);
  switch (operator) {
    case '=':
      return equalityTest(constant);
    case '!=': {
      const equal = equalityTest(constant);
      return (value, owner, name) => !equal(value, owner, name);
    }
    case '<':
    case '>':
    case '<=':
    case '>=': {
      const accept = { '<': [-1], '>': [1], '<=': [-1, 0], '>=': [1, 0] }[operator];
      return (value, _owner, name) => {
        const order = compareValue(value, name, constant, bytes);
        return order !== undefined && accept.includes(order);
      };
    }
    case 'LIKE': {
      const pattern = codePoints(String(constant.value).normalize('NFC'));
      return (value, _owner, name) => {
        const text = textOf(value, name);
        return text !== undefined && likeMatches(codePoints(text), pattern);
      };
    }
    case 'MATCHES': {
      const regex = new LinearRegex(String(constant.value));
      return (value, _owner, name) => {
        if (isBinaryName(name)) {
          const own = propertyBytes(value, name);
          return own !== undefined && regex.test(own, true);
        }
        return typeof value === 'string' && regex.test(codePoints(value.normalize('NFC')));
      };
    }
    case 'ISSUBSET':
    case 'ISSUPERSET': {
      const block = parseIpRange(String(constant.value));
      return (value) => {
        const own = typeof value === 'string' && block ? parseIpRange(value) : undefined;
        if (!own || !block) return false;
        return operator === 'ISSUBSET' ? ipRangeWithin(own, block) : ipRangeWithin(block, own);
      };
    }
    case 'IN':
      return () => false; // IN always has a set; the parser guarantees it
  }
}

/** A string property NFC-normalized, or binary octets as U+0000-U+00FF characters, for LIKE. */
function textOf(value: unknown, name: string): string | undefined {
  if (isBinaryName(name)) {
    const own = propertyBytes(value, name);
    return own ? Buffer.from(own).toString('latin1') : undefined;
  }
  return typeof value === 'string' ? value.normalize('NFC') : undefined;
}
