/**
 * App-wide hardening, following Electron's security checklist. Applied before any window exists
 * and to every web contents ever created, so nothing (a future dialog, a devtools pane) is
 * forgotten. The view needs no network, no permission and no navigation: each is refused.
 */
import { app, session, type WebContents } from 'electron';

/** Remote URLs the app never loads: all of them (the view is local files only). */
const REMOTE = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/** Hardens one web contents: no navigation, no new windows, no webviews. */
export function hardenContents(contents: WebContents): void {
  // The view is a single page: any navigation (a dropped file, a link, a redirect) would leave
  // the app's own code — and its preload — behind for someone else's page.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  // The same for any frame, main or sub (only our own loadFile, which fires neither, navigates).
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  // window.open and target=_blank: denied; there is nothing outside the app to open.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // <webview> would be a second, unhardened renderer.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Installs the app-wide rules. Call once, when the app is ready, before the first window. */
export function setupSecurity(): void {
  const ses = session.defaultSession;
  // Camera, microphone, notifications, geolocation, …: the lab needs none, so all are refused,
  // both when asked (request) and when a page merely checks (check).
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // No remote content at all: the CSP says so to the page; this says so to the network stack.
  ses.webRequest.onBeforeRequest({ urls: REMOTE }, (_details, callback) => callback({ cancel: true }));
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
}
