/**
 * The npm package as a user gets it: packed from a copy of the sources
 * (`npm pack` builds through `prepack`), installed offline into an empty
 * consumer project with the cdktf and constructs versions installed here
 * (__tests__/support/consumer.ts), then used: the README's program
 * synthesizes under plain `node` (compiled to CommonJS), `ts-node` (the
 * `cdktf init` default: type-checked, TypeScript's older module resolution,
 * so `typesVersions` must find the types) and `tsx`; the
 * `arc-connectivity` command synthesizes the embedded default topology
 * without loading a dev dependency.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ts from "typescript";
import { installConsumer, PACKAGE, Packed, packPackage, REPO } from "./support/consumer";

/** The README's program for the npm package (the `ts` block that imports `arc-private-connectivity/lib/arc`). */
const README_PROGRAM = (() => {
  const blocks = [...readFileSync(join(REPO, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const program = blocks.find((b) => b.includes(`from "${PACKAGE.name}/lib/arc"`) && b.includes("app.synth()"));
  if (program === undefined) throw new Error("README.md has no ts block that imports the package's lib/arc and synthesizes");
  return program;
})();

/** cdktf init's tsconfig.json (TypeScript template, cdktf 0.21): CommonJS, no moduleResolution, so node10 resolution. */
const CDKTF_INIT_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ["es2018"],
    module: "CommonJS",
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: "ES2018",
    incremental: true,
    skipLibCheck: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

/** Fails any `require` of a dev dependency (the command must run without them). */
const FORBID_DEV_DEPENDENCIES = `
const Module = require("node:module");
const load = Module._load;
const dev = ${JSON.stringify(Object.keys(PACKAGE.devDependencies).filter((d) => !(d in PACKAGE.peerDependencies)))};
Module._load = function (request, ...rest) {
  if (dev.some((d) => request === d || request.startsWith(d + "/"))) throw new Error("a dev dependency was loaded at run time: " + request);
  return load.call(this, request, ...rest);
};
`;

let work: string;
let packed: Packed;
let consumer: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "arc-package-"));
  packed = packPackage(work);
  consumer = installConsumer(packed.tarball);
  writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify(CDKTF_INIT_TSCONFIG, null, 2));
  writeFileSync(join(consumer, "main.ts"), README_PROGRAM);
  const js = ts.transpileModule(README_PROGRAM, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  writeFileSync(join(consumer, "main.js"), js);
  writeFileSync(join(consumer, "forbid-dev-dependencies.js"), FORBID_DEV_DEPENDENCIES);
}, 180_000);

afterAll(() => {
  for (const folder of [work, consumer]) if (folder) rmSync(folder, { recursive: true, force: true });
});

const run = (args: readonly string[], env: NodeJS.ProcessEnv = {}): string =>
  execFileSync(args[0], args.slice(1), { cwd: consumer, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env } });

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;
const stackJson = (out: string, stack: string): Json => JSON.parse(readFileSync(join(consumer, out, "stacks", stack, "cdk.tf.json"), "utf8"));

/** What the README's program must have written: the scope (public access off), its endpoint, the three Arc zones linked to the hub. */
function expectReadmeStack(out: string): void {
  const json = stackJson(out, "connectivity");
  const [scope] = Object.values(json.resource.azurerm_arc_private_link_scope);
  expect(scope).toMatchObject({ name: "pls-contoso-arc", public_network_access_enabled: false, location: "westeurope" });
  const [endpoint] = Object.values(json.resource.azurerm_private_endpoint);
  expect(endpoint).toMatchObject({ private_service_connection: { subresource_names: ["hybridcompute"], is_manual_connection: false } });
  expect(Object.values(json.resource.azurerm_private_dns_zone).map((z) => z.name).sort()).toEqual([
    "privatelink.dp.kubernetesconfiguration.azure.com",
    "privatelink.guestconfiguration.azure.com",
    "privatelink.his.arc.azure.com",
  ]);
  expect(Object.keys(json.resource.azurerm_private_dns_zone_virtual_network_link)).toHaveLength(3);
}

