/** The saved-report schema: every recorded real run parses as it is; anything else gets one reason. */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../contract/report-schema';
import { REPORT_FORMAT } from '../../contract/report';

const FIXTURES = resolve(import.meta.dirname, '../renderer/fixtures');
const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

describe('parseReport', () => {
  it.each(files)('%s: the recorded report parses unchanged', (f) => {
    const { report } = JSON.parse(readFileSync(resolve(FIXTURES, f), 'utf8')) as { report: unknown };
    const r = parseReport(JSON.stringify(report));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.report).toEqual(report);
  });

  it('takes the current format, refuses a newer or older one by its number', () => {
    const { report } = JSON.parse(readFileSync(resolve(FIXTURES, 'zombie.json'), 'utf8')) as { report: object };
    expect(parseReport(JSON.stringify({ ...report, format: REPORT_FORMAT })).ok).toBe(true);
    expect(parseReport(JSON.stringify({ ...report, format: REPORT_FORMAT + 1 }))).toEqual({
      ok: false,
      problem: { code: 'newer', format: REPORT_FORMAT + 1 },
    });
    expect(parseReport(JSON.stringify({ ...report, format: REPORT_FORMAT - 1 }))).toMatchObject({
      ok: false,
      problem: { code: 'older' },
    });
  });

  it('names where a damaged report is wrong', () => {
    const { report } = JSON.parse(readFileSync(resolve(FIXTURES, 'zombie.json'), 'utf8')) as { report: object };
    const r = parseReport(JSON.stringify({ ...report, wallMs: 'long' }));
    expect(r).toMatchObject({ ok: false, problem: { code: 'invalid' } });
    if (!r.ok && r.problem.code === 'invalid') expect(r.problem.detail).toMatch(/^wallMs: /);
    expect(parseReport('not json at all')).toMatchObject({ ok: false, problem: { code: 'not-json' } });
    expect(parseReport('[1, 2]')).toMatchObject({ ok: false, problem: { code: 'not-report' } });
  });
});
