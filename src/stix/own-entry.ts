/**
 * What `table` holds under `key` as its own property, or undefined; never a member of
 * Object.prototype. Every lookup keyed by input (a type name, a property name, a hash algorithm,
 * a pattern keyword) goes through this: on an object literal `table['constructor']` is a
 * function, and `table['__proto__']` is Object.prototype.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
