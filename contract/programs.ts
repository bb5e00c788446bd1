/**
 * "Your program": the names a program may have when the view names one (the browser server's
 * `--programs DIR` list). No runtime dependency: the engine, the door's schemas and the view
 * all read this one rule.
 */

/**
 * A program id: a `.py` file name, nothing else — no `/` or `\`, no `..`, no leading dot or
 * dash, at most 100 characters; letters of any script (a student's 作业.py), digits, `_`, `-`,
 * `.` and spaces. A path can never pass, so an id only ever names a file of the folder itself.
 */
export const PROGRAM_ID = /^(?!.*\.\.)[\p{L}\p{N}_][\p{L}\p{N}_ .-]{0,96}\.py$/u;
