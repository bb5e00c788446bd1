/**
 * The view's one handle on the engine. In Electron the preload has put the contract's API on
 * `window.processLab`; in a browser (`npm run serve`) there is no preload, so the same API is
 * built over the bridge's WebSocket. The view never knows which it got.
 */
import type { LabApi } from '../../../contract/ipc';
import { connectBridge } from './bridge-client';

declare global {
  interface Window {
    /** Set by the preload in Electron; absent in a browser. */
    processLab?: LabApi;
  }
}

/** Where the API comes from, for the status line. */
export type ApiSource = 'electron' | 'browser-bridge';

let cached: { api: LabApi; source: ApiSource } | null = null;
const lostListeners = new Set<() => void>();

/** The API (made once per page). */
export function labApi(): { api: LabApi; source: ApiSource } {
  cached ??= window.processLab
    ? { api: window.processLab, source: 'electron' }
    : { api: connectBridge(window.location, () => lostListeners.forEach((l) => l())), source: 'browser-bridge' };
  return cached;
}

/**
 * Calls `listener` when the connection to the engine is lost for good (the bridge's server
 * ended). In Electron the engine lives as long as the window, so this never fires there.
 */
export function onConnectionLost(listener: () => void): () => void {
  lostListeners.add(listener);
  return () => void lostListeners.delete(listener);
}
