// The real ONNX worker plus a fault: a request containing "__crash__" throws an uncaught error in
// the worker, "__exit__" exits it, before the real worker can answer.
import { parentPort } from 'node:worker_threads';
import '../../../src/nlp/onnx/onnx-worker.js';
import type { WorkerRequest } from '../../../src/nlp/onnx/protocol.js';

parentPort?.on('message', (req: WorkerRequest) => {
  if (req.texts.includes('__crash__')) throw new Error('simulated worker crash');
  if (req.texts.includes('__exit__')) process.exit(7);
});
