/**
 * The door's refusals as the view keeps them: one {@link LabErrors} record per scope, replaced
 * (never mutated) so a component reading one scope re-renders when that record changes.
 */
import type { LabFailure, LabResult } from '../../../contract/ipc';
import { withError, withoutError, type ErrorScope, type LabErrors } from './lab-errors';

/** Errors by scope, with the three ways they change. */
export class ErrorBook {
  /** Errors by scope (an experiment id, `process`, `global`). */
  all = $state.raw<LabErrors>({});

  /** Keeps a call's answer: its error in `scope`, or clears `scope` when it succeeded. */
  report(scope: ErrorScope, r: LabResult<unknown>): void {
    if (r.ok) this.clear(scope);
    else this.set(scope, r.error);
  }

  /** Shows `error` in `scope` (replacing the one there). */
  set(scope: ErrorScope, error: LabFailure): void {
    this.all = withError(this.all, scope, error);
  }

  /** Forgets `scope`'s error. */
  clear(scope: ErrorScope): void {
    this.all = withoutError(this.all, scope);
  }
}
