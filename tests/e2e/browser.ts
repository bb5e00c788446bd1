/**
 * Which Chromium the end-to-end tests drive: the one module that decides, so that `npm ci &&
 * npm test` works on a machine with nothing but Node and npm.
 *
 * In this order:
 * 1. `PROCESS_LAB_CHROMIUM=<path>`: that binary, or a clear error if it is not there;
 * 2. a system Chromium or Chrome in its usual place (Debian's `/usr/bin/chromium`, Google
 *    Chrome on Linux, macOS and Windows);
 * 3. the Chromium inside the `@sparticuz/chromium` devDependency (Linux x64 only): a
 *    brotli-packed headless shell that `executablePath()` unpacks into the temp folder (~4–6 s the
 *    first time, then reused). Nothing is downloaded at install or test time.
 *
 * `PROCESS_LAB_BROWSER=bundled` skips step 2 (CI uses it to prove the fresh-machine path while a
 * system Chromium is installed); `PROCESS_LAB_BROWSER=system` skips step 3.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Flags for a headless Chromium on a closed network (STACK-NOTES.md): no background requests. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser the suite will launch, and where it came from. */
export interface BrowserChoice {
  executablePath: string;
  source: 'PROCESS_LAB_CHROMIUM' | 'system' | 'bundled';
  /** One line for the test output, e.g. "bundled @sparticuz/chromium 153 (/tmp/chromium)". */
  label: string;
}

/** Where a system Chromium or Chrome usually lives, per platform. */
function systemCandidates(): string[] {
  if (process.platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
  }
  if (process.platform === 'win32') {
    const roots = [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA];
    return roots
      .filter((r): r is string => !!r)
      .flatMap((r) => [join(r, 'Google/Chrome/Application/chrome.exe'), join(r, 'Chromium/Application/chrome.exe')]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
  ];
}

/** The npm package's Chromium, unpacked; null where the package has no binary for this machine. */
async function bundled(): Promise<BrowserChoice | null> {
  // The package ships only a Linux x64 build (its README: arm64 needs a download, which we never do).
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  const { default: Chromium } = await import('@sparticuz/chromium');
  // No WebGL needed: skip unpacking SwiftShader (saves ~1 s on the first run).
  Chromium.setGraphicsMode = false;
  const executablePath = await Chromium.executablePath();
  // The package exports no package.json: read it beside its entry file (build/index.js).
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '../package.json'), 'utf8')) as { version: string };
  return { executablePath, source: 'bundled', label: `bundled @sparticuz/chromium ${version} (${executablePath})` };
}

let chosen: Promise<BrowserChoice> | null = null;

/**
 * Picks the browser once per test process (see the module comment for the order) and says which
 * in the test output. Rejects with one sentence when none can be had.
 */
export function chooseBrowser(): Promise<BrowserChoice> {
  chosen ??= pick().then((choice) => {
    console.info(`e2e browser: ${choice.label}`);
    return choice;
  });
  return chosen;
}

async function pick(): Promise<BrowserChoice> {
  const forced = process.env.PROCESS_LAB_CHROMIUM;
  if (forced) {
    if (!existsSync(forced)) throw new Error(`PROCESS_LAB_CHROMIUM is set to ${forced}, which does not exist.`);
    return { executablePath: forced, source: 'PROCESS_LAB_CHROMIUM', label: `PROCESS_LAB_CHROMIUM (${forced})` };
  }
  const only = process.env.PROCESS_LAB_BROWSER;
  if (only && only !== 'system' && only !== 'bundled') {
    throw new Error(`PROCESS_LAB_BROWSER must be "system" or "bundled", not "${only}".`);
  }
  if (only !== 'bundled') {
    const found = systemCandidates().find((p) => existsSync(p));
    if (found) return { executablePath: found, source: 'system', label: `system browser (${found})` };
  }
  if (only !== 'system') {
    const b = await bundled();
    if (b) return b;
  }
  throw new Error(
    `No Chromium for the end-to-end tests on ${process.platform}-${process.arch}: install Chromium or Chrome, ` +
      'or set PROCESS_LAB_CHROMIUM to one (the npm-bundled Chromium covers Linux x64 only).',
  );
}
