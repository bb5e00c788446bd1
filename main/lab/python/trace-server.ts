/**
 * The receiving end of the Python tracer: a Unix stream socket in a run's temp folder that every
 * traced Python process of the run connects to, writing newline-delimited JSON. Each line is
 * parsed with the contract's schema; a line that does not parse is dropped and reported with the
 * reason, never passed on. Closing the server removes the socket file.
 */
import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { TraceMessageSchema, type TraceMessage } from '../../../contract/python-trace';
import { LabError } from '../common/errors';

/** The socket's name in the run's folder. */
export const TRACE_SOCKET_NAME = 'py-trace.sock';
/** A line longer than this is not the tracer's (its lines are capped far below): dropped. */
export const MAX_LINE_BYTES = 64 * 1024;
/**
 * `sun_path` holds 108 bytes on Linux, 104 on macOS, the terminating NUL included; a longer
 * path fails to bind with a puzzling EINVAL, so it is refused up front with the reason.
 */
const MAX_SOCKET_PATH = 103;

/** A line that was dropped, and why (for the run's log; never shown as data). */
export interface MalformedLine {
  reason: string;
  /** The line's first 200 characters. */
  excerpt: string;
}

export interface TraceServerEvents {
  message: [msg: TraceMessage];
  malformed: [bad: MalformedLine];
  /** A traced process closed its connection (it exited, or forked and this was its parent's copy). */
  disconnect: [];
}

/** Counts since the server started. */
export interface TraceStats {
  connections: number;
  messages: number;
  malformed: number;
}

/** A listening trace socket; `path` goes into the run's env as `PROCESS_LAB_PY_TRACE`. */
export class TraceServer extends EventEmitter<TraceServerEvents> {
  readonly stats: TraceStats = { connections: 0, messages: 0, malformed: 0 };
  private readonly sockets = new Set<Socket>();
  private closed: Promise<void> | null = null;

  private constructor(
    readonly path: string,
    private readonly server: Server,
  ) {
    super();
    server.on('connection', (s) => this.accept(s));
  }

  /**
   * Listens on `<dir>/py-trace.sock`. Throws a LabError when the platform has no Unix sockets
   * for this (Windows) or the path is too long for one.
   */
  static async listen(dir: string): Promise<TraceServer> {
    if (process.platform === 'win32')
      throw new LabError('unsupported-platform', 'Python tracing needs Unix sockets, which this platform lacks.');
    const path = join(dir, TRACE_SOCKET_NAME);
    if (Buffer.byteLength(path) > MAX_SOCKET_PATH)
      throw new LabError('not-possible', `the trace socket path is too long for a Unix socket: ${path}`);
    const server = createServer({ allowHalfOpen: false });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new TraceServer(path, server);
  }

  private accept(socket: Socket): void {
    this.stats.connections++;
    this.sockets.add(socket);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    // After an overlong line, the rest of it (up to its newline) is skipped too.
    let skipping = false;
    socket.on('data', (chunk: Buffer) => {
      let start = 0;
      for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, nl);
        start = nl + 1;
        if (skipping) {
          skipping = false;
          pending = [];
          pendingBytes = 0;
          continue;
        }
        const line = pendingBytes === 0 ? piece : Buffer.concat([...pending, piece]);
        pending = [];
        pendingBytes = 0;
        if (line.length > MAX_LINE_BYTES) this.drop('line too long', line.subarray(0, 200).toString('utf8'));
        else this.handleLine(line.toString('utf8'));
      }
      if (start < chunk.length && !skipping) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) {
          this.drop('line too long', Buffer.concat(pending).subarray(0, 200).toString('utf8'));
          pending = [];
          pendingBytes = 0;
          skipping = true;
        }
      }
    });
    socket.on('close', () => {
      // A process that died mid-line (SIGKILL) leaves a fragment: not a message.
      if (pendingBytes > 0 && !skipping)
        this.drop('connection closed mid-line', Buffer.concat(pending).toString('utf8'));
      this.sockets.delete(socket);
      this.emit('disconnect');
    });
    // A reset from a killed process is normal at the end of a run: nothing to report.
    socket.on('error', () => undefined);
  }

  private handleLine(line: string): void {
    if (line.trim() === '') return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      this.drop('not JSON', line);
      return;
    }
    const parsed = TraceMessageSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      this.drop(`not a trace message (${where}${issue?.message ?? 'invalid'})`, line);
      return;
    }
    this.stats.messages++;
    this.emit('message', parsed.data);
  }

  private drop(reason: string, line: string): void {
    this.stats.malformed++;
    this.emit('malformed', { reason, excerpt: line.slice(0, 200) });
  }

  /** Connections open now: one per traced process still running. */
  get open(): number {
    return this.sockets.size;
  }

  /** Stops listening, drops every connection and removes the socket file. Idempotent. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const s of this.sockets) s.destroy();
      await done;
      await rm(this.path, { force: true });
    })();
    return this.closed;
  }
}
