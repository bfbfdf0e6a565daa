import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the ES module at `entry`. A TypeScript source (the tests and the
 * benchmarks run the sources through tsx) is loaded through tsx's loader, which a worker thread
 * does not inherit from the thread that starts it; the built `.js` modules start directly.
 */
export function startModuleWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const loader = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** The URL of the module `name` (no extension) beside `base`, in the same form as `base`. */
export function siblingModule(name: string, base: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
}
