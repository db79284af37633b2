import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, renameSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';

/** Options of {@link HubClient}. */
export interface HubClientOptions {
  /** Hub address (`HF_ENDPOINT`). Default https://huggingface.co. */
  readonly endpoint?: string;
  /** Access token for private or gated models (`HF_TOKEN`); sent to the endpoint only, never logged. */
  readonly token?: string;
  /** Redirects followed per request. Default 10. */
  readonly maxRedirects?: number;
}

/** One file of a model repository, as the hub lists it. */
export interface HubFile {
  /** Path inside the repository, e.g. `1_Pooling/config.json`. */
  readonly path: string;
  /** Size in bytes, when listed. */
  readonly size: number | undefined;
  /** sha256 of an LFS file (the hub's ETag for LFS files). */
  readonly sha256: string | undefined;
  /** Git blob id (sha1 of `blob <size>\0<bytes>`) of a regular file. */
  readonly blobId: string | undefined;
}

/** A repository at one commit. */
export interface HubRepo {
  readonly id: string;
  /** Commit the files are resolved at (or the revision asked for when the hub gives none). */
  readonly revision: string;
  readonly files: readonly HubFile[];
}

/** Progress of one download (the CLI draws a bar; tests pass nothing). */
export interface DownloadProgress {
  start(file: string, totalBytes: number | undefined, alreadyBytes: number): void;
  advance(bytes: number): void;
  stop(): void;
}

/** An error of the hub client; the message says what to do. */
export class HubError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** Hub ids are `owner/name` (letters, digits, `-`, `_`, `.`). */
export const HUB_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;

const NO_PROGRESS: DownloadProgress = { start() {}, advance() {}, stop() {} };

/**
 * Client of the Hugging Face hub's public HTTP layout: `GET /api/models/<id>` lists the files,
 * `GET /<id>/resolve/<revision>/<file>` serves them (often via a redirect to a CDN). Downloads
 * resume from `<dest>.part`, and every file is checked against the hub's sha256 (LFS files) or
 * git blob id (other files) before it is moved into place.
 */
export class HubClient {
  readonly endpoint: string;
  private readonly token: string | undefined;
  private readonly maxRedirects: number;

  constructor(options: HubClientOptions = {}) {
    this.endpoint = (options.endpoint ?? 'https://huggingface.co').replace(/\/+$/, '');
    this.token = options.token;
    this.maxRedirects = options.maxRedirects ?? 10;
  }

