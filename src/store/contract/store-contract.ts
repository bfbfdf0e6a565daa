import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../store.js';
import { defineNodeDataTests } from './node-data-cases.js';
import { defineReadTests } from './read-cases.js';
import { defineSharingTests } from './sharing-cases.js';
import { defineWriteTests } from './write-cases.js';
import { indicator, write } from './factories.js';

/** Options a contract test may ask of a new store handle. */
export interface ContractStoreOptions {
  clock?: () => Date;
  maxPageSize?: number;
}

export interface StoreContractOptions {
  /**
   * Opens a new, not yet migrated handle on this run's database. The database starts empty for
   * each run and every handle of the run shares it (the suite uses that to test concurrent
   * migrations and writers, and reopening).
   */
  create: (options?: ContractStoreOptions) => Promise<Store>;
  /** Skip reason, printed by the runner. */
  skip?: string;
}

/** What the case files get: the suite's main handle and a way to open more. */
export interface ContractContext {
  /** The main handle, migrated. */
  store(): Store;
  /** A second migrated handle on the same database (another connection). */
  other(): Store;
  /** Opens and migrates one more handle, closed when the suite ends. */
  open(options?: ContractStoreOptions): Promise<Store>;
  /** Closes the main handle and makes a new one the main handle. */
  reopen(): Promise<Store>;
}

/**
 * The one contract every Store backend passes (DESIGN.md invariant 2): run by
 * `sqlite/sqlite-store.test.ts` and `postgres/postgres-store.test.ts`.
 */
export function runStoreContract(name: string, options: StoreContractOptions): void {
  describe(`Store contract :: ${name}`, { skip: options.skip ?? false }, () => {
    let main: Store | undefined;
    let second: Store | undefined;
    const extra: Store[] = [];

    before(async () => {
      // Two handles migrate the fresh database at the same time: one applies, one waits.
      const [a, b] = await Promise.all([options.create(), options.create()]);
      main = a;
      second = b;
      await Promise.all([a.migrate(), b.migrate()]);
    });
    after(async () => {
      for (const store of [main, second, ...extra]) await store?.close().catch(() => undefined);
    });

    const context: ContractContext = {
      store: () => main ?? assert.fail('the store was not created'),
      other: () => second ?? assert.fail('the store was not created'),
      open: async (storeOptions) => {
        const store = await options.create(storeOptions);
        extra.push(store);
        await store.migrate();
        return store;
      },
      reopen: async () => {
        await main?.close();
        main = undefined;
        const store = await options.create();
        await store.migrate();
        main = store;
        return store;
      },
    };

    test('migrations: two handles migrating a fresh database at once both succeed; migrating again keeps the data', async () => {
      const object = indicator();
      await context.store().putObjects([write(object)]);
      await context.store().migrate();
      await Promise.all([context.store().migrate(), context.other().migrate()]);
      assert.equal((await context.other().getObject(object.id, { tokens: ['org:a'] })).length, 1);
    });

    defineWriteTests(context);
    defineReadTests(context);
    defineNodeDataTests(context);
    defineSharingTests(context);
  });
}
