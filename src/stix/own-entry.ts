/**
 * What `table` holds under `key` as its own property, or undefined; never a member of
 * Object.prototype. Every lookup keyed by input (a type name, a property name, a hash algorithm,
 * a pattern keyword) goes through this: on an object literal `table['constructor']` is a
 * function, and `table['__proto__']` is Object.prototype.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * Makes `key` an own, enumerable, writable property of `target` holding `value`, and returns
 * `value`. Unlike `target[key] = value`, a key of `__proto__` becomes a property instead of
 * replacing the target's prototype.
 */
export function defineEntry<T>(target: object, key: string, value: T): T {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return value;
}
