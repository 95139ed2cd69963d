/**
 * A small Redis client (RESP2 over TCP) for BullMQ. BullMQ needs a Redis driver; it adapts a client
 * that offers `send(command, args)`, a `connected` flag, `onconnect`/`onclose` callbacks, `connect`,
 * `close` and `duplicate` (the shape of Bun's built-in client), and does the rest itself: scripts,
 * transactions, reconnects. This is that client, so alvh needs no other Redis package.
 *
 * Replies: simple strings and bulk strings as JavaScript strings (UTF-8), integers as numbers, arrays
 * as arrays, nil as null; an error reply rejects its command with an Error carrying Redis' message.
 * Commands are pipelined: replies arrive in the order the commands were written.
 */
import { connect as netConnect, type Socket } from 'node:net';

export class RedisUrlError extends Error {
  override name = 'RedisUrlError';
}

export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
}

/** `redis://HOST:PORT[/DB]`; a password or TLS is not supported (a plain loopback or LAN Redis). */
export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError(`'${url}' is not a URL; expected redis://HOST:PORT`);
  }
  if (parsed.protocol !== 'redis:') throw new RedisUrlError(`'${url}': only redis:// URLs are supported`);
  if (parsed.username !== '' || parsed.password !== '') throw new RedisUrlError(`'${url}': passwords are not supported; run Redis on a trusted network`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new RedisUrlError(`'${url}': the database must be a whole number`);
  return { host: parsed.hostname === '' ? '127.0.0.1' : parsed.hostname, port, db };
}

type Reply = string | number | null | Reply[];

interface Pending {
  resolve: (value: Reply) => void;
  reject: (error: Error) => void;
}

const CRLF = Buffer.from('\r\n');

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(command: string, args: readonly unknown[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n`)];
  for (const arg of [command, ...args]) {
    const bytes = Buffer.isBuffer(arg) ? arg : arg instanceof Uint8Array ? Buffer.from(arg) : Buffer.from(String(arg));
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

class ReplyError extends Error {
  override name = 'ReplyError';
}

/**
 * Parses as many complete replies as `buffer` holds from `offset`; returns them and the offset after
 * the last complete one.
 */
export function parseReplies(buffer: Buffer, offset = 0): { replies: Array<Reply | ReplyError>; next: number } {
  const replies: Array<Reply | ReplyError> = [];
  let pos = offset;
  const readLine = (from: number): { line: string; after: number } | undefined => {
    const end = buffer.indexOf(CRLF, from);
    return end < 0 ? undefined : { line: buffer.toString('utf8', from, end), after: end + 2 };
  };
  const parseOne = (from: number): { value: Reply | ReplyError; after: number } | undefined => {
    if (from >= buffer.length) return undefined;
    const type = String.fromCharCode(buffer[from] as number);
    const head = readLine(from + 1);
    if (head === undefined) return undefined;
    switch (type) {
      case '+':
        return { value: head.line, after: head.after };
      case '-':
        return { value: new ReplyError(head.line), after: head.after };
      case ':':
        return { value: Number(head.line), after: head.after };
      case '$': {
        const length = Number(head.line);
        if (length < 0) return { value: null, after: head.after };
        if (buffer.length < head.after + length + 2) return undefined;
        return { value: buffer.toString('utf8', head.after, head.after + length), after: head.after + length + 2 };
      }
      case '*': {
        const count = Number(head.line);
        if (count < 0) return { value: null, after: head.after };
        const items: Reply[] = [];
        let at = head.after;
        for (let i = 0; i < count; i++) {
          const item = parseOne(at);
          if (item === undefined) return undefined;
          // An error inside an array (EXEC of a failed command) stays an Error object in place.
          items.push(item.value as Reply);
          at = item.after;
        }
        return { value: items, after: at };
      }
      default:
        throw new Error(`unexpected Redis reply type '${type}'`);
    }
  };
  for (;;) {
    const one = parseOne(pos);
    if (one === undefined) break;
    replies.push(one.value);
    pos = one.after;
  }
  return { replies, next: pos };
}

export class RespClient {
  connected = false;
  onconnect: (() => void) | null = null;
  onclose: ((error?: Error) => void) | null = null;
  onerror: ((error: Error) => void) | null = null;
  private socket: Socket | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private closedByUs = false;

  constructor(readonly target: RedisTarget) {}

  async connect(): Promise<void> {
    if (this.connected) return;
    await new Promise<void>((resolve, reject) => {
      const socket = netConnect({ host: this.target.host, port: this.target.port });
      socket.setNoDelay(true);
      const onError = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        this.socket = socket;
        socket.on('data', (chunk: Buffer) => this.onData(chunk));
        socket.on('error', (error) => this.onerror?.(error));
        socket.on('close', () => this.onSocketClose());
        this.connected = true;
        resolve();
      });
    });
    if (this.target.db !== 0) await this.send('SELECT', [String(this.target.db)]);
    this.onconnect?.();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the driver shape BullMQ adapts returns untyped replies
  send<T = any>(command: string, args: readonly unknown[] = []): Promise<T> {
    const socket = this.socket;
    if (!this.connected || socket === undefined) return Promise.reject(new Error('Connection closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ resolve: resolve as (value: Reply) => void, reject });
      socket.write(encodeCommand(command, args));
    });
  }

  async get(key: string): Promise<string | null> {
    return (await this.send('GET', [key])) as string | null;
  }

  async smembers(key: string): Promise<string[]> {
    return ((await this.send('SMEMBERS', [key])) as string[] | null) ?? [];
  }

  async incr(key: string): Promise<number> {
    return (await this.send('INCR', [key])) as number;
  }

  close(): void {
    this.closedByUs = true;
    this.socket?.destroy();
  }

  async duplicate(): Promise<this> {
    return new RespClient(this.target) as this;
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const { replies, next } = parseReplies(this.buffer);
    this.buffer = this.buffer.subarray(next);
    for (const reply of replies) {
      const waiter = this.pending.shift();
      if (waiter === undefined) continue;
      if (reply instanceof ReplyError) waiter.reject(new Error(reply.message));
      else waiter.resolve(reply);
    }
  }

  private onSocketClose(): void {
    const wasConnected = this.connected;
    this.connected = false;
    this.socket = undefined;
    for (const waiter of this.pending.splice(0)) waiter.reject(new Error('Connection closed'));
    if (wasConnected) this.onclose?.(this.closedByUs ? undefined : new Error('Connection closed'));
  }
}
