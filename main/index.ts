/**
 * The Electron shell's entry: it wires the window, the tray and IPC to the engine and decides
 * nothing itself. (The full shell arrives with its own issue.)
 */
import { app, BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Supervisor } from './lab/supervisor';

const here = dirname(fileURLToPath(import.meta.url));

async function onReady(): Promise<void> {
  const supervisor = new Supervisor({ workersDir: join(here, 'workers'), stateDir: app.getPath('userData') });
  await supervisor.sweep();
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  await win.loadFile(join(here, '../renderer/index.html'));
  app.on('before-quit', () => void supervisor.killAll());
}

void app.whenReady().then(onReady);
