/**
 * Ending the app (or the browser server) without leaving a lab process behind: whatever asks to
 * quit — the Quit menu, SIGINT from a terminal, SIGTERM from a session manager, the server's stdin
 * closing — goes through one idempotent function that ends every run (the engine's kill-all:
 * SIGTERM to each run's group, SIGKILL after the grace period, then the pidfile sweep) and only
 * then exits. Electron-free, shared by the app and `npm run serve`.
 */
import type { Supervisor } from './lab/host/supervisor';

/** What a shutdown needs. */
export interface ShutdownOptions {
  supervisor: Supervisor;
  /** Ends the process (Electron's `app.exit`, or `process.exit`). */
  exit(code: number): void;
  /** Runs after kill-all, before exit (close servers, save state). */
  beforeExit?: () => Promise<void> | void;
  log?: (message: string) => void;
  /**
   * Longest wait for kill-all, ms. Kill-all itself is bounded (grace period, then SIGKILL);
   * this only guards against a hung engine keeping the app from ever exiting.
   */
  timeoutMs?: number;
}

/** Returns `shutdown(reason)`: the first call ends everything and exits; later calls wait for it. */
export function createShutdown(opts: ShutdownOptions): (reason: string) => Promise<void> {
  const log = opts.log ?? ((m: string) => console.error(`process-lab: ${m}`));
  let running: Promise<void> | null = null;
  return (reason) => {
    running ??= (async () => {
      log(`${reason}: ending every lab process before exit`);
      let code = 0;
      let timer: NodeJS.Timeout | undefined;
      try {
        const leaked = await Promise.race([
          opts.supervisor.killAll(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('kill-all timed out')), opts.timeoutMs ?? 10_000);
          }),
        ]);
        if (leaked.length > 0) {
          log(`still alive after kill-all: ${leaked.join(', ')}`);
          code = 1;
        }
      } catch (err) {
        log(`kill-all failed: ${err instanceof Error ? err.message : String(err)}`);
        code = 1;
      } finally {
        clearTimeout(timer);
      }
      try {
        await opts.beforeExit?.();
      } catch (err) {
        log(`while exiting: ${err instanceof Error ? err.message : String(err)}`);
      }
      opts.exit(code);
    })();
    return running;
  };
}
