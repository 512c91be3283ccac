/**
 * Vendoring a construct folder: what its README says to copy, what its
 * relative imports actually need, and a type check of the copy alone, in an
 * empty project, with the TypeScript compiler API in-process.
 *
 * One `Vendoring` instance shares the parsed `.d.ts` files of node_modules
 * (and TypeScript's own lib files) and the module resolutions made from them
 * across every project it checks: only the copied files are parsed anew.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

export const REPO = path.resolve(__dirname, "..", "..");
export const LIB = path.join(REPO, "lib");
/** The repository's node_modules, links resolved: where every package file of a vendored project comes from. */
export const NODE_MODULES = realpathSync(path.join(REPO, "node_modules"));

/** The folders of lib/ that a user can copy: every one with an index.ts. */
export function libFolders(): string[] {
  return readdirSync(LIB)
    .filter((f) => existsSync(path.join(LIB, f, "index.ts")))
    .sort();
}

/** The .ts files of a folder of lib/, relative to it (sub-folders included). */
function tsFiles(folder: string): string[] {
  return readdirSync(path.join(LIB, folder), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .sort();
}

/** What one folder's files import: the sibling folders of lib/ and the npm packages (`node:` built-ins apart). */
export interface FolderImports {
  readonly folders: ReadonlySet<string>;
  readonly packages: ReadonlySet<string>;
  readonly builtins: ReadonlySet<string>;
  /** Specifiers no folder copy can satisfy (outside lib/, a package root where a deep import is the rule, ...). */
  readonly problems: readonly string[];
}

const BUILTINS = new Set(builtinModules);

/** `@scope/name/deep/path` -> `@scope/name`, `name/deep` -> `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

export function folderImports(folder: string): FolderImports {
  const folders = new Set<string>();
  const packages = new Set<string>();
  const builtins = new Set<string>();
  const problems: string[] = [];
  for (const file of tsFiles(folder)) {
    const at = path.join(LIB, folder, file);
    // Every import and export ... from, `import type` included (a type check needs those too), require() and import().
    const text = readFileSync(at, "utf8");
    const { importedFiles } = ts.preProcessFile(text, true, true);
    // A file that adds globals (a script, `declare global`, a module augmentation) would change the types of the folders copied beside it; Vendoring.typeCheck relies on there being none.
    if (!/^(import|export)\s/m.test(text) || /^\s*declare\s+(global\b|module\s)/m.test(text)) problems.push(`lib/${folder}/${file}: adds globals (not a module, declare global or declare module)`);
    for (const { fileName: spec } of importedFiles) {
      const where = `lib/${folder}/${file}: "${spec}"`;
      if (spec.startsWith("./") || spec.startsWith("../")) {
        const target = path.relative(LIB, path.resolve(path.dirname(at), spec)).split(path.sep);
        if (target[0] === ".." || target.length === 0 || target[0] === "") problems.push(`${where} is outside lib/`);
        else if (!existsSync(path.join(LIB, target[0], "index.ts"))) problems.push(`${where} is not a folder of lib/`);
        else if (target[0] !== folder) folders.add(target[0]);
      } else if (spec.startsWith("node:") || BUILTINS.has(spec)) {
        if (!spec.startsWith("node:")) problems.push(`${where}: write Node.js built-ins as node:${spec}`);
        builtins.add(spec);
      } else {
        const name = packageName(spec);
        if (name.startsWith("@cdktf/provider-") && !spec.startsWith(`${name}/lib/`)) problems.push(`${where}: import provider classes deeply (${name}/lib/<resource>), never the package root`);
        packages.add(name);
      }
    }
  }
  return { folders, packages, builtins, problems };
}

/** The folders to copy (the folder itself first) and the npm packages the copy imports: the closure of the relative imports. */
export function copySet(folder: string): { folders: string[]; packages: string[]; problems: string[] } {
  const seen = new Set<string>([folder]);
  const queue = [folder];
  const packages = new Set<string>();
  const problems: string[] = [];
  while (queue.length > 0) {
    const imports = folderImports(queue.shift() as string);
    imports.packages.forEach((p) => packages.add(p));
    problems.push(...imports.problems);
    for (const f of imports.folders) {
      if (!seen.has(f)) {
        seen.add(f);
        queue.push(f);
      }
    }
  }
  return { folders: [folder, ...[...seen].filter((f) => f !== folder).sort()], packages: [...packages].sort(), problems };
}

/** What a folder's README says to copy, from its `## Vendoring` section. */
export interface DocumentedCopy {
  readonly folders: string[];
  readonly packages: string[];
}

/**
 * Reads the `## Vendoring` section of lib/<folder>/README.md: the line
 * `- folders: ` and the line `- npm packages: `, each a comma-separated list
 * of code spans (`lib/<x>/` paths, package names). Throws, naming the line,
 * when the section or a line is missing or an item is not a code span.
 */
export function documentedCopy(folder: string): DocumentedCopy {
  const file = `lib/${folder}/README.md`;
  const text = readFileSync(path.join(LIB, folder, "README.md"), "utf8");
  const section = /^## Vendoring\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(text);
  if (!section) throw new Error(`${file}: no "## Vendoring" section`);
  const list = (label: string): string[] => {
    const lines = section[1].split("\n").filter((l) => l.startsWith(`- ${label}: `));
    if (lines.length !== 1) throw new Error(`${file}: the Vendoring section needs exactly one line "- ${label}: \`...\`, \`...\`" (found ${lines.length})`);
    return lines[0]
      .slice(`- ${label}: `.length)
      .replace(/\.$/, "")
      .split(/,\s*/)
      .map((item) => {
        const code = /^`([^`]+)`$/.exec(item.trim());
        if (!code) throw new Error(`${file}: "${item}" in "- ${label}:" is not a code span`);
        return code[1];
      });
  };
  const folders = list("folders").map((p) => {
    const m = /^lib\/([a-z0-9-]+)\/$/.exec(p);
    if (!m) throw new Error(`${file}: "${p}" is not a lib/<folder>/ path`);
    return m[1];
  });
  return { folders, packages: list("npm packages") };
}

/** The repository's compiler options, for a project of its own: no jest types, no build info, nothing emitted. */
function projectOptions(): { json: Record<string, unknown>; options: ts.CompilerOptions } {
  const config = ts.readConfigFile(path.join(REPO, "tsconfig.json"), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const json: Record<string, unknown> = { ...config.config.compilerOptions, types: ["node"], noEmit: true };
  delete json.incremental;
  delete json.tsBuildInfoFile;
  const { options, errors } = ts.convertCompilerOptionsFromJson(json, REPO);
  if (errors.length > 0) throw new Error(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n")).join("\n"));
  return { json, options };
}

/** A vendored copy: lib/<folder>/ for each folder copied, a tsconfig.json, node_modules linked to the repository's, and a sample. */
export interface VendoredProject {
  readonly dir: string;
  readonly folders: readonly string[];
  readonly packages: readonly string[];
  /** Every .ts file of the project (copied folders and the sample). */
  readonly files: readonly string[];
  /** The files whose types typeCheck checks: the sample and the folder's own (the first folder). */
  readonly checked: readonly string[];
  readonly sample: string;
}

export class Vendoring {
  /** Links resolved (as TypeScript resolves the paths of the files it imports). */
  readonly root = realpathSync(mkdtempSync(path.join(tmpdir(), "arc-vendoring-")));
  private readonly compiler = projectOptions();
  /** Parsed node_modules and lib .d.ts files, shared by every project (same options, so the same parse). */
  private readonly sourceFiles = new Map<string, ts.SourceFile>();
  /** JavaScript by TypeScript source text. */
  private readonly transpiled = new Map<string, string>();
  /** Module resolutions from files in node_modules are the same for every project; the cache is keyed by directory, so the projects' own never mix. */
  private readonly resolutionCache = ts.createModuleResolutionCache(REPO, (f) => f, this.compiler.options);

  /** Copies exactly `folders` (as lib/<x>/) into a new empty project, with `sample` as sample.ts beside lib/. */
  project(name: string, folders: readonly string[], packages: readonly string[], sampleSource: string): VendoredProject {
    const dir = path.join(this.root, name);
    mkdirSync(path.join(dir, "lib"), { recursive: true });
    for (const f of folders) cpSync(path.join(LIB, f), path.join(dir, "lib", f), { recursive: true });
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: this.compiler.json, include: ["sample.ts", "lib/**/*.ts"] }, null, 2));
    const sample = path.join(dir, "sample.ts");
    writeFileSync(sample, sampleSource);
    symlinkSync(NODE_MODULES, path.join(dir, "node_modules"), "dir");
    const inCopy = (f: string) => tsFiles(f).map((file) => path.join(dir, "lib", f, file));
    return { dir, folders, packages, files: [sample, ...folders.flatMap(inCopy)], checked: [sample, ...inCopy(folders[0])], sample };
  }

  /**
   * Type-checks a project alone: a program of its files only. A bare import
   * from the project's own files resolves only when its package is one of
   * `project.packages` (else it is "Cannot find module"), so the list is
   * enough, not just the repository's node_modules.
   *
   * Every file is parsed, resolved and bound, and the options, global and
   * syntax diagnostics cover them all; the type check proper (semantic
   * diagnostics) covers the sample and the folder's own files, whose check
   * reaches into the copied folders for every type they use. The copied
   * folders' own files are checked in their own projects, where they are
   * copied with the very same folders (the copy set of a folder they import
   * is a part of this one's): their diagnostics there are the ones they
   * would have here, since lib/ adds no globals (folderImports refuses
   * scripts, `declare global` and `declare module`). So lib/core is checked
   * once, not again in the ten projects that copy it.
   *
   * Returns the diagnostics, formatted ([] when it compiles), and every
   * source file the program read.
   */
  typeCheck(project: VendoredProject): { diagnostics: string[]; files: string[] } {
    const { options } = this.compiler;
    const host = ts.createCompilerHost(options, true);
    const parse = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError) => {
      if (!fileName.includes("/node_modules/")) return parse(fileName, languageVersion, onError);
      let file = this.sourceFiles.get(fileName);
      if (!file) {
        file = parse(fileName, languageVersion, onError);
        if (file) this.sourceFiles.set(fileName, file);
      }
      return file;
    };
    const allowed = new Set(project.packages);
    const inProject = (file: string) => path.relative(project.dir, file).split(path.sep)[0] !== "node_modules" && !path.relative(project.dir, file).startsWith("..");
    host.resolveModuleNames = (names, containingFile, _reused, redirected, opts) =>
      names.map((name) => {
        if (inProject(containingFile) && !name.startsWith(".") && !name.startsWith("node:") && !allowed.has(packageName(name))) return undefined;
        return ts.resolveModuleName(name, containingFile, opts, host, this.resolutionCache, redirected).resolvedModule;
      });
    const program = ts.createProgram({ rootNames: [...project.files], options, host });
    const checked = project.checked.map((f) => program.getSourceFile(f) as ts.SourceFile);
    const all = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getSyntacticDiagnostics(), ...checked.flatMap((f) => program.getSemanticDiagnostics(f))];
    const diagnostics = all.map((d) => {
      const where = d.file ? `${path.relative(project.dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : "";
      return `${where}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    return { diagnostics, files: program.getSourceFiles().map((f) => path.resolve(f.fileName)) };
  }

  /**
   * Transpiles every .ts file of the project to CommonJS .js beside it
   * (types stripped, no check: typeCheck did that). A file copied into
   * several projects (lib/core into most) is transpiled once.
   */
  transpile(project: VendoredProject): void {
    const { module, target, esModuleInterop } = this.compiler.options;
    for (const file of project.files) {
      const source = readFileSync(file, "utf8");
      let js = this.transpiled.get(source);
      if (js === undefined) {
        js = ts.transpileModule(source, { compilerOptions: { module, target, esModuleInterop }, fileName: file }).outputText;
        this.transpiled.set(source, js);
      }
      writeFileSync(file.replace(/\.ts$/, ".js"), js);
    }
  }
}
