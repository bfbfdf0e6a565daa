/**
 * The syntax tree of a STIX 2.1 pattern (STIX 2.1 §9). Operators that the specification
 * defines as associative are n-ary: `a OR b OR c` is one `or` node with three operands, so
 * long chains do not make the tree deep. Parentheses leave no node of their own: the tree
 * shape says what they grouped, and the printer puts back only the ones that are needed.
 */

/** A whole pattern: one Observation Expression, possibly composite (§9.4). */
export type Pattern = ObservationExpression;

/** An Observation Expression or a combination of them (§9.5). */
export type ObservationExpression = ObservationLeaf | ObservationOperation | QualifiedObservation;

/** `[ comparison-expression ]`: matched against one Observation (§9.5). */
export interface ObservationLeaf {
  kind: 'observation';
  comparison: ComparisonExpression;
}

/** Observation Operators `AND`, `OR`, `FOLLOWEDBY`, left to right (§9.5.2). */
export interface ObservationOperation {
  kind: 'observation-and' | 'observation-or' | 'followedby';
  operands: ObservationExpression[];
}

/** An Observation Expression with one Qualifier; chained qualifiers nest, first innermost (§9.5.1). */
export interface QualifiedObservation {
  kind: 'qualified';
  expression: ObservationExpression;
  qualifier: Qualifier;
}

/** `WITHIN x SECONDS`, `REPEATS x TIMES`, `START t'..' STOP t'..'` (§9.5.1). */
export type Qualifier =
  | { kind: 'within'; seconds: number }
  | { kind: 'repeats'; times: number }
  | { kind: 'start-stop'; start: string; stop: string };

/** A Comparison Expression: comparisons joined by the Boolean Operators `AND`/`OR` (§9.6). */
export type ComparisonExpression = BooleanOperation | Comparison | Exists;

/** Boolean `AND`/`OR` inside an Observation Expression (§9.6). */
export interface BooleanOperation {
  kind: 'and' | 'or';
  operands: ComparisonExpression[];
}

/** The Comparison Operators of §9.6.1, including the set operators. */
export type ComparisonOperator =
  '=' | '!=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

/** `path [NOT] operator constant` (§9.6.1). `IN` takes a set; every other operator one constant. */
export interface Comparison {
  kind: 'comparison';
  path: ObjectPath;
  operator: ComparisonOperator;
  negated: boolean;
  value: Constant | ConstantSet;
}

/** `EXISTS path` (§9.6.1). */
export interface Exists {
  kind: 'exists';
  path: ObjectPath;
}

/** `object-type:property...` (§9.7). The first step is always a property. */
export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
}

/** A property name (dictionary key, extension name, dereferenced property) or a list index (§9.7). */
export type PathStep = { kind: 'property'; name: string } | { kind: 'index'; index: number | '*' };

/**
 * A constant (§9.2). Timestamps keep the text as written; hex is lower-case digits; binary is
 * the base64 text without line feeds.
 */
export type Constant =
  | { kind: 'string'; value: string }
  | { kind: 'integer'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'timestamp'; value: string }
  | { kind: 'hex'; value: string }
  | { kind: 'binary'; value: string };

/** The parenthesized list after `IN` (§9.6.1). */
export interface ConstantSet {
  kind: 'set';
  values: Constant[];
}

/** Every node kind, for source-position lookups. */
export type PatternNode =
  | ObservationExpression
  | ComparisonExpression
  | ObjectPath
  | PathStep
  | Constant
  | ConstantSet
  | Qualifier;
