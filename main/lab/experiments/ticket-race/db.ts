/**
 * The ticket race's db file on disk (its format: contract/experiments/ticket-race.ts), read and
 * written by main (the first count) and by every buyer.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { formatDb, parseDb } from '../../../../contract/experiments/ticket-race';

/** The count in the db file, or null when it is missing or not the buyers' JSON. */
export function readCount(db: string): number | null {
  try {
    return parseDb(readFileSync(db, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Writes the new count whole: into a temporary file, then `rename` over the db. A reader
 * therefore sees the old file or the new one, never a truncated half-written one (which would
 * crash its JSON.parse). This does NOT make read-decrement-write safe: the lost update the
 * lecture shows still happens, and that is the race this experiment is about.
 */
export function writeCount(db: string, count: number): void {
  const tmp = `${db}.${process.pid}.tmp`;
  writeFileSync(tmp, formatDb(count));
  renameSync(tmp, db);
}
