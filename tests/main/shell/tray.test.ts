/**
 * The tray, with Electron's modules faked (as Electron Fiddle's tests do): its menu is built from
 * the experiment registry in lecture order and the user's language, its actions go through the
 * door, and its tooltip follows the number of live lab processes.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { createDoor } from '../../../main/lab/host/door';
import { EXPERIMENTS } from '../../../main/lab/experiments/index';
import type { ExperimentDef } from '../../../main/lab/experiments/types';
import { TRAY_TEXT, setupTray, trayIconPath, trayMenuTemplate, type TrayActions } from '../../../main/shell/tray';
import { labSupervisor } from '../../helpers/lab';

const fake = vi.hoisted(() => {
  class FakeTray {
    static last: FakeTray | null = null;
    tooltips: string[] = [];
    menu: { template: unknown[] } | null = null;
    destroyed = false;
    constructor(readonly image: unknown) {
      FakeTray.last = this;
    }
    setToolTip(t: string): void {
      this.tooltips.push(t);
    }
    setContextMenu(m: { template: unknown[] }): void {
      this.menu = m;
    }
    on(): this {
      return this;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }
  return {
    FakeTray,
    icons: [] as string[],
    errors: [] as string[],
  };
});

vi.mock('electron', () => ({
  Tray: fake.FakeTray,
  Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
  nativeImage: {
    createFromPath: (p: string) => {
      fake.icons.push(p);
      return { setTemplateImage: () => undefined };
    },
  },
  dialog: { showErrorBox: (title: string, msg: string) => fake.errors.push(`${title}: ${msg}`) },
}));

const noop: TrayActions = {
  run: () => undefined,
  killAll: () => undefined,
  showWindow: () => undefined,
  quit: () => undefined,
};
type Item = MenuItemConstructorOptions;

beforeEach(() => {
  fake.icons.length = 0;
  fake.errors.length = 0;
});

describe('tray menu', () => {
  it('lists every experiment of the registry, in lecture order, then kill-all, show, quit', () => {
    const items = trayMenuTemplate(EXPERIMENTS, 'en', noop, 'linux');
    const runs = items.filter((i) => i.id?.startsWith('run:'));
    expect(runs.map((i) => i.id)).toEqual(EXPERIMENTS.map((e) => `run:${e.id}`));
    expect(runs.map((i) => i.label)).toEqual(EXPERIMENTS.map((e) => e.title.en));
    expect(
      items
        .filter((i) => i.type !== 'separator')
        .map((i) => i.id)
        .slice(-3),
    ).toEqual(['kill-all', 'show', 'quit']);
    expect(items.find((i) => i.id === 'kill-all')?.label).toBe('Kill all lab processes');
  });

  it('speaks Chinese when asked', () => {
    const items = trayMenuTemplate(EXPERIMENTS, 'zh', noop, 'linux');
    expect(items.filter((i) => i.id?.startsWith('run:')).map((i) => i.label)).toEqual(
      EXPERIMENTS.map((e) => e.title.zh),
    );
    expect(items.find((i) => i.id === 'kill-all')?.label).toBe(TRAY_TEXT.zh.killAll);
    expect(items.find((i) => i.id === 'quit')?.label).toBe('退出');
  });

  it('greys out an experiment the platform cannot run, saying why', () => {
    const zombie: ExperimentDef = {
      ...EXPERIMENTS[0]!,
      id: 'zombie',
      unsupported: { win32: { en: 'Windows has no zombies', zh: 'Windows 没有僵尸进程' } },
    };
    const [onWin] = trayMenuTemplate([zombie], 'en', noop, 'win32').filter((i) => i.id?.startsWith('run:'));
    const [onLinux] = trayMenuTemplate([zombie], 'en', noop, 'linux').filter((i) => i.id?.startsWith('run:'));
    expect(onWin).toMatchObject({ enabled: false, toolTip: 'Windows has no zombies' });
    expect(onLinux).toMatchObject({ enabled: true });
  });

  it('wires each item to its action', () => {
    const calls: string[] = [];
    const items = trayMenuTemplate(EXPERIMENTS, 'en', {
      run: (id) => calls.push(`run ${id}`),
      killAll: () => calls.push('kill-all'),
      showWindow: () => calls.push('show'),
      quit: () => calls.push('quit'),
    });
    for (const i of items) (i.click as (() => void) | undefined)?.();
    expect(calls).toEqual([...EXPERIMENTS.map((e) => `run ${e.id}`), 'kill-all', 'show', 'quit']);
  });

  it('uses a template image on macOS and a coloured one elsewhere', () => {
    expect(trayIconPath('/r', 'darwin')).toBe('/r/tray/trayTemplate.png');
    expect(trayIconPath('/r', 'linux')).toBe('/r/tray/tray.png');
  });
});

describe('setupTray', () => {
  it('launches through the door, opens the window on the run, and counts live lab processes in its tooltip', async () => {
    const supervisor = labSupervisor();
    const door = createDoor({ supervisor, isTrustedSender: () => false, log: () => undefined });
    const shown: string[] = [];
    door.subscribe((p) => {
      if (p.name === 'showRun') shown.push((p.payload as { runId: string }).runId);
    });
    let windowShown = 0;
    // Launch quickly: the tray passes {} (defaults); make the defaults fast for the test.
    const invoke = door.invoke.bind(door);
    const fastDoor = {
      ...door,
      invoke: ((m: 'runExperiment', args: [string, Record<string, unknown>]) =>
        m === 'runExperiment'
          ? invoke(m, [args[0], { durations: [0.3], hz: 20 }])
          : invoke(m, args as never)) as typeof door.invoke,
    };
    const { destroy } = setupTray({
      door: fastDoor,
      experiments: EXPERIMENTS,
      resourcesDir: '/res',
      language: () => 'en',
      liveCount: () => supervisor.live().length,
      showWindow: () => windowShown++,
      quit: () => undefined,
    });
    const tray = fake.FakeTray.last!;
    expect(fake.icons).toEqual([trayIconPath('/res')]);
    expect(tray.tooltips).toEqual(['Process Lab — 0 live lab processes']);
    const items = tray.menu!.template as Item[];
    expect(items.filter((i) => i.id?.startsWith('run:')).map((i) => i.label)).toEqual(
      EXPERIMENTS.map((e) => e.title.en),
    );

    (items.find((i) => i.id === 'run:join')!.click as () => void)();
    await vi.waitFor(() => expect(shown).toHaveLength(1), { timeout: 5000 });
    expect(windowShown).toBe(1);
    expect(supervisor.activeRuns().map((r) => r.runId)).toEqual(shown);
    await vi.waitFor(() => expect(tray.tooltips.some((t) => /— [1-9]\d* live lab process/.test(t))).toBe(true), {
      timeout: 5000,
    });
    await supervisor.activeRuns()[0]!.done;
    await vi.waitFor(() => expect(tray.tooltips.at(-1)).toBe('Process Lab — 0 live lab processes'));

    // Kill all from the tray goes through the door too.
    const killAll = vi.spyOn(supervisor, 'killAll');
    (items.find((i) => i.id === 'kill-all')!.click as () => void)();
    await vi.waitFor(() => expect(killAll).toHaveBeenCalledOnce());

    destroy();
    expect(tray.destroyed).toBe(true);
    door.dispose();
  });

  it('shows why a launch failed', async () => {
    const supervisor = labSupervisor();
    const door = createDoor({ supervisor, isTrustedSender: () => false, log: () => undefined });
    const bogus: ExperimentDef = { ...EXPERIMENTS[0]!, id: 'no-such-experiment' };
    setupTray({
      door,
      experiments: [bogus],
      resourcesDir: '/res',
      language: () => 'zh',
      liveCount: () => 0,
      showWindow: () => undefined,
      quit: () => undefined,
    });
    const items = fake.FakeTray.last!.menu!.template as Item[];
    (items.find((i) => i.id === 'run:no-such-experiment')!.click as () => void)();
    await vi.waitFor(() => expect(fake.errors).toHaveLength(1));
    expect(fake.errors[0]).toMatch(/^实验无法启动: unknown experiment/);
    expect(fake.FakeTray.last!.tooltips).toEqual(['进程实验室 — 0 个实验进程运行中']);
    door.dispose();
  });
});
