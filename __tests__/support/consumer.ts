/**
 * A consumer project of the packed npm package, installed offline.
 *
 * `packPackage` copies what the package is built from into a staging folder
 * (the working tree's `dist/` is never touched, so tests that run the
 * command in parallel keep their bundle) and runs `npm pack` there, which
 * builds through `prepack`.
 *
 * `installConsumer` makes an empty project that depends on the tarball and
 * on the cdktf, constructs and TypeScript runners installed here, and runs
 * `npm install --offline` in it. npm cannot resolve a version offline
 * without the registry's metadata, which `npm ci` never caches, so the
 * project gets what npm would have written itself: a lock file (this
 * repository's entries for every package the consumer needs, plus the
 * tarball with its integrity) and those packages, hard-linked from this
 * repository's node_modules (copied where links are impossible). npm then
 * has exactly one package to add: the tarball, which it extracts and links
 * like any dependency (`bin`, peer dependencies checked).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";

export const REPO = join(__dirname, "..", "..");

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly [key: string]: unknown;
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly bin: Record<string, string>;
  readonly exports: Record<string, unknown>;
  readonly engines: Record<string, string>;
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly devDependencies: Record<string, string>;
}

export const PACKAGE: PackageJson = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
const LOCK: Record<string, LockEntry> = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")).packages;

/** What `npm pack` needs besides the `files` it ships: the sources and the build's configuration. */
const BUILD_INPUTS = ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "tsconfig.json", "tsconfig.build.json", "index.ts", "main.ts", "cli.ts", "lib", "stacks", "topology", "render", "bin", "examples", "schema", "scripts/build.js"];

const run = (cwd: string, file: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string =>
  execFileSync(file, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });

export interface Packed {
  readonly tarball: string;
  /** The tarball's files (paths inside the package). */
  readonly files: readonly string[];
}

/** Packs the package from a copy of its sources, into `into`. */
export function packPackage(into: string): Packed {
  const stage = join(into, "stage");
  for (const p of BUILD_INPUTS) cpSync(join(REPO, p), join(stage, p), { recursive: true });
  symlinkSync(join(REPO, "node_modules"), join(stage, "node_modules"), "dir");
  const [report] = JSON.parse(run(stage, "npm", ["pack", "--json", "--pack-destination", into, "--no-audit", "--no-fund"])) as [{ filename: string; files: { path: string }[] }];
  return { tarball: join(into, report.filename), files: report.files.map((f) => f.path).sort() };
}

/** The package folder that `name` resolves to from the lock file entry `from` (nested first, then upward). */
function resolveIn(from: string, name: string): string | undefined {
  for (let base = from; ; ) {
    const candidate = `${base}/node_modules/${name}`;
    if (LOCK[candidate]) return candidate;
    const i = base.lastIndexOf("/node_modules/");
    if (i < 0) return LOCK[`node_modules/${name}`] ? `node_modules/${name}` : undefined;
    base = base.slice(0, i);
  }
}

/** The top-level node_modules folders (`cdktf`, `@types/node`) that the given packages need, transitively. */
function closure(roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const top = new Set<string>();
  const visit = (entry: string) => {
    if (seen.has(entry)) return;
    seen.add(entry);
    top.add(/^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(entry)![1]);
    const e = LOCK[entry];
    for (const name of Object.keys({ ...e.dependencies, ...e.optionalDependencies, ...e.peerDependencies })) {
      const found = resolveIn(entry, name);
      if (found) visit(found);
      else if (!e.optionalDependencies?.[name] && !e.peerDependenciesMeta?.[name]?.optional) throw new Error(`${entry} needs ${name}, which the lock file does not have`);
    }
  };
  for (const r of roots) visit(`node_modules/${r}`);
  return top;
}

/** Hard-links a folder tree (copies it when links are impossible, e.g. across file systems). */
function linkTree(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    run(REPO, "cp", ["-al", from, to]);
  } catch {
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

/** The consumer's dependencies: the tarball, cdktf and constructs as installed here, and the TypeScript runners. */
const CONSUMER_DEPENDENCIES = ["cdktf", "constructs", "@cdktf/provider-azurerm"];
const CONSUMER_DEV_DEPENDENCIES = ["typescript", "ts-node", "tsx", "@types/node"];

const installed = (name: string): string => LOCK[`node_modules/${name}`].version!;

/** A new consumer project in a temporary folder with the tarball installed offline; returns its folder. */
export function installConsumer(tarball: string): string {
  const project = mkdtempSync(join(tmpdir(), "arc-consumer-"));
  const manifest = {
    name: "consumer",
    version: "1.0.0",
    private: true,
    dependencies: { [PACKAGE.name]: `file:${tarball}`, ...Object.fromEntries(CONSUMER_DEPENDENCIES.map((n) => [n, installed(n)])) },
    devDependencies: Object.fromEntries(CONSUMER_DEV_DEPENDENCIES.map((n) => [n, installed(n)])),
  };
  writeFileSync(join(project, "package.json"), JSON.stringify(manifest, null, 2));

  const needed = closure([...Object.keys(PACKAGE.dependencies), ...Object.keys(PACKAGE.peerDependencies), ...CONSUMER_DEPENDENCIES, ...CONSUMER_DEV_DEPENDENCIES]);
  const packages: Record<string, unknown> = { "": { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies, devDependencies: manifest.devDependencies } };
  packages[`node_modules/${PACKAGE.name}`] = {
    version: PACKAGE.version,
    resolved: `file:${relative(project, tarball)}`,
    integrity: `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`,
    license: PACKAGE.license,
    dependencies: PACKAGE.dependencies,
    peerDependencies: PACKAGE.peerDependencies,
    bin: PACKAGE.bin,
    engines: PACKAGE.engines,
  };
  for (const [key, entry] of Object.entries(LOCK)) {
    const top = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(key)?.[1];
    if (top === undefined || !needed.has(top)) continue;
    // This repository's dev/peer flags describe its own tree, not the consumer's: npm recomputes them.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry;
    packages[key] = rest;
    if (key === `node_modules/${top}` && existsSync(join(REPO, key))) linkTree(join(REPO, key), join(project, key));
  }
  writeFileSync(join(project, "package-lock.json"), JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2));

  // The runners' commands, as npm links them (relative links into the linked packages).
  const bin = join(project, "node_modules", ".bin");
  mkdirSync(bin, { recursive: true });
  for (const name of readdirSync(join(REPO, "node_modules", ".bin"))) {
    const target = readlinkSync(join(REPO, "node_modules", ".bin", name));
    const owner = /^\.\.\/((?:@[^/]+\/)?[^/]+)/.exec(target)?.[1];
    if (owner !== undefined && needed.has(owner)) symlinkSync(target, join(bin, name));
  }

  run(project, "npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"]);
  return project;
}
