/**
 * The shape of one STIX property, as the per-type definition tables declare it. `ref`/`refs`
 * name the object types a reference may point to: a type name, or one of the classes `sdo`,
 * `sco`, `sro`, `meta`, `custom` (any type STIX 2.1 does not define), `any` (any type but
 * `bundle`). Tables are built once at module load; nothing here is allocated per validation.
 */
export type PropertySpec =
  | {
      kind:
        | 'string'
        | 'timestamp'
        | 'boolean'
        | 'binary'
        | 'hex'
        | 'hashes'
        | 'dictionary'
        | 'object'
        | 'list';
    }
  | { kind: 'number' | 'integer' | 'float'; min?: number; max?: number }
  | { kind: 'strings' }
  | { kind: 'format'; format: StringFormat }
  | {
      kind: 'enum' | 'vocab' | 'vocabs' | 'enums';
      values: readonly string[];
      set: ReadonlySet<string>;
    }
  | { kind: 'ref' | 'refs'; to: readonly string[] }
  | { kind: 'struct' | 'structs'; shape: StructShape }
  | { kind: 'external-references' | 'kill-chain-phases' | 'granular-markings' | 'extensions' };

/** Value formats checked beyond "is a string" (STIX 2.1 §6: address SCO values). */
export type StringFormat = 'ipv4' | 'ipv6' | 'mac';

/** A nested object type (e.g. the Windows registry value type, §6.17.2). */
export interface StructShape {
  name: string;
  required: readonly string[];
  properties: Readonly<Record<string, PropertySpec>>;
  /** Groups of which at least one property must be present. */
  atLeastOneOf?: readonly (readonly string[])[];
  /** Pairs that must not both be present. */
  exclusive?: readonly (readonly [string, string])[];
}

/** How one object type is defined: its properties, which are required, and extra rules. */
export interface TypeDefinition {
  category: 'sdo' | 'sro' | 'sco' | 'meta';
  required: readonly string[];
  properties: Readonly<Record<string, PropertySpec>>;
  /** Groups of which at least one property must be present (e.g. file: hashes or name). */
  atLeastOneOf?: readonly (readonly string[])[];
  /**
   * Timestamp pairs where the second must not be earlier than the first; with `true` as third
   * member it must be strictly later (relationship `stop_time`, indicator `valid_until`).
   */
  ordered?: readonly (readonly [string, string, boolean?])[];
  /** Pairs that must not both be present (e.g. artifact `payload_bin` and `url`). */
  exclusive?: readonly (readonly [string, string])[];
  /** Pairs where the first needs the second (e.g. artifact `url` needs `hashes`). */
  needs?: readonly (readonly [string, string])[];
}

export const str = { kind: 'string' } as const;
export const ts = { kind: 'timestamp' } as const;
export const bool = { kind: 'boolean' } as const;
export const num = { kind: 'number' } as const;
export const int = { kind: 'integer' } as const;
export const strs = { kind: 'strings' } as const;
export const hashes = { kind: 'hashes' } as const;
export const dict = { kind: 'dictionary' } as const;
export const list = { kind: 'list' } as const;
export const bin = { kind: 'binary' } as const;
export const hex = { kind: 'hex' } as const;
export const killChain = { kind: 'kill-chain-phases' } as const;
export const ref = (...to: string[]) => ({ kind: 'ref', to }) as const;
export const refs = (...to: string[]) => ({ kind: 'refs', to }) as const;
export const format = (f: StringFormat) => ({ kind: 'format', format: f }) as const;
export const intIn = (min: number, max: number) => ({ kind: 'integer', min, max }) as const;
export const floatIn = (min: number, max: number) => ({ kind: 'float', min, max }) as const;
/** A closed enumeration (§2.4): other values are errors. */
export const closed = (...values: string[]) =>
  ({ kind: 'enum', values, set: new Set(values) }) as const;
/** A list of closed enumeration values. */
export const closedList = (...values: string[]) =>
  ({ kind: 'enums', values, set: new Set(values) }) as const;
/** An open vocabulary (§2.14): other values are warnings. */
export const open = (...values: string[]) =>
  ({ kind: 'vocab', values, set: new Set(values) }) as const;
/** A list of open vocabulary values. */
export const opens = (...values: string[]) =>
  ({ kind: 'vocabs', values, set: new Set(values) }) as const;
export const struct = (shape: StructShape) => ({ kind: 'struct', shape }) as const;
export const structs = (shape: StructShape) => ({ kind: 'structs', shape }) as const;
