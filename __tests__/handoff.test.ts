/**
 * The hand-off on the command line (in-process, cli.ts `run`): the files
 * every synth writes into `<out>/handoff/`, how they follow the topology
 * across synths (the user's files there stay), and `arc-connectivity
 * handoff --outputs FILE` after apply, with its one-line errors.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../cli";
import { handoffFiles } from "../render";
import { afterApplyFiles, TerraformOutputs } from "../render/after-apply";
import { loadTopology } from "../topology/load";
import { planTopology } from "../topology/plan";
import { filesUnder } from "./support/files";

const ROOT = join(__dirname, "..");
const EXAMPLES = join(ROOT, "examples");
const FIXTURE = join(__dirname, "fixtures", "contoso-connectivity.outputs.json");
const DEFAULT_HANDOFF = ["README.md", "dns-forwarders.csv", "dns-forwarders.md", "dns-forwarders.named.conf", "dns-forwarders.ps1", "firewall.csv", "firewall.md", "servers.md"];
const AFTER_APPLY = ["hosts.windows.txt", "hosts.linux.txt", "dns-a-records.md", "dns-a-records.csv"];

function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ["INIT_CWD", "npm_package_json", "ARC_TOPOLOGY", "CDKTF_OUTDIR", "SYNTH_HCL_OUTPUT"]) delete env[k];
  return env;
}

/** `arc-connectivity <args>` run in `cwd`, in this process. */
function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const status = run(args, { env: cleanEnv(), io: { out: (t) => void out.push(t), err: (t) => void err.push(t) }, version: "0.0.0", defaultTopology: join(EXAMPLES, "private-link.yaml"), cwd });
  return { status, stdout: out.join(""), stderr: err.join("") };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "arc-handoff-"));
  // A project of its own: the topology files are named from here.
  writeFileSync(join(dir, "cdktf.json"), "{}");
  mkdirSync(join(dir, "topologies"));
  for (const f of ["private-link.yaml", "arc-gateway.yaml", "contoso-proxy-ca.pem"]) copyFileSync(join(EXAMPLES, f), join(dir, "topologies", f));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const handoffOf = (out: string) => filesUnder(join(dir, out, "handoff"));

describe("synth writes the hand-off files", () => {
  it("the default topology: the DNS and firewall files of its plan, naming the topology file from the project root; the resolver IP is the one the stack outputs", () => {
    mkdirSync(join(dir, "sub"));
    expect(cli(["synth", "../topologies/private-link.yaml", "--quiet"], join(dir, "sub")).status).toBe(0);
    expect(readdirSync(join(dir, "cdktf.out")).sort()).toEqual(expect.arrayContaining(["handoff", "manifest.json", "stacks"]));
    const files = handoffOf("cdktf.out");
    expect(Object.keys(files).sort()).toEqual(DEFAULT_HANDOFF);
    const plan = planTopology(loadTopology(join(dir, "topologies", "private-link.yaml")));
    expect(files).toEqual(handoffFiles(plan, { topologyFile: "topologies/private-link.yaml" }));
    const tf = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "contoso-connectivity", "cdk.tf.json"), "utf8"));
    expect(files["dns-forwarders.ps1"]).toContain(`-MasterServers ${tf.output.dns_resolver_inbound_ip.value}\n`);
    expect(tf.output.conditional_forwarder_zones.value).toEqual(files["dns-forwarders.csv"].trimEnd().split("\n").slice(1).map((l) => l.split(",")[0]));
  });

  it("the gateway example: the firewall files only, each gateway's hosts those of its allowlist.txt", () => {
    expect(cli(["synth", "topologies/arc-gateway.yaml", "--quiet", "--out", "gw"], dir).status).toBe(0);
    const files = handoffOf("gw");
    expect(Object.keys(files).sort()).toEqual(["README.md", "firewall.csv", "firewall.md"]);
    for (const stack of ["contoso-gw-gateway-east", "contoso-gw-gateway-lab"]) {
      const allowlist = readFileSync(join(dir, "gw", "stacks", stack, "allowlist.txt"), "utf8").split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(/\s+/)[0]);
      const rows = files["firewall.csv"].split("\n").filter((l) => l.startsWith(`gateway-allowlist,${stack},`)).map((l) => l.split(",")[3]);
      expect(rows).toEqual(allowlist);
    }
  });

  it("another topology, or --stack: the app's files follow the plan, the user's files in handoff/ stay", () => {
    expect(cli(["synth", "topologies/private-link.yaml", "--quiet"], dir).status).toBe(0);
    mkdirSync(join(dir, "cdktf.out", "handoff", "after-apply"));
    writeFileSync(join(dir, "cdktf.out", "handoff", "after-apply", "hosts.linux.txt"), "10.0.0.4 gbl.his.arc.azure.com\n");
    writeFileSync(join(dir, "cdktf.out", "handoff", "dns-forwarders.md"), "edited");
    expect(cli(["synth", "topologies/arc-gateway.yaml", "--quiet"], dir).status).toBe(0);
    expect(Object.keys(handoffOf("cdktf.out")).sort()).toEqual(["README.md", "after-apply/hosts.linux.txt", "firewall.csv", "firewall.md"]);
    expect(cli(["synth", "topologies/private-link.yaml", "--quiet", "--stack", "contoso-k8s-factory1"], dir).status).toBe(0);
    const files = handoffOf("cdktf.out");
    expect(Object.keys(files).sort()).toEqual([...DEFAULT_HANDOFF.slice(0, 1), "after-apply/hosts.linux.txt", ...DEFAULT_HANDOFF.slice(1)]);
    expect(files["dns-forwarders.md"]).toContain("# DNS: conditional forwarders");
    expect(files["after-apply/hosts.linux.txt"]).toBe("10.0.0.4 gbl.his.arc.azure.com\n");
  });
});

