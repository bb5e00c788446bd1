/**
 * `npm run bench` in its quick mode, on tiny sizes: every section answers, and every figure it
 * prints is a number. No timing is asserted (speed is measured by the bench, never by a test);
 * the Chromium rows may be skipped where the quick run can have no browser, with the reason.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Section } from '../../scripts/bench/common';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = resolve(ROOT, 'scripts/bench/index.ts');

function bench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    p.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    p.on('error', fail);
    p.on('close', (code) => ok({ code, stdout, stderr }));
  });
}

describe('npm run bench --quick --json', () => {
  it('prints one JSON document with the machine and every section, each figure a number', async () => {
    const r = await bench(['--quick', '--json', '--sizes', '4']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      machine: { cores: number; cpu: string; node: string; kernel: string; loadavg: number[] };
      sections: Section[];
    };
    expect(doc.machine.cores).toBeGreaterThan(0);
    expect(doc.machine.node).toBe(process.version);
    expect(doc.machine.loadavg).toHaveLength(3);
    expect(doc.sections.map((s) => s.id)).toEqual(['sampler', 'observe', 'idle', 'join', 'worker', 'browser']);
    for (const s of doc.sections) {
      expect(s.error, `section ${s.id}`).toBeUndefined();
      // Only the rows that need another program may be skipped, and then with the reason.
      if (s.skipped) {
        expect(['join', 'browser'], `section ${s.id} skipped: ${s.skipped}`).toContain(s.id);
        expect(s.skipped.length).toBeGreaterThan(10);
        if (s.id === 'browser') continue;
      }
      expect(s.rows.length, `rows of ${s.id}`).toBeGreaterThan(0);
      for (const row of s.rows) {
        expect(typeof row.figure, `${s.id}: ${row.label}`).toBe('number');
        expect(Number.isFinite(row.figure), `${s.id}: ${row.label}`).toBe(true);
        if (row.reference) expect(typeof row.reference.figure, `${s.id}: reference of ${row.label}`).toBe('number');
        if (row.target && row.figure !== null && (row.target.on === 'figure' || row.ratio !== null))
          expect(row.verdict, `${s.id}: ${row.label}`).toMatch(/^(met|missed by \d+(\.\d)?×)$/);
      }
    }
    // The four observers of the same tree, steady and whole: six rows per size.
    expect(doc.sections.find((s) => s.id === 'observe')?.rows).toHaveLength(6);
  }, 180_000);

  it('refuses an unknown section with a clear error and exit code 2, starting nothing', async () => {
    const r = await bench(['--sections', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown section "nope"/);
    expect(r.stdout).toBe('');
  });
});
