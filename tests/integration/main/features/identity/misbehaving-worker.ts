/**
 * A stand-in face worker for the checker's failure paths: it speaks the real protocol, and the
 * frame width picks its behaviour — 17: the thread dies; 18: it never answers (busy forever);
 * anything else: a match. Each thread reports a start number so tests see restarts.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../../../../../main/features/identity/face/protocol.js';

const started = Date.now();
parentPort?.on('message', (msg: ToWorker) => {
  const send = (m: FromWorker) => parentPort?.postMessage(m);
  if (msg.type === 'load') {
    send({ type: 'loaded', ms: 0, backend: `stand-in@${started}` });
    return;
  }
  if (msg.frame.width === 17) process.exit(3);
  if (msg.frame.width === 18) for (;;);
  send({
    type: 'result',
    id: msg.id,
    outcome: { code: 'match', band: 'high' },
    scores: { referenceFaces: 1, liveFaces: 1 },
    ms: 0,
  });
});
