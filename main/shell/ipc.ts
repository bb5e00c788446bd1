/**
 * Electron's side of the door: one `ipcMain.handle` per call of the contract, each handing the
 * event (the sender), its own channel and the arguments to the door; and the door's pushes sent
 * to the main window only. No decision is taken here beyond "is this our window's own page?".
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CALL_CHANNELS, LAB_METHODS } from '../../contract/ipc';
import type { Door, LabPush } from '../lab/host/door';
import type { MainWindow } from './window';

/** The parts of a frame the sender check reads. */
export interface FrameLike {
  url: string;
  processId: number;
  routingId: number;
}

/** The parts of an IPC event the sender check reads. */
export interface SenderLike {
  sender: unknown;
  senderFrame: FrameLike | null;
}

/** The parts of a window the sender check reads. */
export interface WindowLike {
  isDestroyed(): boolean;
  webContents: { mainFrame: FrameLike };
}

/** True when `url` is our page: the same `file://` path (query and hash aside). */
export function isOurPage(url: string, indexUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(indexUrl);
    return a.protocol === 'file:' && a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/**
 * The sender check (as VS Code and Electron Fiddle do it): the message must come from our
 * window's web contents, from its main frame (not an iframe), showing our own `index.html`. A
 * missing window or frame (closed, crashed, navigated away) is a "no".
 */
export function isTrustedFrame(event: SenderLike, win: WindowLike | null, indexUrl: string): boolean {
  if (!win || win.isDestroyed()) return false;
  const frame = event.senderFrame;
  if (!frame || event.sender !== win.webContents) return false;
  const main = win.webContents.mainFrame;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isOurPage(frame.url, indexUrl);
}

/** The door's sender check for Electron IPC, bound to the main window. */
export function trustedSender(window: MainWindow): (event: IpcMainInvokeEvent) => boolean {
  return (event) => isTrustedFrame(event, window.get(), window.indexUrl);
}

/** Pushes held while the page loads (its listeners do not exist yet); the oldest go first. */
const MAX_QUEUED = 500;

/** Binds every call's channel to the door and forwards pushes to the window. Returns the unbinding. */
export function setupIpc(door: Door<IpcMainInvokeEvent>, window: MainWindow): () => void {
  for (const method of LAB_METHODS) {
    const channel = CALL_CHANNELS[method];
    // The channel is fixed per handler: the door re-checks it anyway, sender first.
    ipcMain.handle(channel, (event, ...args: unknown[]) => door.handle(event, channel, args));
  }

  const queue: LabPush[] = [];
  let waiting: BrowserWindow | null = null;
  const send = (win: BrowserWindow, push: LabPush): void => {
    // Never to a page that is not ours (navigation is denied, but this costs nothing).
    if (isOurPage(win.webContents.mainFrame.url, window.indexUrl)) win.webContents.send(push.channel, push.payload);
  };
  const deliver = (push: LabPush): void => {
    const win = window.get();
    if (!win) return; // No window: the view catches up with `snapshot()` when it opens.
    if (win.webContents.isLoading()) {
      queue.push(push);
      if (queue.length > MAX_QUEUED) queue.shift();
      if (waiting !== win) {
        waiting = win;
        win.webContents.once('did-finish-load', () => {
          waiting = null;
          for (const p of queue.splice(0)) if (!win.isDestroyed()) send(win, p);
        });
      }
      return;
    }
    send(win, push);
  };
  const unsubscribe = door.subscribe(deliver);

  return () => {
    for (const method of LAB_METHODS) ipcMain.removeHandler(CALL_CHANNELS[method]);
    unsubscribe();
  };
}
