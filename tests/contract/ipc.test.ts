/**
 * The contract: channels derived from the calls (none written twice, none shared), one client
 * for every transport, schemas that are closed, and no Node or Electron import anywhere in it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  CALL_CHANNELS,
  ENGINE_ERROR_CODES,
  LAB_ERROR_CODES,
  type LabErrorCode,
  LAB_METHODS,
  LAB_PUSHES,
  PUSH_CHANNELS,
  createLabClient,
  pushOfListener,
  resolveLanguage,
  type LabTransport,
} from '../../contract/ipc';
import { REQUEST_SCHEMAS, SettingsSchema, describeIssues } from '../../contract/requests';

const contractDir = resolve(import.meta.dirname, '../../contract');

describe('contract/ipc', () => {
  it('derives one distinct channel per call and per push', () => {
    const calls = Object.values(CALL_CHANNELS);
    const pushes = Object.values(PUSH_CHANNELS);
    expect(Object.keys(CALL_CHANNELS)).toEqual([...LAB_METHODS]);
    expect(Object.keys(PUSH_CHANNELS)).toEqual([...LAB_PUSHES]);
    expect(new Set([...calls, ...pushes]).size).toBe(calls.length + pushes.length);
    expect(CALL_CHANNELS.runExperiment).toBe('process-lab:call:runExperiment');
    expect(PUSH_CHANNELS.events).toBe('process-lab:push:events');
    expect(Object.isFrozen(CALL_CHANNELS)).toBe(true);
  });

  it('has a request schema for exactly the calls', () => {
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual([...LAB_METHODS].sort());
  });

  it('knows every error code the engine can give (one list: the engine’s LabError takes only these)', () => {
    const engineCodes: readonly LabErrorCode[] = ENGINE_ERROR_CODES;
    expect(engineCodes.length).toBeGreaterThan(3);
    for (const c of engineCodes) expect(LAB_ERROR_CODES).toContain(c);
  });

  it('builds one named method per call and one onX per push over any transport', async () => {
    const invoke = vi.fn<LabTransport['invoke']>(async () => ({ ok: true, value: 'answer' }));
    const listeners = new Map<string, (p: unknown) => void>();
    const unlisten = vi.fn();
    const api = createLabClient({
      invoke,
      listen: (ch, l) => {
        listeners.set(ch, l);
        return unlisten;
      },
    });
    expect(Object.keys(api).sort()).toEqual(
      [...LAB_METHODS, ...LAB_PUSHES.map((p) => `on${p[0]!.toUpperCase()}${p.slice(1)}`)].sort(),
    );
    expect(Object.isFrozen(api)).toBe(true);
    expect(await api.runExperiment('join', { timeScale: 0.2 })).toEqual({ ok: true, value: 'answer' });
    expect(invoke).toHaveBeenLastCalledWith('process-lab:call:runExperiment', ['join', { timeScale: 0.2 }]);
    await api.signal(1234, 'SIGTERM');
    expect(invoke).toHaveBeenLastCalledWith('process-lab:call:signal', [1234, 'SIGTERM']);
    const got: unknown[] = [];
    const off = api.onEvents((batch) => got.push(batch));
    listeners.get('process-lab:push:events')?.([{ type: 'ready' }]);
    expect(got).toEqual([[{ type: 'ready' }]]);
    off();
    expect(unlisten).toHaveBeenCalledOnce();
    expect(() => api.onRunEnded('not a function' as never)).toThrow(TypeError);
    expect(pushOfListener('onRunEnded')).toBe('runEnded');
    expect(pushOfListener('onNope')).toBeUndefined();
  });

  it('turns a transport failure into an `unavailable` result instead of a rejection', async () => {
    const api = createLabClient({
      invoke: () => Promise.reject(new Error('Error invoking remote method: no handler')),
      listen: () => () => undefined,
    });
    expect(await api.killAll()).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the lab did not answer' },
    });
  });

  it('resolves the language from the setting or the locale', () => {
    expect(resolveLanguage('auto', 'zh-CN')).toBe('zh');
    expect(resolveLanguage('auto', 'zh-TW')).toBe('zh');
    expect(resolveLanguage('auto', 'en-US')).toBe('en');
    expect(resolveLanguage('auto', 'de')).toBe('en');
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
    expect(resolveLanguage('zh', 'en-GB')).toBe('zh');
  });
});

describe('contract/requests', () => {
  it('accepts well-formed calls', () => {
    expect(REQUEST_SCHEMAS.runExperiment.safeParse(['join', { timeScale: 0.2 }]).success).toBe(true);
    expect(REQUEST_SCHEMAS.runExperiment.safeParse(['ticket-race', {}]).success).toBe(true);
    expect(REQUEST_SCHEMAS.signal.safeParse([4242, 'SIGSTOP']).success).toBe(true);
    expect(REQUEST_SCHEMAS.stopRun.safeParse(['rmf3k2a9c1d2e']).success).toBe(true);
    expect(REQUEST_SCHEMAS.setSettings.safeParse([{}]).success).toBe(true);
    expect(REQUEST_SCHEMAS.listExperiments.safeParse([]).success).toBe(true);
  });

  it('describes a failure in one bounded line without echoing the value', () => {
    const secret = 'S'.repeat(1000);
    const r = REQUEST_SCHEMAS.runExperiment.safeParse([secret, {}]);
    expect(r.success).toBe(false);
    if (r.success) return;
    const line = describeIssues(r.error);
    expect(line).not.toContain('SSSS');
    expect(line.length).toBeLessThanOrEqual(200);
    expect(line).not.toMatch(/\n/);
  });

  it('the settings schema is strict', () => {
    expect(SettingsSchema.safeParse({ keepInTray: true, language: 'auto', pythonPath: '' }).success).toBe(true);
    expect(SettingsSchema.safeParse({ keepInTray: true, language: 'auto', pythonPath: '', extra: 1 }).success).toBe(
      false,
    );
  });

  it('never imports electron or a Node module (the renderer imports it too)', () => {
    for (const f of readdirSync(contractDir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(join(contractDir, f), 'utf8');
      const imports = [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      for (const spec of imports) expect(spec, `${f} imports ${spec}`).toMatch(/^(\.\/|zod$)/);
    }
    // And the preload's part of it does not even need zod.
    expect(readFileSync(join(contractDir, 'ipc.ts'), 'utf8')).not.toMatch(/from ['"]zod['"]/);
  });
});
