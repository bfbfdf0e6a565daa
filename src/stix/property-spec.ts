/**
 * The shape of one STIX property, as the per-type definition tables declare it. `refs` name
 * the object types a reference may point to: a type name, or one of the classes `sdo`, `sco`,
 * `sro`, `any` (any object type except `bundle`).
 */
export type PropertySpec =
  | {
      kind:
        | 'string'
        | 'timestamp'
        | 'boolean'
        | 'number'
        | 'binary'
        | 'hex'
        | 'hashes'
        | 'dictionary'
        | 'object'
        | 'list';
    }
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'strings' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'vocab'; values: readonly string[] }
  | { kind: 'vocabs'; values: readonly string[] }
  | { kind: 'ref' | 'refs'; to: readonly string[] }
  | { kind: 'external-references' | 'kill-chain-phases' | 'granular-markings' | 'extensions' };

/** How one object type is defined: its properties, which are required, and extra rules. */
export interface TypeDefinition {
  category: 'sdo' | 'sro' | 'sco' | 'meta';
  required: readonly string[];
  properties: Readonly<Record<string, PropertySpec>>;
  /** Groups of which at least one property must be present (e.g. file: hashes or name). */
  atLeastOneOf?: readonly (readonly string[])[];
  /** Timestamp pairs where the second must not be earlier than the first. */
  ordered?: readonly (readonly [string, string])[];
  /** Properties that contribute to the deterministic id of an SCO (STIX 2.1 §2.9). */
  idContributing?: readonly string[];
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
export const ref = (...to: string[]) => ({ kind: 'ref', to }) as const;
export const refs = (...to: string[]) => ({ kind: 'refs', to }) as const;
export const closed = (...values: string[]) => ({ kind: 'enum', values }) as const;
export const open = (...values: string[]) => ({ kind: 'vocab', values }) as const;
export const opens = (...values: string[]) => ({ kind: 'vocabs', values }) as const;
export const intIn = (min: number, max: number) => ({ kind: 'integer', min, max }) as const;
