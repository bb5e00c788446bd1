/** The engine's errors: a code (one of the contract's ENGINE_ERROR_CODES) and a line for a human. */
import type { EngineErrorCode } from '../../../contract/engine';

/** Error codes the engine gives back; the IPC door and the CLI show them as they are. */
export type LabErrorCode = EngineErrorCode;

/** An error meant for the user: a code the UI can translate and a one-line message. */
export class LabError extends Error {
  constructor(
    readonly code: LabErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LabError';
  }
}
