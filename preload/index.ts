/**
 * The preload: the only code with both the page and Electron in reach. It exposes the contract's
 * {@link LabApi} as `window.processLab` — named functions only, each bound to its own channel —
 * and never `ipcRenderer` itself, so the page can ask for exactly what the contract allows.
 * Built as CommonJS (`out/preload/index.cjs`): a sandboxed preload cannot load ES modules.
 * It imports `contract/ipc` only (no zod): the checks are main's job, at the door.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createLabClient, type LabApi } from '../contract/ipc';

const api: LabApi = createLabClient({
  invoke: (channel, args) => ipcRenderer.invoke(channel, ...args),
  listen(channel, listener) {
    // The page gets the payload only, never the IPC event (it holds a reference to `sender`).
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => void ipcRenderer.removeListener(channel, wrapped);
  },
});

contextBridge.exposeInMainWorld('processLab', api);
