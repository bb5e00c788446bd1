/** DOM matchers (`toBeInTheDocument`, `toHaveAttribute`, …) for the view's component tests. */
import '@testing-library/jest-dom/vitest';

// jsdom has no layout, hence no ResizeObserver: Svelte's `bind:clientWidth` needs one to exist.
// Elements then measure 0 and components fall back to their default sizes.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};