  /** Lists the files of model `id` at `revision` (default main). */
  async listFiles(id: string, revision = 'main'): Promise<HubRepo> {
    if (!HUB_ID.test(id))
      throw new HubError(`"${id}" is not a hub model id. Fix: use owner/name as in https://huggingface.co/owner/name, or the path of a local folder.`);
    const path = revision === 'main' ? `/api/models/${id}` : `/api/models/${id}/revision/${encodeURIComponent(revision)}`;
    const res = await this.request(`${this.endpoint}${path}?blobs=true`, id);
    let body: { sha?: unknown; siblings?: unknown };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new HubError(`${this.endpoint}${path} did not return JSON: is HF_ENDPOINT (${this.endpoint}) a Hugging Face hub?`);
    }
    if (!Array.isArray(body.siblings)) throw new HubError(`${this.endpoint}${path} lists no files (no "siblings"): is HF_ENDPOINT a Hugging Face hub?`);
    const files = body.siblings.map((s: Record<string, unknown>): HubFile => {
      const lfs = s['lfs'] as Record<string, unknown> | undefined;
      return {
        path: String(s['rfilename']),
        size: typeof lfs?.['size'] === 'number' ? lfs['size'] : typeof s['size'] === 'number' ? s['size'] : undefined,
        sha256: typeof lfs?.['sha256'] === 'string' ? lfs['sha256'] : undefined,
        blobId: typeof s['blobId'] === 'string' ? s['blobId'] : undefined,
      };
    });
    return { id, revision: typeof body.sha === 'string' ? body.sha : revision, files };
  }

  /**
   * Downloads `file` of `repo` to `dest`, resuming a previous `<dest>.part`, and verifies it.
   * A `dest` that already holds the expected bytes is kept. Returns the bytes transferred.
   */
  async download(repo: HubRepo, file: HubFile, dest: string, progress: DownloadProgress = NO_PROGRESS): Promise<number> {
    const url = `${this.endpoint}/${repo.id}/resolve/${encodeURIComponent(repo.revision)}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
    mkdirSync(dirname(dest), { recursive: true });
    if (existsSync(dest) && (await this.matches(dest, file))) return 0;
    const part = `${dest}.part`;
    let have = existsSync(part) ? statSync(part).size : 0;
    if (file.size !== undefined && have > file.size) {
      rmSync(part);
      have = 0;
    }
    const res = await this.request(url, repo.id, have > 0 ? { Range: `bytes=${have}-` } : {}, file);
    let transferred = 0;
    if (res.status === 416) {
      // The part file is already complete (or wrong): check it below, else start over next time.
      await res.body?.cancel();
    } else {
      if (res.status !== 206) have = 0; // the server ignored the range: start over
      const expected = res.headers.get('x-linked-etag') ?? res.headers.get('etag');
      const sha = expected?.replace(/^W\//, '').replace(/"/g, '');
      if (file.sha256 === undefined && sha !== undefined && /^[0-9a-f]{64}$/.test(sha)) (file as { sha256?: string }).sha256 = sha;
      const length = Number(res.headers.get('content-length') ?? NaN);
      progress.start(file.path, file.size ?? (Number.isFinite(length) ? have + length : undefined), have);
      const out = createWriteStream(part, { flags: have > 0 ? 'a' : 'w' });
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          if (!out.write(chunk)) await once(out, 'drain');
          transferred += chunk.length;
          progress.advance(chunk.length);
        }
      } catch (e) {
        throw new HubError(`download of ${file.path} was interrupted (${(e as Error).message}). Fix: run the same command again; it resumes where it stopped.`);
      } finally {
        out.end();
        await once(out, 'close');
        progress.stop();
      }
    }
    const size = statSync(part).size;
    if (file.size !== undefined && size !== file.size) {
      if (size > file.size) rmSync(part);
      throw new HubError(`${file.path}: got ${size} bytes, the hub lists ${file.size}. Fix: run the same command again (it resumes).`);
    }
    const check = await this.verify(part, file);
    if (!check.ok) {
      rmSync(part);
      throw new HubError(
        `${file.path} failed its checksum (${check.kind} ${check.got}, expected ${check.want}); the partial file was deleted. Fix: run the command again; if it fails again, the mirror (${this.endpoint}) serves a different file.`,
      );
    }
    renameSync(part, dest);
    return transferred;
  }

  private async matches(path: string, file: HubFile): Promise<boolean> {
    if (file.size !== undefined && statSync(path).size !== file.size) return false;
    if (file.sha256 === undefined && file.blobId === undefined) return false;
    return (await this.verify(path, file)).ok;
  }

  /** sha256 for LFS files, git blob sha1 for others; a file the hub gives no hash for passes. */
  private async verify(path: string, file: HubFile): Promise<{ ok: boolean; kind: string; got: string; want: string }> {
    const size = statSync(path).size;
    let hash: Hash;
    let kind: string;
    let want: string;
    if (file.sha256 !== undefined) {
      hash = createHash('sha256');
      kind = 'sha256';
      want = file.sha256;
    } else if (file.blobId !== undefined) {
      hash = createHash('sha1').update(`blob ${size}\0`);
      kind = 'git blob sha1';
      want = file.blobId;
    } else {
      return { ok: true, kind: 'none', got: '', want: '' };
    }
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    const got = hash.digest('hex');
    return { ok: got === want.toLowerCase(), kind, got, want };
  }

  /** GET with manual redirects (the token goes to the hub's own origin only) and clear errors. */
  private async request(url: string, id: string, headers: Record<string, string> = {}, file?: HubFile): Promise<Response> {
    const origin = new URL(this.endpoint).origin;
    let current = url;
    for (let hop = 0; hop <= this.maxRedirects; hop++) {
      const h: Record<string, string> = { ...headers, 'user-agent': 'semantic-twitch-bot/model-install' };
      if (this.token !== undefined && new URL(current).origin === origin) h['authorization'] = `Bearer ${this.token}`;
      let res: Response;
      try {
        res = await fetch(current, { headers: h, redirect: 'manual' });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new HubError(
          `cannot reach ${new URL(current).origin} (${cause?.code ?? cause?.message ?? (e as Error).message}). Fix: check the internet connection or proxy; ` +
            `set HF_ENDPOINT to a reachable mirror; or download the repository elsewhere (git clone https://huggingface.co/${id}) and run \`npm run model:install -- <folder>\`.`,
        );
      }
      if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
        // LFS redirects carry the file's sha256 and size; keep them before following.
        const linked = res.headers.get('x-linked-etag')?.replace(/"/g, '');
        if (file !== undefined && file.sha256 === undefined && linked !== undefined && /^[0-9a-f]{64}$/.test(linked))
          (file as { sha256?: string }).sha256 = linked;
        const linkedSize = Number(res.headers.get('x-linked-size') ?? NaN);
        if (file !== undefined && file.size === undefined && Number.isFinite(linkedSize)) (file as { size?: number }).size = linkedSize;
        await res.body?.cancel();
        current = new URL(res.headers.get('location')!, current).toString();
        continue;
      }
      if (res.ok || res.status === 416) return res;
      await res.body?.cancel();
      const what = file === undefined ? `model "${id}"` : `${file.path} of "${id}"`;
      if (res.status === 404 || res.status === 401) {
        throw new HubError(
          `${what} not found on ${this.endpoint} (HTTP ${res.status}). Fix: check the id (owner/name, as in https://huggingface.co/owner/name)` +
            (this.token === undefined ? '; for a private model set HF_TOKEN in .env to a read token.' : '; check that HF_TOKEN can read it.'),
          res.status,
        );
      }
      if (res.status === 403)
        throw new HubError(
          `${what}: access denied (HTTP 403). Fix: accept the model's conditions on its page and set HF_TOKEN in .env to a read token of that account.`,
          403,
        );
      if (res.status === 429)
        throw new HubError(
          `${this.endpoint} is rate-limiting (HTTP 429). Fix: wait a minute and run the command again (downloads resume); HF_TOKEN raises the limit.`,
          429,
        );
      throw new HubError(`${what}: ${this.endpoint} answered HTTP ${res.status}. Fix: try again later, or set HF_ENDPOINT to a mirror.`, res.status);
    }
    throw new HubError(`${url}: more than ${this.maxRedirects} redirects. Fix: check HF_ENDPOINT.`);
  }
}
