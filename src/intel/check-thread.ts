/**
 * The program of the object-check thread (`object-checker.ts`): answers each text with the
 * checks of its envelope's objects, or `checked: undefined` when it is not an envelope.
 */
import { parentPort } from 'node:worker_threads';
import { checkEnvelopeText } from './object-checks.js';

/** What the serving thread sends, and what this thread answers. */
export interface CheckRequest {
  seq: number;
  text: string;
}
export interface CheckAnswer {
  seq: number;
  checked: ReturnType<typeof checkEnvelopeText>;
}

parentPort?.on('message', ({ seq, text }: CheckRequest) => {
  parentPort?.postMessage({ seq, checked: checkEnvelopeText(text) } satisfies CheckAnswer);
});
