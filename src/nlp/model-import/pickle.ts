// A small unpickler for PyTorch state dicts. Python's pickle can run arbitrary code; this one
// only builds plain values and calls the few constructors a state dict needs (OrderedDict,
// torch._utils._rebuild_tensor_v2 / _rebuild_parameter), so an untrusted file cannot do harm.

/** A Python global referenced by the pickle (`module.name`). */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}

/** A call the unpickler does not know, kept as data (fails only if a tensor is expected there). */
export class PyCall {
  constructor(
    readonly callee: PyGlobal,
    readonly args: readonly unknown[],
  ) {}
}

/** A tuple (kept distinct from lists for the persistent-id protocol). */
export class PyTuple extends Array<unknown> {}

/** What torch's `persistent_load` receives: ('storage', StorageType, key, location, numel). */
export interface StorageRef {
  readonly kind: 'storage';
  readonly storageType: string;
  readonly key: string;
  readonly numel: number;
}

/** A tensor as `_rebuild_tensor_v2` describes it (not yet read from the archive). */
export interface TensorRef {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

const MARK = Symbol('mark');

function tuple(items: unknown[]): PyTuple {
  const t = new PyTuple();
  t.push(...items);
  return t;
}

function callGlobal(callee: PyGlobal, args: unknown[]): unknown {
  switch (callee.qualified) {
    case 'collections.OrderedDict':
    case 'builtins.dict':
      return new Map();
    case 'torch._utils._rebuild_tensor_v2':
    case 'torch._utils._rebuild_tensor': {
      const [storage, offset, size, stride] = args as [StorageRef, number, unknown[], unknown[]];
      return { kind: 'tensor', storage, offset: Number(offset), size: size.map(Number), stride: stride.map(Number) } satisfies TensorRef;
    }
    case 'torch._utils._rebuild_parameter':
    case 'torch._utils._rebuild_parameter_with_state':
      return args[0];
    default:
      return new PyCall(callee, args);
  }
}

/**
 * Unpickles `bytes` (protocols 2 to 5). `persistentLoad` maps a persistent id (BINPERSID) to a
 * value; torch uses it for tensor storages. Throws on an opcode a state dict never uses.
 */
export function unpickle(bytes: Uint8Array, persistentLoad: (pid: unknown) => unknown): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let p = 0;
  const popMark = (): unknown[] => {
    let i = stack.length - 1;
    while (i >= 0 && stack[i] !== MARK) i--;
    if (i < 0) throw new Error('pickle: MARK not found');
    const items = stack.splice(i);
    items.shift();
    return items;
  };
  const readLine = (): string => {
    const end = bytes.indexOf(0x0a, p);
    const s = decoder.decode(bytes.subarray(p, end));
    p = end + 1;
    return s;
  };
  const str = (n: number): string => {
    const s = decoder.decode(bytes.subarray(p, p + n));
    p += n;
    return s;
  };
  const setItems = (target: unknown, items: unknown[]): void => {
    if (!(target instanceof Map)) return; // attributes of unknown objects are irrelevant here
    for (let i = 0; i + 1 < items.length; i += 2) target.set(items[i], items[i + 1]);
  };
  for (;;) {
    if (p >= bytes.length) throw new Error('pickle: truncated (no STOP)');
    const op = bytes[p++]!;
    // prettier-ignore
    switch (op) {
      case 0x80: p++; break; // PROTO
      case 0x95: p += 8; break; // FRAME
      case 0x2e: return stack.pop(); // STOP
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push(tuple([])); break; // EMPTY_TUPLE
      case 0x8f: stack.push(new Set()); break; // EMPTY_SET
      case 0x28: stack.push(MARK); break; // MARK
      case 0x71: memo.set(bytes[p++]!, stack.at(-1)); break; // BINPUT
      case 0x72: memo.set(view.getUint32(p, true), stack.at(-1)); p += 4; break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, stack.at(-1)); break; // MEMOIZE
      case 0x68: stack.push(memo.get(bytes[p++]!)); break; // BINGET
      case 0x6a: stack.push(memo.get(view.getUint32(p, true))); p += 4; break; // LONG_BINGET
      case 0x58: { const n = view.getUint32(p, true); p += 4; stack.push(str(n)); break; } // BINUNICODE
      case 0x8c: { const n = bytes[p++]!; stack.push(str(n)); break; } // SHORT_BINUNICODE
      case 0x8d: { const n = Number(view.getBigUint64(p, true)); p += 8; stack.push(str(n)); break; } // BINUNICODE8
      case 0x55: { const n = bytes[p++]!; stack.push(str(n)); break; } // SHORT_BINSTRING
      case 0x54: { const n = view.getUint32(p, true); p += 4; stack.push(str(n)); break; } // BINSTRING
      case 0x43: { const n = bytes[p++]!; stack.push(bytes.slice(p, p + n)); p += n; break; } // SHORT_BINBYTES
      case 0x42: { const n = view.getUint32(p, true); p += 4; stack.push(bytes.slice(p, p + n)); p += n; break; } // BINBYTES
      case 0x63: { const module = readLine(); stack.push(new PyGlobal(module, readLine())); break; } // GLOBAL
      case 0x93: { const name = stack.pop() as string; stack.push(new PyGlobal(stack.pop() as string, name)); break; } // STACK_GLOBAL
      case 0x4a: stack.push(view.getInt32(p, true)); p += 4; break; // BININT
      case 0x4b: stack.push(bytes[p++]!); break; // BININT1
      case 0x4d: stack.push(view.getUint16(p, true)); p += 2; break; // BININT2
      case 0x8a: { // LONG1
        const n = bytes[p++]!;
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[p + i]!);
        if (n > 0 && bytes[p + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        p += n;
        stack.push(Number(v));
        break;
      }
      case 0x47: stack.push(view.getFloat64(p, false)); p += 8; break; // BINFLOAT
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x74: stack.push(tuple(popMark())); break; // TUPLE
      case 0x85: stack.push(tuple(stack.splice(-1))); break; // TUPLE1
      case 0x86: stack.push(tuple(stack.splice(-2))); break; // TUPLE2
      case 0x87: stack.push(tuple(stack.splice(-3))); break; // TUPLE3
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x64: { const m = new Map(); setItems(m, popMark()); stack.push(m); break; } // DICT
      case 0x61: { const v = stack.pop(); (stack.at(-1) as unknown[]).push(v); break; } // APPEND
      case 0x65: { const items = popMark(); const list = stack.at(-1); if (Array.isArray(list)) list.push(...items); break; } // APPENDS
      case 0x90: popMark(); break; // ADDITEMS (sets are irrelevant to state dicts)
      case 0x91: stack.push(new Set(popMark())); break; // FROZENSET
      case 0x73: { const v = stack.pop(); const k = stack.pop(); setItems(stack.at(-1), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(stack.at(-1), items); break; } // SETITEMS
      case 0x52: { const args = stack.pop() as unknown[]; const callee = stack.pop(); stack.push(callee instanceof PyGlobal ? callGlobal(callee, [...args]) : new PyCall(new PyGlobal('?', '?'), args)); break; } // REDUCE
      case 0x81: { const args = stack.pop() as unknown[]; const cls = stack.pop(); stack.push(cls instanceof PyGlobal ? callGlobal(cls, [...args]) : null); break; } // NEWOBJ
      case 0x62: stack.pop(); break; // BUILD: state of the object below; not needed
      case 0x51: stack.push(persistentLoad(stack.pop())); break; // BINPERSID
      default:
        throw new Error(`pickle: unsupported opcode 0x${op.toString(16)} at byte ${p - 1}`);
    }
  }
}
