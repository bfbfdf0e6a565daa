/**
 * The program of the object-check thread (`object-checker.ts`): answers each text with the
 * checks of its envelope's objects (the share it was asked for), or `checked: undefined` when
 * it is not an envelope.
 */
import { parentPort } from 'node:worker_threads';
import { checkEnvelopeText } from './object-checks.js';

/** What the serving thread sends, and what this thread answers. */
export interface CheckRequest {
  seq: number;
  text: string;
  /** The part of the objects to check, from the first (the serving thread checks the rest). */
  share: number;
}
export interface CheckAnswer {
  seq: number;
  checked: ReturnType<typeof checkEnvelopeText>;
}

parentPort?.on('message', ({ seq, text, share }: CheckRequest) => {
  parentPort?.postMessage({ seq, checked: checkEnvelopeText(text, share) } satisfies CheckAnswer);
});
