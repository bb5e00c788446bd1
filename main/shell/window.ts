/**
 * The one application window, set up along Electron's security checklist. Its renderer is an
 * ordinary web page with no Node and no Electron: it reaches the engine only through the
 * preload's named functions, and those only through the door.
 */
import { BrowserWindow, screen } from 'electron';
import { pathToFileURL } from 'node:url';
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './window-state';

/** What the window is made from. */
export interface MainWindowOptions {
  /** The built renderer's `index.html`. */
  indexHtml: string;
  /** The built preload (`index.cjs`). */
  preload: string;
  /** Where size and position are remembered. */
  stateFile: string;
  /** The window icon (Linux, Windows); macOS takes the bundle's. */
  icon?: string;
  /** Asked when the user closes the window: `hide` keeps the app (and its runs) in the tray. */
  onClose(): 'hide' | 'close';
  log?: (message: string) => void;
}

/** The main window, created on demand (again after it was closed). */
export interface MainWindow {
  /** The `file://` URL of the page the window shows: the only page the door trusts. */
  readonly indexUrl: string;
  /** The window if it exists (possibly hidden), else null. */
  get(): BrowserWindow | null;
  /** Creates the window if needed, then shows and focuses it. */
  show(): BrowserWindow;
}

/** Builds the window controller (no window yet: call `show()`). */
export function setupWindow(opts: MainWindowOptions): MainWindow {
  const log = opts.log ?? ((m: string) => console.warn(`process-lab: ${m}`));
  const indexUrl = pathToFileURL(opts.indexHtml).href;
  let win: BrowserWindow | null = null;

  const capture = (w: BrowserWindow): WindowState => {
    const b = w.getNormalBounds();
    return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: w.isMaximized() };
  };

  const create = (): BrowserWindow => {
    const state = fitToDisplays(
      loadWindowState(opts.stateFile, log),
      screen.getAllDisplays().map((d) => d.workArea),
    );
    const w = new BrowserWindow({
      width: state.width,
      height: state.height,
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      minWidth: 640,
      minHeight: 420,
      show: false, // shown on ready-to-show: no white flash
      title: 'Process Lab · 进程实验室',
      ...(opts.icon ? { icon: opts.icon } : {}),
      webPreferences: {
        preload: opts.preload,
        // The page's JavaScript and the preload live in separate worlds: the page cannot reach
        // the preload's `ipcRenderer`, only the functions it exposes.
        contextIsolation: true,
        // The renderer runs in Chromium's OS sandbox; the preload gets only a few Electron modules.
        sandbox: true,
        // No Node in the page, in its workers, or in any frame.
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        // Same-origin policy on; never mix http content into the page.
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        // Middle-click would open a link in a new window (denied anyway, see security.ts).
        disableBlinkFeatures: 'Auxclick',
        // A file dropped on the window would otherwise navigate to it.
        navigateOnDragDrop: false,
        spellcheck: false,
      },
    });
    if (state.maximized) w.maximize();
    w.once('ready-to-show', () => w.show());
    w.on('close', (event) => {
      saveWindowState(opts.stateFile, capture(w), log);
      if (opts.onClose() === 'hide') {
        event.preventDefault();
        w.hide();
      }
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    // Only ever our own file: the page's URL is what the IPC sender check compares against.
    w.loadFile(opts.indexHtml).catch((err: unknown) => log(`could not load the view: ${String(err)}`));
    return w;
  };

  return {
    indexUrl,
    get: () => (win && !win.isDestroyed() ? win : null),
    show() {
      if (!win || win.isDestroyed()) win = create();
      else {
        if (win.isMinimized()) win.restore();
        win.show();
      }
      win.focus();
      return win;
    },
  };
}
