/**
 * The tray (menu bar on macOS): quick-launch of any experiment, in the lecture's order and the
 * user's language, plus "Kill all lab processes", "Show window" and "Quit". Its tooltip counts
 * the lab's live processes, so a student can see at a glance that nothing is left running.
 * Everything it does goes through the door's `invoke` (same schemas, same engine calls).
 */
import { join } from 'node:path';
import { Menu, Tray, dialog, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { Language } from '../../contract/ipc';
import type { Door } from '../lab/host/door';
import type { ExperimentDef } from '../lab/experiments/types';

/** The tray's words, in both languages. */
export const TRAY_TEXT = {
  en: {
    heading: 'Run an experiment',
    killAll: 'Kill all lab processes',
    show: 'Show window',
    quit: 'Quit',
    failed: 'The experiment could not start',
    tooltip: (n: number) => `Process Lab — ${n} live lab process${n === 1 ? '' : 'es'}`,
  },
  zh: {
    heading: '运行实验',
    killAll: '结束所有实验进程',
    show: '显示窗口',
    quit: '退出',
    failed: '实验无法启动',
    tooltip: (n: number) => `进程实验室 — ${n} 个实验进程运行中`,
  },
} as const;

/** What the menu's items do. */
export interface TrayActions {
  run(experimentId: string): void;
  killAll(): void;
  showWindow(): void;
  quit(): void;
}

/**
 * The menu, built from the experiment registry (never a hand list): one item per experiment in
 * lecture order, greyed out where the platform makes it impossible (the reason as its tooltip).
 */
export function trayMenuTemplate(
  experiments: readonly ExperimentDef[],
  lang: Language,
  actions: TrayActions,
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const t = TRAY_TEXT[lang];
  return [
    { id: 'heading', label: t.heading, enabled: false },
    ...experiments.map((e): MenuItemConstructorOptions => {
      const unsupported = e.unsupported?.[platform];
      return {
        id: `run:${e.id}`,
        label: e.title[lang],
        toolTip: unsupported ? unsupported[lang] : e.summary[lang],
        enabled: !unsupported,
        click: () => actions.run(e.id),
      };
    }),
    { type: 'separator' },
    { id: 'kill-all', label: t.killAll, click: () => actions.killAll() },
    { id: 'show', label: t.show, click: () => actions.showWindow() },
    { type: 'separator' },
    { id: 'quit', label: t.quit, click: () => actions.quit() },
  ];
}

/**
 * The icon file: on macOS a black-and-alpha "template" image that the menu bar recolours for
 * light and dark mode (the `Template` suffix tells Electron so); elsewhere a coloured one.
 */
export function trayIconPath(resourcesDir: string, platform: NodeJS.Platform = process.platform): string {
  return join(resourcesDir, 'tray', platform === 'darwin' ? 'trayTemplate.png' : 'tray.png');
}

/** What the tray is wired to. */
export interface TrayOptions {
  /** The door's shell side (the tray is not a sender: it has no request to check). */
  door: Pick<Door<unknown>, 'invoke' | 'publish' | 'subscribe'>;
  experiments: readonly ExperimentDef[];
  /** Folder holding `tray/` (the app's `resources/`). */
  resourcesDir: string;
  /** The interface language now (it can change with the settings). */
  language(): Language;
  /** Live lab processes now. */
  liveCount(): number;
  showWindow(): void;
  quit(): void;
  log?: (message: string) => void;
}

/** Creates the tray icon and keeps its menu and tooltip current. */
export function setupTray(opts: TrayOptions): { tray: Tray; destroy(): void } {
  const log = opts.log ?? ((m: string) => console.warn(`process-lab: ${m}`));
  const icon = nativeImage.createFromPath(trayIconPath(opts.resourcesDir));
  if (process.platform === 'darwin') icon.setTemplateImage(true);
  const tray = new Tray(icon);

  const actions: TrayActions = {
    run: (id) =>
      void opts.door.invoke('runExperiment', [id, {}]).then((result) => {
        // "Launching from the tray opens the window on that run."
        opts.showWindow();
        if (result.ok) opts.door.publish('showRun', { runId: result.value.runId });
        else dialog.showErrorBox(TRAY_TEXT[opts.language()].failed, result.error.message);
      }),
    killAll: () =>
      void opts.door.invoke('killAll', []).then((r) => {
        if (!r.ok) log(`kill-all from the tray failed: ${r.error.message}`);
      }),
    showWindow: () => opts.showWindow(),
    quit: () => opts.quit(),
  };

  let tooltip = '';
  const refreshTooltip = (): void => {
    const next = TRAY_TEXT[opts.language()].tooltip(opts.liveCount());
    if (next === tooltip) return;
    tooltip = next;
    tray.setToolTip(next);
  };
  const rebuild = (): void => {
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(opts.experiments, opts.language(), actions)));
    tooltip = '';
    refreshTooltip();
  };
  rebuild();
  // Windows users expect a click on the icon to bring the window back.
  if (process.platform === 'win32') tray.on('click', () => opts.showWindow());

  const unsubscribe = opts.door.subscribe((push) => {
    if (push.name === 'settingsChanged') rebuild();
    else if (push.name === 'events' || push.name === 'runStarted' || push.name === 'runEnded') refreshTooltip();
  });
  return {
    tray,
    destroy() {
      unsubscribe();
      tray.destroy();
    },
  };
}