const LIB_FOLDERS = Object.keys(PACKAGE.exports)
  .filter((k) => k.startsWith("./lib/"))
  .map((k) => k.slice(2));

describe("the npm package", () => {
  it("ships the build, the command, the examples and the schema; no tests, sources or scripts", () => {
    const unexpected = packed.files.filter(
      (f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && !/^(bin\/[a-z-]+\.js|examples\/[^/]+|schema\/topology\.schema\.json|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(packed.files.filter((f) => /__tests__|\.test\.|^scripts\/|^bench\//.test(f))).toEqual([]);
    expect(packed.files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "CHANGELOG.md", "dist/arc-connectivity.js", "bin/arc-connectivity.js", "examples/private-link.yaml"]));
    // The sources' layout, mirrored: the root, every construct folder, the stacks and the topology layer.
    for (const entry of ["dist", ...LIB_FOLDERS.map((l) => `dist/${l}`), "dist/stacks", "dist/topology"]) {
      expect(packed.files).toEqual(expect.arrayContaining([`${entry}/index.js`, `${entry}/index.d.ts`]));
    }
    expect(LIB_FOLDERS).toEqual(expect.arrayContaining(["lib/core", "lib/arc", "lib/arc-gateway", "lib/dns", "lib/hcl"]));
  });

  it("declares cdktf and constructs as peers, so the consumer's single copies are used", () => {
    const pkg = join(consumer, "node_modules", PACKAGE.name);
    for (const peer of ["cdktf", "constructs"]) {
      expect(require.resolve(`${peer}/package.json`, { paths: [pkg] })).toBe(join(consumer, "node_modules", peer, "package.json"));
    }
  });

  it("resolves every exports entry, with its types, from the consumer", () => {
    const pkg = JSON.parse(readFileSync(join(consumer, "node_modules", PACKAGE.name, "package.json"), "utf8"));
    for (const [entry, target] of Object.entries(pkg.exports as Record<string, string | { types: string; default: string }>)) {
      const specifier = entry === "." ? PACKAGE.name : `${PACKAGE.name}/${entry.slice(2)}`;
      const resolved = require.resolve(specifier, { paths: [consumer] });
      if (typeof target === "string") continue;
      expect(resolved).toBe(join(consumer, "node_modules", PACKAGE.name, target.default));
      expect(readFileSync(join(consumer, "node_modules", PACKAGE.name, target.types), "utf8")).toContain("export");
    }
  });

  it("synthesizes the README's program under plain node", () => {
    run([process.execPath, "main.js"], { CDKTF_OUTDIR: "out-node" });
    expectReadmeStack("out-node");
  });

  it("synthesizes it under ts-node (type-checked, cdktf init's tsconfig: typesVersions finds the types)", () => {
    run([join(consumer, "node_modules", ".bin", "ts-node"), "main.ts"], { CDKTF_OUTDIR: "out-ts-node" });
    expectReadmeStack("out-ts-node");
  });

  it("synthesizes it under tsx", () => {
    run([join(consumer, "node_modules", ".bin", "tsx"), "main.ts"], { CDKTF_OUTDIR: "out-tsx" });
    expectReadmeStack("out-tsx");
  });

  it("runs the arc-connectivity command without any dev dependency", () => {
    const out = run([join(consumer, "node_modules", ".bin", "arc-connectivity"), "synth", "--out", "out-cli"], { NODE_OPTIONS: `--require ${join(consumer, "forbid-dev-dependencies.js")}` });
    expect(out).toContain("(the embedded default: no topology file was named)");
    expect(out).toMatch(/Wrote 3 stacks to out-cli/);
    expect(Object.keys(stackJson("out-cli", "contoso-connectivity").resource)).toContain("azurerm_arc_private_link_scope");
    expect(run([join(consumer, "node_modules", ".bin", "arc-connectivity"), "--version"]).trim()).toBe(PACKAGE.version);
  });
});
