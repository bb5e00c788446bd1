/**
 * A run's file watch (main/lab/host/run/file-watch.ts, through `watchFile`): the ticket race's db file is read by the
 * app's own process on a path a child named, so it must read a small regular file and nothing
 * else — never through a link, never blocking on a FIFO, never a large file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labSupervisor } from '../../../../helpers/lab';
import { waitFor } from '../../../../helpers/wait';

const dir = mkdtempSync(join(tmpdir(), 'process-lab-watch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Run.watchFile', () => {
  it('reports each version of a small regular file, and nothing for a link, a FIFO or a large file', async () => {
    const sup = labSupervisor();
    // A run whose main lives long enough to watch files (a join of one 30 s task, stopped below).
    const run = sup.start('join', { durations: [30], hz: 20 });
    const db = join(dir, 'db.json');
    const secret = join(dir, 'secret');
    const link = join(dir, 'link.json');
    const fifo = join(dir, 'fifo.json');
    const big = join(dir, 'big.json');
    writeFileSync(db, '{"count":1}');
    writeFileSync(secret, 'private');
    symlinkSync(secret, link);
    execFileSync('mkfifo', [fifo]);
    writeFileSync(big, 'x'.repeat(64 * 1024));
    for (const p of [db, link, fifo, big]) run.watchFile(p);

    // Two writes of the same content, each a new file renamed over the old (as the buyers do).
    const files = () => run.events().flatMap((e) => (e.type === 'file' ? [e] : []));
    for (const n of [0, 0]) {
      const before = files().length;
      writeFileSync(`${db}.tmp`, JSON.stringify({ count: n }));
      renameSync(`${db}.tmp`, db);
      await waitFor(() => files().length > before || undefined, 'the lab to read the new version');
    }
    run.stop();
    const report = await run.done;
    expect(report.leaked).toEqual([]);

    const seen = report.events.flatMap((e) => (e.type === 'file' ? [[e.path, e.content]] : []));
    expect(seen).toEqual([
      [db, '{"count":1}'],
      [db, '{"count":0}'],
      [db, '{"count":0}'],
    ]);
  });
});
