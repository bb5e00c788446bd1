/**
 * The app's life: one instance only, leftovers swept at start, every lab process ended before
 * any exit, the window's close button keeping the app in the tray (when the setting says so),
 * and Electron's own processes reported to the view.
 */
import { app } from 'electron';
import type { ProcRecord } from '../../contract/process';
import type { Door } from '../lab/host/door';
import { metricsToRecords } from './electron-processes';
import type { Supervisor } from '../lab/host/supervisor';
import type { SettingsStore } from '../settings';
import { createShutdown } from '../shutdown';

/**
 * Takes the single-instance lock. A second launch does not start a second engine (two engines
 * would sweep each other's runs): it quits, and the first instance is told to show itself.
 * Returns false in the second instance.
 */
export function claimSingleInstance(onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecondLaunch);
  return true;
}

/** What the rest of the shell asks of the lifecycle. */
export interface Lifecycle {
  /** The window's close button: hide to the tray, or really close. */
  closeBehaviour(): 'hide' | 'close';
  /** Quits the app the safe way (kill-all first). */
  quit(reason: string): Promise<void>;
  /** Runs just before the process exits, after kill-all. */
  onExit(fn: () => void): void;
}

/**
 * Sweeps what a crashed predecessor left (pidfiles), then installs the exit paths. Every one of
 * them — Quit (menu, tray, Cmd+Q), SIGINT, SIGTERM, the last window closing when not kept in the
 * tray — ends in the same shutdown: the engine's kill-all, then `app.exit`.
 */
export async function setupLifecycle(opts: { supervisor: Supervisor; settings: SettingsStore }): Promise<Lifecycle> {
  const swept = await opts.supervisor.sweep();
  if (swept.length > 0) console.warn(`process-lab: ended ${swept.length} process(es) left by an earlier session`);

  let quitting = false;
  const exitHooks: (() => void)[] = [];
  const shutdown = createShutdown({
    supervisor: opts.supervisor,
    beforeExit: () => {
      for (const fn of exitHooks) fn();
    },
    // app.exit, not app.quit: the runs are already ended, and quit would ask before-quit again.
    exit: (code) => app.exit(code),
  });
  const quit = (reason: string): Promise<void> => {
    quitting = true;
    return shutdown(reason);
  };

  app.on('before-quit', (event) => {
    // Hold the quit until every lab process has ended; the shutdown then exits for real.
    event.preventDefault();
    void quit('quit');
  });
  // A terminal's Ctrl+C or a session manager's SIGTERM must not orphan the lab's processes
  // (they are in their own process groups, so the terminal's signal does not reach them).
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void quit(sig));
  app.on('window-all-closed', () => {
    if (!opts.settings.get().keepInTray) void quit('last window closed');
  });

  return {
    closeBehaviour: () => (quitting || !opts.settings.get().keepInTray ? 'close' : 'hide'),
    quit,
    onExit: (fn) => void exitHooks.push(fn),
  };
}

/**
 * Publishes Electron's own processes (`app.getAppMetrics()`) to the view every `everyMs`, and
 * keeps the latest for snapshots. Returns the latest-records getter and the stop function.
 */
export function setupAppMetrics(
  door: Pick<Door<unknown>, 'publish'>,
  everyMs = 2000,
): { records(): ProcRecord[]; stop(): void } {
  let latest: ProcRecord[] = [];
  const tick = (): void => {
    latest = metricsToRecords(app.getAppMetrics(), process.pid, process.ppid);
    door.publish('electronProcesses', latest);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { records: () => latest, stop: () => clearInterval(timer) };
}
