import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const APP = [join(ROOT, "bin", "app.js")];

function run(env: Record<string, string>) {
  return spawnSync(process.execPath, APP, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
}

describe("main.ts", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "arc-main-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("synthesizes the default topology into CDKTF_OUTDIR", () => {
    const r = run({ CDKTF_OUTDIR: dir, ARC_TOPOLOGY: "" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const tf = JSON.parse(readFileSync(join(dir, "stacks", "contoso-connectivity", "cdk.tf.json"), "utf8"));
    expect(Object.keys(tf.resource)).toContain("azurerm_arc_private_link_scope");
    expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).stacks["contoso-connectivity"]).toBeDefined();
  });

  it("writes HCL with SYNTH_HCL_OUTPUT=true", () => {
    const r = run({ CDKTF_OUTDIR: dir, SYNTH_HCL_OUTPUT: "true" });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "stacks", "contoso-connectivity", "cdk.tf"), "utf8")).toMatch(/resource "azurerm_arc_private_link_scope"/);
  });

  it("a synth in one format removes the other format's file an earlier synth left in a stack folder", () => {
    expect(run({ CDKTF_OUTDIR: dir, SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    expect(run({ CDKTF_OUTDIR: dir }).status).toBe(0);
    expect(readdirSync(join(dir, "stacks", "contoso-connectivity")).filter((f) => f.startsWith("cdk."))).toEqual(["cdk.tf.json"]);
    expect(run({ CDKTF_OUTDIR: dir, SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    expect(readdirSync(join(dir, "stacks", "contoso-connectivity")).filter((f) => f.startsWith("cdk."))).toEqual(["cdk.tf"]);
  });

  it("gateway topology: one stack per gateway, each with allowlist.txt beside its Terraform", () => {
    const r = run({ CDKTF_OUTDIR: dir, ARC_TOPOLOGY: join(ROOT, "examples", "arc-gateway.yaml") });
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, "stacks")).sort()).toEqual(["contoso-gw-gateway-east", "contoso-gw-gateway-lab", "contoso-gw-k8s-store42"]);
    expect(readdirSync(join(dir, "stacks", "contoso-gw-gateway-east")).sort()).toEqual(["allowlist.txt", "cdk.tf.json"]);
    expect(readFileSync(join(dir, "stacks", "contoso-gw-gateway-east", "allowlist.txt"), "utf8")).toMatch(/^eus\.his\.arc\.azure\.com +# Arc agent service \(regional\)/m);
  });

  it("warnings go to stderr and do not stop the synth", () => {
    const file = join(dir, "warn.yaml");
    writeFileSync(
      file,
      [
        "name: cc",
        "location: eastus",
        "onPremises: { addressSpace: [172.16.0.0/16], vpn: { gatewayAddress: 203.0.113.10 } }",
        "hub: { addressSpace: [10.0.0.0/22], gateway: { type: vpn } }",
        "arcGateways: [{ name: g1 }]",
        "",
      ].join("\n"),
    );
    const r = run({ CDKTF_OUTDIR: join(dir, "out"), ARC_TOPOLOGY: file });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^Warning: hub\.gateway: the Arc gateway preview did not support ExpressRoute or site-to-site VPN/);
    expect(readdirSync(join(dir, "out", "stacks")).sort()).toEqual(["cc-connectivity", "cc-gateway-g1"]);
  });

  it("a bad topology: one line per problem, exit 1, no stack trace, nothing written", () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "name: contoso\nlocation: westeurop\nonPremises: { addressSpace: [10.0.0.0/8] }\nhub: { addressSpace: [10.0.0.0/22] }\nspokes:\n  - { name: a, addressSpace: [10.1.0.0/24], dnslinks: true }\n");
    const out = join(dir, "out");
    const r = run({ CDKTF_OUTDIR: out, ARC_TOPOLOGY: file });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^Topology .*bad\.yaml is not valid:$/),
      '  location: must be an Azure region name (lower case, no spaces, as `az account list-locations` prints it); got "westeurop". Fix: did you mean "westeurope"?',
      '  spokes[0].dnslinks: unknown field (a typo is never ignored); allowed here: name, addressSpace, subnets, arcRules, dnsLinks. Fix: did you mean "dnsLinks"?',
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("a cross-field rule also stops the synth before anything is written", () => {
    const file = join(dir, "overlap.json");
    writeFileSync(file, JSON.stringify({ name: "cc", location: "westeurope", onPremises: { addressSpace: ["10.0.0.0/8"] }, hub: { addressSpace: ["10.0.0.0/22"] } }));
    const out = join(dir, "out");
    const r = run({ CDKTF_OUTDIR: out, ARC_TOPOLOGY: file });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/hub\.addressSpace\[0\]: overlaps onPremises\.addressSpace\[0\] \(10\.0\.0\.0\/8\)/);
    expect(existsSync(out)).toBe(false);
  });

  it("`npx cdktf synth` gives the same output as the app run directly", () => {
    const direct = join(dir, "direct");
    expect(run({ CDKTF_OUTDIR: direct }).status).toBe(0);
    const cli = join(dir, "cli");
    execFileSync(join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", cli], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" }, stdio: "pipe", timeout: 60_000 });
    for (const stack of readdirSync(join(direct, "stacks"))) {
      expect(readFileSync(join(cli, "stacks", stack, "cdk.tf.json"), "utf8")).toBe(readFileSync(join(direct, "stacks", stack, "cdk.tf.json"), "utf8"));
    }
  });

  it("`npx cdktf synth --hcl` succeeds and gives the same HCL as SYNTH_HCL_OUTPUT=true", () => {
    const direct = join(dir, "direct");
    expect(run({ CDKTF_OUTDIR: direct, SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    const cli = join(dir, "cli");
    // The CLI reads the metadata file beside cdk.tf (`["//"].metadata`); a wrong shape made it exit 1.
    execFileSync(join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--hcl", "--output", cli], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" }, stdio: "pipe", timeout: 60_000 });
    const stacks = readdirSync(join(direct, "stacks")).sort();
    expect(stacks).toEqual(["contoso-aks-approval-partner", "contoso-connectivity", "contoso-k8s-factory1"]);
    for (const stack of stacks) expect(readFileSync(join(cli, "stacks", stack, "cdk.tf"), "utf8")).toBe(readFileSync(join(direct, "stacks", stack, "cdk.tf"), "utf8"));
  });
});
