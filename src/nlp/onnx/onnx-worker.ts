// Worker thread of OnnxEncoder: loads the model once, then encodes requests one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { ModelRunner } from './model-runner.js';
import type { WorkerRequest, WorkerResponse, WorkerSettings } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('onnx-worker.js must run in a worker thread (OnnxEncoder starts it)');
const post = (msg: WorkerResponse, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

const loading = ModelRunner.load(workerData as WorkerSettings);
loading.then(
  (runner) => post({ type: 'ready', info: runner.info }),
  (e: unknown) => {
    post({ type: 'init-error', message: e instanceof Error ? e.message : String(e) });
    port.close();
  },
);

// Requests run strictly in arrival order: one ONNX Runtime run at a time.
let queue: Promise<void> = Promise.resolve();
port.on('message', (req: WorkerRequest) => {
  if (req.type !== 'encode') return;
  queue = queue.then(async () => {
    try {
      const runner = await loading;
      const vectors = await runner.encode(req.texts);
      post({ type: 'result', id: req.id, vectors }, [vectors.buffer as ArrayBuffer]);
    } catch (e) {
      post({ type: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) });
    }
  });
});
