// The embedded toolbar's postMessage API (CTI-5). The host page names its origin in the iframe's
// URL (?origin=https://crm.example.com); the toolbar then only accepts messages that come from its
// parent window with exactly that origin, and only posts to that origin:
//   host → toolbar  {type: "hotline:command", id, cmd, args}
//   toolbar → host  {type: "hotline:reply", id, ok, result | error}
//                   {type: "hotline:event", event, data}     every CTI event
//                   {type: "hotline:status", status}         signed_out, connecting, open, ...
//                   {type: "hotline:session", token}         to a host that keeps the session
//                                                            (useHostSession.ts)
// Anything else (another origin, another window, another shape) is ignored without an answer.

export interface BridgeError {
  status: number;
  code: string;
  field: string | null;
  message: string;
}

export type CommandHandler = (cmd: string, args: Record<string, unknown> | undefined) => Promise<unknown>;

// The origin from ?origin=..., if it is one (scheme, host and port; nothing else).
export function allowedOrigin(search: string): string | null {
  const raw = new URLSearchParams(search).get('origin');
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin === raw.replace(/\/$/, '') ? url.origin : null;
  } catch {
    return null;
  }
}

interface CommandMessage {
  type: 'hotline:command';
  id: string | number;
  cmd: string;
  args?: Record<string, unknown>;
}

function isCommand(data: unknown): data is CommandMessage {
  if (!data || typeof data !== 'object') return false;
  const message = data as Record<string, unknown>;
  return (
    message.type === 'hotline:command' &&
    (typeof message.id === 'string' || typeof message.id === 'number') &&
    typeof message.cmd === 'string' &&
    (message.args === undefined || (typeof message.args === 'object' && message.args !== null && !Array.isArray(message.args)))
  );
}

function asBridgeError(error: unknown): BridgeError {
  const e = error as Partial<BridgeError> & { message?: string };
  return {
    status: typeof e?.status === 'number' ? e.status : 0,
    code: typeof e?.code === 'string' ? e.code : 'error',
    field: typeof e?.field === 'string' ? e.field : null,
    message: e?.message ?? String(error),
  };
}

export class HostBridge {
  private readonly onMessage = (event: MessageEvent) => this.receive(event);

  constructor(
    private readonly host: Window,
    private readonly origin: string,
    private readonly handle: CommandHandler,
    private readonly self: Window = window,
  ) {}

  start(): void {
    this.self.addEventListener('message', this.onMessage);
  }

  stop(): void {
    this.self.removeEventListener('message', this.onMessage);
  }

  postEvent(event: string, data: unknown): void {
    this.post({ type: 'hotline:event', event, data });
  }

  postStatus(status: string): void {
    this.post({ type: 'hotline:status', status });
  }

  private post(message: unknown): void {
    // The browser drops it unless the host window's origin is this one.
    this.host.postMessage(message, this.origin);
  }

  private receive(event: MessageEvent): void {
    if (event.origin !== this.origin || event.source !== this.host || !isCommand(event.data)) return;
    const { id, cmd, args } = event.data;
    this.handle(cmd, args).then(
      (result) => this.post({ type: 'hotline:reply', id, ok: true, result: result ?? null }),
      (error) => this.post({ type: 'hotline:reply', id, ok: false, error: asBridgeError(error) }),
    );
  }
}
