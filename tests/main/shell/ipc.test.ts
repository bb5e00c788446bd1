/**
 * Electron's IPC binding, with `ipcMain` faked: one handler per call of the contract, each
 * going through the door; the sender check accepts only our window's main frame showing our
 * page, and refuses when the window or frame cannot be found.
 */
import { describe, expect, it, vi } from 'vitest';
import { CALL_CHANNELS, LAB_METHODS, PUSH_CHANNELS } from '../../../contract/ipc';
import { createDoor } from '../../../main/lab/host/door';
import { isOurPage, isTrustedFrame, setupIpc, type FrameLike } from '../../../main/shell/ipc';
import type { MainWindow } from '../../../main/shell/window';
import { labSupervisor } from '../../helpers/lab';

const fake = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
}));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
      if (fake.handlers.has(ch)) throw new Error(`second handler for ${ch}`);
      fake.handlers.set(ch, fn);
    },
    removeHandler: (ch: string) => fake.handlers.delete(ch),
  },
}));

const INDEX = 'file:///opt/Process%20Lab/resources/app.asar/out/renderer/index.html';

function fakeWindow(url = INDEX) {
  const mainFrame: FrameLike = { url, processId: 4, routingId: 1 };
  const sent: [string, unknown][] = [];
  const webContents = {
    mainFrame,
    isLoading: () => false,
    send: (ch: string, payload: unknown) => sent.push([ch, payload]),
    once: () => undefined,
  };
  const win = { isDestroyed: () => false, webContents };
  return { win, webContents, mainFrame, sent };
}

describe('isTrustedFrame', () => {
  it('accepts our window’s main frame on our page (hash and query aside)', () => {
    const { win, webContents, mainFrame } = fakeWindow();
    expect(isTrustedFrame({ sender: webContents, senderFrame: mainFrame }, win, INDEX)).toBe(true);
    const withHash = { ...mainFrame, url: `${INDEX}#/run/r1` };
    expect(isTrustedFrame({ sender: webContents, senderFrame: withHash }, win, INDEX)).toBe(true);
  });

  it('refuses when the window or the frame lookup fails', () => {
    const { win, webContents, mainFrame } = fakeWindow();
    expect(isTrustedFrame({ sender: webContents, senderFrame: mainFrame }, null, INDEX)).toBe(false);
    expect(isTrustedFrame({ sender: webContents, senderFrame: null }, win, INDEX)).toBe(false);
    const destroyed = { ...win, isDestroyed: () => true };
    expect(isTrustedFrame({ sender: webContents, senderFrame: mainFrame }, destroyed, INDEX)).toBe(false);
  });

  it('refuses another web contents, an iframe, and a page that is not ours', () => {
    const { win, webContents, mainFrame } = fakeWindow();
    const other = fakeWindow();
    expect(isTrustedFrame({ sender: other.webContents, senderFrame: mainFrame }, win, INDEX)).toBe(false);
    const iframe = { ...mainFrame, routingId: 7 };
    expect(isTrustedFrame({ sender: webContents, senderFrame: iframe }, win, INDEX)).toBe(false);
    for (const url of ['https://evil.example/index.html', 'file:///tmp/index.html', 'data:text/html,hi', 'not a url']) {
      const elsewhere = fakeWindow(url);
      const frame = elsewhere.mainFrame;
      expect(isTrustedFrame({ sender: elsewhere.webContents, senderFrame: frame }, elsewhere.win, INDEX), url).toBe(
        false,
      );
    }
  });

  it('compares pages by file path only', () => {
    expect(isOurPage(`${INDEX}?x=1#y`, INDEX)).toBe(true);
    expect(isOurPage('file:///opt/Process%20Lab/resources/app.asar/out/renderer/other.html', INDEX)).toBe(false);
    expect(isOurPage('http://127.0.0.1/out/renderer/index.html', INDEX)).toBe(false);
  });
});

describe('setupIpc', () => {
  it('binds exactly one handler per call, each through the door, and forwards pushes to our page', async () => {
    const supervisor = labSupervisor();
    const { win, webContents, mainFrame, sent } = fakeWindow();
    const window: MainWindow = { indexUrl: INDEX, get: () => win as never, show: () => win as never };
    const door = createDoor<{ sender: unknown; senderFrame: FrameLike | null }>({
      supervisor,
      isTrustedSender: (e) => isTrustedFrame(e, window.get() as never, window.indexUrl),
      log: () => undefined,
    });
    const handle = vi.spyOn(door, 'handle');
    const unbind = setupIpc(door as never, window);
    expect([...fake.handlers.keys()].sort()).toEqual(LAB_METHODS.map((m) => CALL_CHANNELS[m]).sort());

    const ours = { sender: webContents, senderFrame: mainFrame };
    const list = fake.handlers.get(CALL_CHANNELS.listExperiments)!;
    expect(await list(ours)).toMatchObject({ ok: true });
    expect(handle).toHaveBeenLastCalledWith(ours, CALL_CHANNELS.listExperiments, []);
    const signal = fake.handlers.get(CALL_CHANNELS.signal)!;
    expect(await signal(ours, 1, 'SIGKILL')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(handle).toHaveBeenLastCalledWith(ours, CALL_CHANNELS.signal, [1, 'SIGKILL']);
    const stranger = { sender: {}, senderFrame: { ...mainFrame, routingId: 9 } };
    expect(await list(stranger)).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });

    door.publish('showRun', { runId: 'r1' });
    expect(sent).toEqual([[PUSH_CHANNELS.showRun, { runId: 'r1' }]]);
    mainFrame.url = 'https://evil.example/';
    door.publish('showRun', { runId: 'r2' });
    expect(sent).toHaveLength(1);

    unbind();
    expect(fake.handlers.size).toBe(0);
    door.dispose();
  });
});
