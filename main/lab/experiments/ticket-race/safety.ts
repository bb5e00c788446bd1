/**
 * The promise of the ticket race's safe modes (`serial`, `lock`), checked at the end of a run:
 * every buyer got an answer (a ticket, or "sold out") and no sale was overwritten. A buyer that
 * gave up (its lock wait ran out) or a lost sale is a failure of the lab, not of the lesson, so
 * it goes in the report's `error` instead of passing as `null`. `unsafe` promises nothing: its
 * lost updates are the lesson.
 */
import type { FactValue } from '../../../../contract/report';

const num = (v: FactValue | undefined): number | null => (typeof v === 'number' ? v : null);

/** Why this run broke its mode's promise, or null if it kept it. */
export function safetyFault(facts: Readonly<Record<string, FactValue>>): string | null {
  if (facts.mode !== 'serial' && facts.mode !== 'lock') return null;
  const tickets = num(facts.tickets) ?? 0;
  const faults: string[] = [];
  const gaveUp = num(facts.gaveUp) ?? 0;
  if (gaveUp > 0)
    faults.push(`${gaveUp} buyer${gaveUp === 1 ? '' : 's'} gave up without an answer (lock wait ran out)`);
  // Rounds (with --repeat) or the one round: a sale overwritten is sold + remaining > tickets.
  const rounds = Array.isArray(facts.rounds) ? facts.rounds : [{ sold: facts.sold, remaining: facts.remaining }];
  let lost = 0;
  for (const r of rounds) {
    if (!r || typeof r !== 'object' || Array.isArray(r)) continue;
    const sold = num(r.sold);
    const remaining = num(r.remaining);
    if (sold !== null && remaining !== null) lost += Math.max(0, sold + remaining - tickets);
  }
  if (lost > 0) faults.push(`${lost} sale${lost === 1 ? '' : 's'} lost (overwritten by a stale write)`);
  return faults.length > 0 ? `${String(facts.mode)} mode broke its promise: ${faults.join('; ')}` : null;
}
