/**
 * The errors the door answered with, by where they belong: an experiment's panel (its id), the
 * process actions (`process`), or the whole app (`global`). Kept as one immutable record that is
 * replaced, so a component reading one scope re-renders when that record changes.
 */
import type { LabFailure } from '../../../contract/ipc';

/** Where an error belongs: an experiment's panel, the process actions, or the whole app. */
export type ErrorScope = string;

/** Errors by scope. */
export type LabErrors = Readonly<Record<ErrorScope, LabFailure>>;

/** `errors` with `error` in `scope` (replacing the one there). */
export function withError(errors: LabErrors, scope: ErrorScope, error: LabFailure): LabErrors {
  return { ...errors, [scope]: error };
}

/** `errors` without `scope`'s (the same record when it had none). */
export function withoutError(errors: LabErrors, scope: ErrorScope): LabErrors {
  if (!(scope in errors)) return errors;
  const { [scope]: _gone, ...rest } = errors;
  return rest;
}
