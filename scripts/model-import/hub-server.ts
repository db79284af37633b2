import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';

/** Options of {@link startHubServer}. */
export interface HubServerOptions {
  /** Repositories: hub id (`owner/name`) -> local folder whose files it serves. */
  readonly repos: Readonly<Record<string, string>>;
  /** Require `Authorization: Bearer <token>` for these ids (private models). */
  readonly privateToken?: string;
  readonly privateRepos?: readonly string[];
  /** Files at least this large are served as LFS (redirect to /cdn, sha256 ETag). Default 10,000. */
  readonly lfsThreshold?: number;
  /** Close the connection after this many body bytes of the first LFS download (resume tests). */
  readonly cutFirstDownloadAfter?: number;
  /** Serve these files with other bytes than listed (checksum tests): path -> bytes. */
  readonly corrupt?: Readonly<Record<string, Uint8Array>>;
}

/** A running local hub. */
export interface HubServer {
  readonly url: string;
  /** Requests seen, as `METHOD path` (with a `range` suffix when asked). */
  readonly requests: string[];
  close(): Promise<void>;
}

interface Entry {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly blobId: string;
  readonly lfs: boolean;
}

function walk(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(root, p) : [relative(root, p).split('\\').join('/')];
  });
}

/**
 * A local HTTP server in the Hugging Face hub's URL layout, for tests and offline checks:
 * `GET /api/models/<id>` (siblings with size, blobId, lfs.sha256), `GET /<id>/resolve/<rev>/<file>`
 * (regular files inline with their git blob id as ETag; LFS files by a 302 to `/cdn/<sha256>`
 * carrying X-Linked-Etag and X-Linked-Size), Range requests, 401/404 like the hub.
 * Binds 127.0.0.1 on an ephemeral port.
 */
export async function startHubServer(options: HubServerOptions): Promise<HubServer> {
  const threshold = options.lfsThreshold ?? 10_000;
  const repos = new Map<string, Entry[]>();
  const cdn = new Map<string, Entry>();
  for (const [id, folder] of Object.entries(options.repos)) {
    const entries = walk(folder).map((path): Entry => {
      const bytes = readFileSync(join(folder, path));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const blobId = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
      return { path, bytes, sha256, blobId, lfs: bytes.length >= threshold };
    });
    repos.set(id, entries);
    for (const e of entries) if (e.lfs) cdn.set(e.sha256, e);
  }
  const requests: string[] = [];
  let cut = options.cutFirstDownloadAfter;
  const commit = 'a'.repeat(40);

  const send = (res: ServerResponse, entry: Entry, req: IncomingMessage, etag: string): void => {
    const bytes = options.corrupt?.[entry.path] ?? entry.bytes;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start > bytes.length || (range && start === bytes.length)) {
      res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
      return;
    }
    const body = bytes.subarray(start);
    res.writeHead(range ? 206 : 200, {
      'content-length': body.length,
      etag: `"${etag}"`,
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
    });
    if (entry.lfs && cut !== undefined && body.length > cut) {
      // Simulate a dropped connection part-way through.
      const n = cut;
      cut = undefined;
      res.write(body.subarray(0, n), () => res.destroy());
      return;
    }
    res.end(body);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    requests.push(`${req.method} ${path}${req.headers.range ? ` ${req.headers.range}` : ''}`);
    const authorized = (id: string): boolean => !options.privateRepos?.includes(id) || req.headers.authorization === `Bearer ${options.privateToken}`;
    const notFound = (status = 404): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-error-code': 'RepoNotFound' }).end(JSON.stringify({ error: 'Repository not found' }));
    };
    const api = /^\/api\/models\/([^/]+\/[^/]+?)(?:\/revision\/([^/]+))?$/.exec(path);
    if (api) {
      const entries = repos.get(api[1]!);
      if (!entries) return notFound(req.headers.authorization ? 404 : 401);
      if (!authorized(api[1]!)) return notFound(401);
      const siblings = entries.map((e) => ({
        rfilename: e.path,
        size: e.bytes.length,
        blobId: e.blobId,
        ...(e.lfs ? { lfs: { sha256: e.sha256, size: e.bytes.length, pointerSize: 134 } } : {}),
      }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: api[1], modelId: api[1], sha: commit, siblings }));
      return;
    }
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (resolve) {
      const entries = repos.get(resolve[1]!);
      if (!entries || !authorized(resolve[1]!)) return notFound(entries ? 401 : 404);
      const entry = entries.find((e) => e.path === resolve[3]);
      if (!entry) return res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
      if (entry.lfs) {
        res
          .writeHead(302, {
            location: `/cdn/${entry.sha256}`,
            'x-linked-etag': `"${entry.sha256}"`,
            'x-linked-size': String(entry.bytes.length),
            'x-repo-commit': commit,
          })
          .end();
        return;
      }
      return send(res, entry, req, entry.blobId);
    }
    const blob = /^\/cdn\/([0-9a-f]{64})$/.exec(path);
    const entry = blob ? cdn.get(blob[1]!) : undefined;
    if (entry) return send(res, entry, req, entry.sha256);
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
