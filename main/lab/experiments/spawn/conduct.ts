/** The spawn experiment's conduct: runs in the app's process, beside the run (what it shows: ./info.ts). */
import type { Conduct } from '../../host/run/run';
import { mainExited, mainGone, markMs } from '../../host/conduct-helpers';
import { factReader, factWriter, type SpawnFacts } from '../../../../contract/experiments';
import { planningHz } from '../../../../contract/engine';

export const conduct: Conduct = async (run, opts) => {
  const wait = Math.max(1000 * opts.timeScale, 2500 / planningHz(opts.hz)) + 15_000;
  // Each child's memory as the OS reported it while it ran: the largest RSS of any tick that
  // found it alive. One snapshot is not enough: on a loaded machine main's "all running" can
  // reach us after a child's hold is over, and a zombie has no memory left to read.
  const rssWhileRunning = new Map<number, number>();
  const noteRss = (): void => {
    for (const r of run.records())
      if (r.endMs === null && r.rss > (rssWhileRunning.get(r.pid) ?? 0)) rssWhileRunning.set(r.pid, r.rss);
  };
  // waitUntil re-checks its predicate after every tick: the place to see each tick's records.
  const until = (mark: string) => (): boolean => {
    noteRss();
    return markMs(run, mark) !== null || mainGone(run);
  };
  // Main may also end without reaching a mark (it crashed): the facts then say what was seen.
  await run.waitUntil(until('children-running'), wait, 'the children to start');
  // Every child is up and holding: read the OS now rather than at the next regular tick.
  await run.sampleNow();
  noteRss();
  await run.waitUntil(until('spawn-reported'), wait, "main's report");
  const facts = factReader<SpawnFacts>(run);
  const fact = factWriter<SpawnFacts>(run);
  const children = facts().children ?? [];
  const records = run.records();
  const enriched = children.map((c) => {
    const r = records.find((x) => x.pid === c.pid);
    // Only a record the sampler actually read (a state seen) counts as the OS's word. Its
    // ppid list starts with main's word and gains an entry whenever the OS says otherwise, so
    // its last entry is the ppid the OS last reported.
    const seen = !!r && r.states.length > 0;
    return {
      ...c,
      osPid: seen ? r.pid : null,
      osPpid: seen ? (r.ppids[r.ppids.length - 1] ?? null) : null,
      osStates: seen ? r.states : [],
      osRssBytes: seen ? (rssWhileRunning.get(r.pid) ?? null) : null,
    };
  });
  fact('children', enriched);
  fact(
    'allIdsAgree',
    enriched.length === 2 * (opts.children as number) &&
      facts().mainPid === run.mainPid &&
      enriched.every(
        (c) =>
          c.pid !== null &&
          c.childPid === c.pid &&
          c.osPid === c.pid &&
          c.ppid === run.mainPid &&
          c.childPpid === run.mainPid &&
          c.osPpid === run.mainPid &&
          c.childName === c.name,
      ),
  );
  await mainExited(run, wait);
};