describe("arc-connectivity handoff --outputs FILE", () => {
  const outputsFile = () => {
    copyFileSync(FIXTURE, join(dir, "outputs.json"));
    return "outputs.json";
  };
  const expectedFiles = () =>
    afterApplyFiles(planTopology(loadTopology(join(dir, "topologies", "private-link.yaml"))), JSON.parse(readFileSync(FIXTURE, "utf8")) as TerraformOutputs, { topologyFile: "topologies/private-link.yaml", outputsFile: "outputs.json" });

  it("prints the hosts-file lines and the A records, one file after another", () => {
    const r = cli(["handoff", "--outputs", outputsFile(), "topologies/private-link.yaml"], dir);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const expected = expectedFiles();
    expect(Object.keys(expected)).toEqual(AFTER_APPLY);
    expect(r.stdout).toBe(AFTER_APPLY.map((f) => `==> ${f} <==\n${expected[f]}`).join("\n"));
    expect(r.stdout).toContain("\n10.0.0.4 gbl.his.arc.azure.com\n");
    expect(readdirSync(dir).sort()).toEqual(["cdktf.json", "outputs.json", "topologies"]);
  });

  it("--out DIR: writes the files there and says so", () => {
    const r = cli(["handoff", "topologies/private-link.yaml", "--outputs", outputsFile(), "--out", "after-apply"], dir);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toBe(`Topology: topologies/private-link.yaml\nWrote 4 files to after-apply: ${AFTER_APPLY.join(", ")}\n`);
    expect(filesUnder(join(dir, "after-apply"))).toEqual(expectedFiles());
  });

  it("a missing file, not JSON, another stack's outputs, another topology's, a topology without a hub, an --out that is a file: one line each, exit 1, nothing written", () => {
    const FIX = "Fix: run terraform output -json > FILE in the connectivity stack's folder (cdktf.out/stacks/<name>-connectivity) after terraform apply, and name that FILE";
    const failing = (args: string[], line: string) => {
      const r = cli(["handoff", ...args], dir);
      expect([r.status, r.stdout, r.stderr]).toEqual([1, "", `The command's arguments are not valid:\n  ${line}\n`]);
    };
    failing(["--outputs", "missing.json", "topologies/private-link.yaml"], `--outputs: does not exist; got "missing.json". ${FIX}`);
    failing(["--outputs", "topologies", "topologies/private-link.yaml"], `--outputs: is a folder; got "topologies". ${FIX}`);
    writeFileSync(join(dir, "plan.txt"), "No outputs found.");
    failing(["--outputs", "plan.txt", "topologies/private-link.yaml"], `--outputs: is not JSON; got "plan.txt". ${FIX}`);
    writeFileSync(join(dir, "gw.json"), JSON.stringify({ arc_gateway_id: { sensitive: false, type: "string", value: "x" } }));
    failing(
      ["--outputs", "gw.json", "topologies/private-link.yaml"],
      `--outputs: is not the outputs of a connectivity stack: it has no resource_group_name, hub_virtual_network_id, conditional_forwarder_zones (it has arc_gateway_id); got "gw.json". Fix: run terraform output -json > FILE in the connectivity stack's folder (cdktf.out/stacks/contoso-connectivity) after terraform apply, and name that FILE`,
    );
    const other = JSON.parse(readFileSync(FIXTURE, "utf8"));
    other.resource_group_name.value = "rg-other";
    writeFileSync(join(dir, "other.json"), JSON.stringify(other));
    failing(
      ["--outputs", "other.json", "topologies/private-link.yaml"],
      `--outputs: come from another topology's stack: resource_group_name is not rg-contoso-connectivity (stack contoso-connectivity); got "rg-other". Fix: name the topology file the stack was synthesized from (TOPOLOGY), or the outputs of its stack`,
    );
    failing(
      ["--outputs", outputsFile(), "topologies/arc-gateway.yaml"],
      `TOPOLOGY: has no hub, so no connectivity stack whose outputs give hosts-file lines and A records; got "topologies/arc-gateway.yaml". Fix: name the topology file with the hub (handoff reads the outputs of its <name>-connectivity stack)`,
    );
    writeFileSync(join(dir, "taken"), "");
    failing(["--outputs", "outputs.json", "topologies/private-link.yaml", "--out", "taken"], `--out: is a file, not a folder; got "taken". Fix: name a folder (it is created when missing)`);
    expect(readdirSync(dir).sort()).toEqual(["cdktf.json", "gw.json", "other.json", "outputs.json", "plan.txt", "taken", "topologies"]);
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
  });

  it("without --outputs, or with an option where the file belongs: a usage error (exit 2)", () => {
    const missing = cli(["handoff"], dir);
    expect([missing.status, missing.stdout]).toEqual([2, ""]);
    expect(missing.stderr.split("\n").slice(0, 2)).toEqual(["error: required option '--outputs <FILE>' not specified", "Usage: arc-connectivity handoff [options] [TOPOLOGY]"]);
    const option = cli(["handoff", "--outputs", "--out", "x"], dir);
    expect(option.status).toBe(2);
    expect(option.stderr.split("\n")[0]).toBe(`error: option '--outputs <FILE>' argument '--out' is invalid. expected a file, got the option --out. Fix: give the value after the option (a file whose name starts with "-" is written ./--out)`);
    const help = cli(["handoff", "--help"], dir);
    expect([help.status, help.stdout.split("\n")[0]]).toEqual([0, "Usage: arc-connectivity handoff [options] [TOPOLOGY]"]);
    expect(cli(["--help"], dir).stdout).toContain("handoff [options] [TOPOLOGY]");
  });
});
