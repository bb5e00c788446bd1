/**
 * From tracer messages to the engine's words: `call` and `log` events on the run's clock, the
 * report's `python` block, and what the tracer knows of each process (its Python name, main's
 * code end). Pure: no I/O, so the engine can feed it from the live socket or a recorded trace.
 */
import type {
  CallMessage,
  HelloMessage,
  PyCallEvent,
  PyLogEvent,
  PythonBlock,
  TraceMessage,
} from '../../../contract/python-trace';

/** Fields of a call message that are not spread into `detail` (they have their own place). */
const CALL_FIELDS = new Set(['type', 'pid', 'ppid', 't', 'api', 'by', 'endT', 'target', 'result', 'within', 'error']);

/** What the tracer said about one process. */
export interface PyProcessInfo {
  pid: number;
  ppid: number;
  /** multiprocessing's name for it (`Process-1`, `rocky`); `MainProcess` for the script. */
  pyName: string | null;
  daemon: boolean | null;
  argv: string[];
  forked: boolean;
  /** Run-relative ms when its code ended (main: before daemons are terminated). */
  codeEndT: number | null;
  exitT: number | null;
  exitHow: 'atexit' | '_exit' | null;
}

/**
 * Collects a traced run: turns each message into engine events (`t0` is the run's start in
 * epoch ms, the engine's `sharedNow()` at run start) and keeps the per-process facts.
 */
export class PyTrace {
  readonly processes = new Map<number, PyProcessInfo>();
  private hello: HelloMessage | null = null;
  private firstMethod: string | null = null;

  constructor(
    private readonly runId: string,
    private readonly t0: number,
  ) {}

  private rel(t: number): number {
    return Math.round((t - this.t0) * 1000) / 1000;
  }

  private proc(pid: number, ppid: number): PyProcessInfo {
    let p = this.processes.get(pid);
    if (!p) {
      p = {
        pid,
        ppid,
        pyName: null,
        daemon: null,
        argv: [],
        forked: false,
        codeEndT: null,
        exitT: null,
        exitHow: null,
      };
      this.processes.set(pid, p);
    }
    return p;
  }

  /** Takes one message; returns the engine event it becomes, if any. */
  add(msg: TraceMessage): PyCallEvent | PyLogEvent | null {
    const p = this.proc(msg.pid, msg.ppid);
    switch (msg.type) {
      case 'hello':
        // The first process to say hello without being forked is the script (main).
        if (!msg.forked && this.hello === null) {
          this.hello = msg;
          p.pyName = 'MainProcess';
        }
        p.argv = msg.argv;
        p.forked = msg.forked;
        return null;
      case 'process':
        p.pyName = msg.name;
        p.daemon = msg.daemon;
        return null;
      case 'main-end':
        p.codeEndT ??= this.rel(msg.t);
        return null;
      case 'exit':
        p.exitT = this.rel(msg.t);
        p.exitHow = msg.how;
        return null;
      case 'log':
        return { type: 'log', runId: this.runId, pid: msg.pid, t: this.rel(msg.t), stream: msg.stream, line: msg.line };
      case 'call':
        return this.call(msg);
    }
  }

  private call(msg: CallMessage): PyCallEvent {
    if (msg.api === 'Process.start' && typeof msg.method === 'string') this.firstMethod ??= msg.method;
    const ev: PyCallEvent = {
      type: 'call',
      runId: this.runId,
      pid: msg.pid,
      api: msg.api,
      t: this.rel(msg.t),
      by: msg.by,
    };
    if (msg.endT !== undefined) ev.endT = this.rel(msg.endT);
    if (typeof msg.target === 'number') ev.target = msg.target;
    if (msg.result !== undefined) ev.result = msg.result;
    if (msg.within !== undefined) ev.within = msg.within;
    if (msg.error !== undefined) ev.error = msg.error;
    const detail: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of Object.entries(msg)) {
      if (CALL_FIELDS.has(k)) continue;
      if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') detail[k] = v;
    }
    if (Object.keys(detail).length > 0) ev.detail = detail;
    return ev;
  }

  /** The report's `python` block, once the script said hello (null if it never did). */
  pythonBlock(): PythonBlock | null {
    if (!this.hello) return null;
    const block: PythonBlock = {
      version: this.hello.python.version,
      executable: this.hello.python.executable,
      startMethod: this.firstMethod ?? this.hello.startMethodForced ?? this.hello.startMethod,
    };
    if (this.hello.note) block.note = this.hello.note;
    return block;
  }
}
