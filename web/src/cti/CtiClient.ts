// One WebSocket to the CTI (GET /api/v1/ws, docs/cti.md), authorized by the session cookie because
// it is the same origin — or, on the page that keeps its own session token (the embedded toolbar,
// api/sessionToken.ts), by that token offered as a subprotocol, since a browser's WebSocket cannot
// send Authorization. Commands get a request id and a promise of their reply; events go to the
// listeners. When the socket drops it reconnects with a growing, jittered delay: the server keeps
// the agent's state and call, and the next hello carries them, so nothing is replayed here.
// A close with 1008 (logged out, the session ended) is final: reconnecting cannot help.
import { sessionToken } from '../api/sessionToken';
import { CommandError, type EventFrame, type ReplyFrame } from './protocol';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'ended';

export interface CtiClientOptions {
  url?: string;
  commandTimeoutMs?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  // The session token to offer, read at every connect; none: the cookie.
  token?: () => string | null;
}

type EventListener = (frame: EventFrame) => void;
type StatusListener = (status: ConnectionStatus) => void;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const SESSION_ENDED = 1008;

// The server answers the first; the second carries the token (docs/cti.md, Connecting).
export function tokenSubprotocols(token: string): string[] {
  return ['hotline', `hotline.bearer.${token}`];
}

export function defaultSocketUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/api/v1/ws`;
}

export class CtiClient {
  private socket: WebSocket | null = null;
  private readonly pending = new Map<string, Pending>();
  private readonly eventListeners = new Set<EventListener>();
  private readonly statusListeners = new Set<StatusListener>();
  private nextId = 1;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private currentStatus: ConnectionStatus = 'connecting';
  private readonly url: string;
  private readonly commandTimeoutMs: number;
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly token: () => string | null;

  constructor(options: CtiClientOptions = {}) {
    this.url = options.url ?? defaultSocketUrl();
    this.commandTimeoutMs = options.commandTimeoutMs ?? 15_000;
    this.firstRetryMs = options.firstRetryMs ?? 1_000;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.token = options.token ?? sessionToken;
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    this.failPending('the connection was closed');
  }

  onEvent(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  // Sends `cmd` and resolves with its result, or rejects with the server's error (CommandError).
  command<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || this.currentStatus !== 'open') {
      return Promise.reject(
        new CommandError({ status: 0, code: 'not_connected', field: null, message: 'not connected to the server' }),
      );
    }
    const id = `c${this.nextId++}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CommandError({ status: 0, code: 'timeout', field: null, message: `no reply to ${cmd}` }));
      }, this.commandTimeoutMs);
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject, timer });
      socket.send(JSON.stringify(args === undefined ? { id, cmd } : { id, cmd, args }));
    });
  }

  private connect(): void {
    this.setStatus(this.failures === 0 ? 'connecting' : 'reconnecting');
    const token = this.token();
    const socket = token ? new WebSocket(this.url, tokenSubprotocols(token)) : new WebSocket(this.url);
    this.socket = socket;
    socket.onmessage = (message) => {
      if (this.socket === socket) this.receive(message.data);
    };
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failPending('the connection was lost');
      if (close.code === SESSION_ENDED) {
        this.stopped = true;
        this.setStatus('ended');
        return;
      }
      if (!this.stopped) this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.failures += 1;
    this.setStatus('reconnecting');
    const ceiling = Math.min(this.maxRetryMs, this.firstRetryMs * 2 ** Math.min(this.failures - 1, 10));
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    if ('event' in frame) {
      const event = frame as EventFrame;
      if (event.event === 'hello') {
        // The hello is the server's whole state for us: from here on we are in step again.
        this.failures = 0;
        this.setStatus('open');
      }
      for (const listener of this.eventListeners) listener(event);
      return;
    }
    this.settle(frame as ReplyFrame);
  }

  private settle(reply: ReplyFrame): void {
    const id = reply.id === null ? null : String(reply.id);
    const pending = id === null ? undefined : this.pending.get(id);
    if (!pending || id === null) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (reply.ok) pending.resolve(reply.result);
    else
      pending.reject(
        new CommandError(reply.error ?? { status: 0, code: 'error', field: null, message: 'the command failed' }),
      );
  }

  private failPending(message: string): void {
    for (const [, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new CommandError({ status: 0, code: 'not_connected', field: null, message }));
    }
    this.pending.clear();
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
