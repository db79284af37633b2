import { inflateRawSync } from 'node:zlib';

// A minimal ZIP reader: PyTorch checkpoints are ZIP archives whose entries are stored
// uncompressed, and a full archive library would add a dependency for ~60 lines.

/** One entry of a ZIP archive. */
export interface ZipEntry {
  readonly name: string;
  /** The entry's bytes (a view into the archive when stored uncompressed). */
  read(): Uint8Array;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** True when `bytes` starts like a ZIP archive. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Lists the entries of a ZIP archive held in memory. Throws on a damaged archive. */
export function readZip(bytes: Uint8Array, file: string): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string): Error => new Error(`${file} is a damaged ZIP archive (${why}). Download it again.`);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end-of-central-directory record');
  let count = view.getUint16(eocd + 10, true);
  let dirOffset = view.getUint32(eocd + 16, true);
  if ((count === 0xffff || dirOffset === 0xffffffff) && eocd >= 20 && view.getUint32(eocd - 20, true) === EOCD64_LOCATOR) {
    const eocd64 = Number(view.getBigUint64(eocd - 20 + 8, true));
    count = Number(view.getBigUint64(eocd64 + 32, true));
    dirOffset = Number(view.getBigUint64(eocd64 + 48, true));
  }
  const entries = new Map<string, ZipEntry>();
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) throw bad('bad central directory entry');
    const method = view.getUint16(p + 10, true);
    let compressed = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let local = view.getUint32(p + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    // Zip64 extra field: the 64-bit values of the fields set to 0xffffffff, in this order.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength;) {
      const id = view.getUint16(e, true);
      const len = view.getUint16(e + 2, true);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = Number(view.getBigUint64(q, true));
          q += 8;
        }
        if (compressed === 0xffffffff) {
          compressed = Number(view.getBigUint64(q, true));
          q += 8;
        }
        if (local === 0xffffffff) local = Number(view.getBigUint64(q, true));
      }
      e += 4 + len;
    }
    p += 46 + nameLength + extraLength + commentLength;
    const at = local;
    const c = compressed;
    const s = size;
    entries.set(name, {
      name,
      read() {
        if (view.getUint32(at, true) !== LOCAL) throw bad(`bad local header of ${name}`);
        const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
        if (start + c > bytes.length) throw bad(`${name} runs past the end`);
        const data = bytes.subarray(start, start + c);
        if (method === 0) return data;
        if (method === 8) {
          const out = inflateRawSync(data);
          if (out.length !== s) throw bad(`${name} inflates to the wrong size`);
          return out;
        }
        throw bad(`${name} uses unsupported compression method ${method}`);
      },
    });
  }
  return entries;
}
