/**
 * The Electron shell's entry. It wires, it does not decide: each concern is one module with a
 * `setupX()`, called here in order (as Electron Fiddle's main does). The engine (`./lab`) owns
 * the processes; the door (`./door`) owns every request from the view.
 */
import { app, type IpcMainInvokeEvent } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveLanguage } from '../../contract/ipc';
import { createDoor } from '../lab/host/door';
import { setupIpc, trustedSender } from './ipc';
import { EXPERIMENTS } from '../lab/experiments/index';
import { Supervisor } from '../lab/host/supervisor';
import { claimSingleInstance, setupAppMetrics, setupLifecycle } from './app-lifecycle';
import { pickPythonFile } from './program-dialog';
import { setupSecurity } from './security';
import { SettingsStore } from '../settings';
import { setupTray } from './tray';
import { setupWindow, type MainWindow } from './window';

/** `out/main`, where this file is built to; the workers, preload and renderer sit beside it. */
const here = dirname(fileURLToPath(import.meta.url));

let mainWindow: MainWindow | null = null;

async function onReady(): Promise<void> {
  setupSecurity();
  const userData = app.getPath('userData');
  const settings = new SettingsStore(join(userData, 'settings.json'));
  const supervisor = new Supervisor({ workersDir: join(here, 'workers'), stateDir: userData });
  const lifecycle = await setupLifecycle({ supervisor, settings });

  // Dev: the project root; packaged: app.asar (electron-builder puts resources/tray there).
  const resourcesDir = join(app.getAppPath(), 'resources');
  const window = setupWindow({
    indexHtml: join(here, '../renderer/index.html'),
    preload: join(here, '../preload/index.cjs'),
    stateFile: join(userData, 'window-state.json'),
    icon: join(resourcesDir, 'icons', '256x256.png'),
    onClose: lifecycle.closeBehaviour,
  });
  mainWindow = window;

  const language = () => resolveLanguage(settings.get().language, app.getLocale());
  let metrics: ReturnType<typeof setupAppMetrics> | null = null;
  const door = createDoor<IpcMainInvokeEvent>({
    supervisor,
    isTrustedSender: trustedSender(window),
    settings,
    // "Your program": the native dialog; the door checks and runs what the user picked.
    chooseProgramFile: () => pickPythonFile(window.get(), language()),
    extraRecords: () => metrics?.records() ?? [],
  });
  metrics = setupAppMetrics(door);
  const unbindIpc = setupIpc(door, window);

  const tray = setupTray({
    door,
    experiments: EXPERIMENTS,
    resourcesDir,
    language,
    liveCount: () => supervisor.live().length,
    showWindow: () => void window.show(),
    quit: () => void lifecycle.quit('quit from the tray'),
  });

  lifecycle.onExit(() => {
    metrics?.stop();
    tray.destroy();
    unbindIpc();
    door.dispose();
  });
  app.on('activate', () => void window.show()); // macOS: a click on the Dock icon
  window.show();
}

// A second launch focuses the first instance's window and quits.
if (claimSingleInstance(() => void mainWindow?.show())) {
  app.whenReady().then(onReady, (err: unknown) => {
    console.error(`process-lab: could not start: ${String(err)}`);
    app.exit(1);
  });
} else {
  app.quit();
}
