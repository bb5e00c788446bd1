/**
 * The preload bridge. Exposes named functions only — never `ipcRenderer` itself — so the
 * renderer can ask for exactly what the contract allows and nothing else.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('processLab', {
  version: 1,
});
