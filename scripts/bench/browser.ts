import type { BenchOptions, Section } from './common';
export async function browserSection(_o: BenchOptions): Promise<Section> {
  return { id: 'browser', title: 'browser', rows: [], skipped: 'todo', notes: [] };
}
