/**
 * Loaded by main (`./main.ts`) AND by the child (`./task.ts`): each process that loads it has
 * its own copy of the module, so its own `x`.
 */
/**
 * The isolation lesson's module-level global (the lecture's `x = 100` at the top of the file).
 * Every process that loads this module has its own `x`; each sets its own through
 * {@link setX}. Unset (null) until someone assigns it, so a child shows it starts from a fresh
 * copy of the code, not from a copy of main's memory.
 */
let x: number | null = null;

/** Assigns this process's own `x`. */
export function setX(value: number): void {
  x = value;
}

/** This process's own `x`. */
export function getX(): number | null {
  return x;
}
