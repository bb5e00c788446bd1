/**
 * The installers' configuration, checked offline: valid against electron-builder's own schema,
 * the icons it names exist at the sizes each platform needs, and every file a forked worker
 * program imports is unpacked from app.asar (a worker that cannot load its chunk would make
 * every experiment fail in the packaged app only).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { builtinModules } from 'node:module';
import Ajv from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  linux: { icon: string; category: string; executableName: string; target: string[] };
  mac: { icon: string; target: string };
  win: { icon: string; target: string };
};
const schema = JSON.parse(readFileSync(join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;

function validate(cfg: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const check = ajv.compile(schema);
  return check(cfg) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Width and height from a PNG's IHDR. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii'), file).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** The folder of package `name` as Node would find it from `from` (walking up node_modules). */
function packageDir(name: string, from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** A package and its production dependencies, transitively, as paths relative to the root. */
function dependencyClosure(name: string): string[] {
  const found = new Set<string>();
  const walk = (pkg: string, from: string): void => {
    const dir = packageDir(pkg, from);
    if (!dir) throw new Error(`${pkg} is not installed`);
    const rel = relative(root, dir).split('\\').join('/');
    if (found.has(rel)) return;
    found.add(rel);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(meta.dependencies ?? {})) walk(dep, dir);
  };
  walk(name, root);
  return [...found];
}

/** A tiny glob for the patterns used here: `dir/**`, `dir/*.ext`, or an exact path. */
function matches(pattern: string, path: string): boolean {
  if (pattern.endsWith('/**')) return path.startsWith(pattern.slice(0, -2));
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return re.test(path);
}

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    expect(validate(config)).toEqual([]);
  });

  it('the validation really catches mistakes', () => {
    expect(validate({ ...config, linux: { ...config.linux, bogus: 1 } }).join()).toMatch(
      /\/linux must NOT have additional properties/,
    );
  });

  it('targets AppImage + deb (Education), dmg and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Education');
    expect(config.linux.executableName).toBe('process-lab');
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      homepage?: string;
      author?: { email?: string };
    };
    // deb refuses to build without these.
    expect(pkg.homepage).toBeTruthy();
    expect(pkg.author?.email).toMatch(/@/);
  });

  it('has every icon at the sizes its platform needs', () => {
    for (const s of [16, 24, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(root, config.linux.icon, `${s}x${s}.png`))).toEqual([s, s]);
    }
    expect(pngSize(join(root, 'resources/icon.png'))).toEqual([1024, 1024]);
    const icns = readFileSync(join(root, config.mac.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    for (const type of ['ic10', 'ic09', 'ic08', 'ic07', 'icp4']) expect(icns.includes(Buffer.from(type))).toBe(true);
    const ico = readFileSync(join(root, config.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    for (const f of ['tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']) {
      expect(existsSync(join(root, 'resources/tray', f)), f).toBe(true);
    }
    expect(pngSize(join(root, 'resources/tray/trayTemplate.png'))).toEqual([16, 16]);
    // What the running app loads must be packed.
    expect(config.files).toEqual(
      expect.arrayContaining(['out/**', 'resources/tray/**', 'resources/icons/256x256.png']),
    );
  });

  it('unpacks every file the worker programs import, and they import no package that stays in asar', () => {
    const out = join(root, 'out/main/workers');
    expect(existsSync(out), 'run `npm run build` first').toBe(true);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const seen = new Set<string>();
    const todo = readdirSync(out)
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(out, f));
    expect(todo.length).toBeGreaterThanOrEqual(2);
    const problems: string[] = [];
    while (todo.length > 0) {
      const file = todo.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const rel = relative(root, file).split('\\').join('/');
      if (!config.asarUnpack.some((p) => matches(p, rel))) problems.push(`${rel} is not unpacked`);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
      )) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec));
        else if (!builtins.has(spec)) {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          for (const dir of dependencyClosure(pkg)) {
            if (!config.asarUnpack.includes(`${dir}/**`)) problems.push(`${rel} needs ${dir}, still inside app.asar`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('builds and unpacks the tracer package and every lecture program (Python cannot read inside app.asar)', () => {
    const tracerSrc = join(root, 'main/lab/python/process_lab_tracer');
    const tracer = readdirSync(tracerSrc, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.py') && !d.parentPath.includes('__pycache__'))
      .map(
        (d) =>
          `out/main/python/process_lab_tracer/${relative(tracerSrc, join(d.parentPath, d.name)).split('\\').join('/')}`,
      );
    expect(tracer).toContain('out/main/python/process_lab_tracer/boot/sitecustomize.py');
    const experiments = join(root, 'main/lab/experiments');
    const lectures = readdirSync(experiments, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(experiments, d.name, 'lecture.py')))
      .map((d) => d.name);
    expect(lectures.length).toBeGreaterThanOrEqual(9);
    const problems: string[] = [];
    for (const rel of tracer) {
      if (!existsSync(join(root, rel))) problems.push(`${rel} is not built`);
      if (!config.asarUnpack.some((p) => matches(p, rel))) problems.push(`${rel} is not unpacked`);
    }
    for (const id of lectures) {
      const rel = `out/main/lecture/${id}.py`;
      if (!existsSync(join(root, rel))) problems.push(`${rel} is not built`);
      else if (readFileSync(join(root, rel), 'utf8') !== readFileSync(join(experiments, id, 'lecture.py'), 'utf8'))
        problems.push(`${rel} differs from main/lab/experiments/${id}/lecture.py (stale build?)`);
      if (!config.asarUnpack.some((p) => matches(p, rel))) problems.push(`${rel} is not unpacked`);
    }
    expect(problems).toEqual([]);
  });

  it('unpacks the package.json that makes the unpacked workers ES modules', () => {
    // app.asar.unpacked has no package.json of its own: this is the nearest one the workers see.
    expect(JSON.parse(readFileSync(join(root, 'out/main/package.json'), 'utf8'))).toEqual({ type: 'module' });
    expect(config.asarUnpack).toContain('out/main/package.json');
  });
});
