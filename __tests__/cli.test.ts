import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_NAME, run } from "../cli";
import { filesUnder } from "./support/files";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "bin", "arc-connectivity.js");
const DEFAULT_STACKS = ["contoso-aks-approval-partner", "contoso-connectivity", "contoso-k8s-factory1"];
const SUB = "00000000-0000-0000-0000-000000000000";
const AZURERM = { source: "azurerm", version: "4.55.0" };
const AZAPI = { source: "azure/azapi", version: "2.12.0" };
/** What the default hub registers, and only that (resource_provider_registrations = none): Network, the Arc ones, Insights for Monitor, ContainerService and ManagedIdentity for the AKS cluster. */
const HUB_PROVIDERS = [
  "Microsoft.AzureArcData",
  "Microsoft.ContainerService",
  "Microsoft.ExtendedLocation",
  "Microsoft.GuestConfiguration",
  "Microsoft.HybridCompute",
  "Microsoft.HybridConnectivity",
  "Microsoft.Insights",
  "Microsoft.Kubernetes",
  "Microsoft.KubernetesConfiguration",
  "Microsoft.ManagedIdentity",
  "Microsoft.Network",
];
/** Output names of each default stack, as cdktf's metadata lists them. */
const DEFAULT_OUTPUTS: Record<string, string[]> = {
  "contoso-connectivity": [
    "aks_approval_commands",
    "aks_clusters",
    "aks_private_endpoints",
    "arc_dns_check_hosts",
    "arc_private_endpoint_dns_record_sets",
    "arc_private_endpoint_id",
    "arc_private_endpoint_ip",
    "arc_private_link_machines",
    "arc_private_link_scope_id",
    "conditional_forwarder_zones",
    "dns_forwarding_rules",
    "dns_forwarding_ruleset_id",
    "dns_resolver_inbound_ip",
    "dns_resolver_outbound_subnet",
    "hub_virtual_network_id",
    "onboarding_checks_servers",
    "onboarding_command_kubernetes",
    "onboarding_command_servers",
    "onboarding_steps_servers",
    "resource_group_name",
  ],
  "contoso-aks-approval-partner": ["approved_connection_name"],
  "contoso-k8s-factory1": ["connected_cluster_id", "connectivity"],
};
/** The `//` block cdktf writes into each stack's JSON (and HCL metadata.json): local backend, the stack's outputs. */
const cdktfMetadata = (stack: string) => ({
  metadata: { backend: "local", stackName: stack, version: "0.21.0" },
  outputs: { [stack]: Object.fromEntries(DEFAULT_OUTPUTS[stack].map((o) => [o, o])) },
});
/** Each default stack's terraform block: its local state file and the providers it pins. */
const DEFAULT_TERRAFORM: Record<string, unknown> = {
  "contoso-connectivity": { backend: { local: { path: "../../../state/terraform.contoso-connectivity.tfstate" } }, required_providers: { azapi: AZAPI, azurerm: AZURERM } },
  "contoso-aks-approval-partner": { backend: { local: { path: "../../../state/terraform.contoso-aks-approval-partner.tfstate" } }, required_providers: { azapi: AZAPI } },
  "contoso-k8s-factory1": {
    backend: { local: { path: "../../../state/terraform.contoso-k8s-factory1.tfstate" } },
    required_providers: { azapi: AZAPI, azurerm: AZURERM, helm: { source: "helm", version: "3.1.1" }, kubernetes: { source: "kubernetes", version: "2.38.0" }, tls: { source: "hashicorp/tls", version: "4.1.0" } },
  },
};
/** The files of a stack folder. */
const files = (dir: string, stack: string) => readdirSync(join(dir, "stacks", stack)).sort();

/** The environment of a command: this process's, without what npm or the cdktf CLI set for jest itself. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ["INIT_CWD", "npm_package_json", "ARC_TOPOLOGY", "CDKTF_OUTDIR", "SYNTH_HCL_OUTPUT"]) delete env[k];
  return { ...env, ...extra };
}

/** Runs `arc-connectivity <args>` in `cwd` as a user would: the command's own process (bin/arc-connectivity.js). */
function spawnCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(env), encoding: "utf8", timeout: 60_000 });
}

const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;

/**
 * Runs the command line in this process (cli.ts `run`, what the binary runs
 * after loading), with `cwd` as the process's folder: the same exit code and
 * output as `spawnCli`, without a process start per call.
 */
function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const status = run(args, { env: cleanEnv(env), io: { out: (t) => void out.push(t), err: (t) => void err.push(t) }, version: VERSION, defaultTopology: join(ROOT, "examples", "private-link.yaml"), cwd });
  return { status, stdout: out.join(""), stderr: err.join("") };
}

describe("arc-connectivity synth: the default topology, formats, the cdktf CLI", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "arc-cli-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  /** The output folder of a synth run in `dir` without --out. */
  const out = () => join(dir, "cdktf.out");
  /** `synth` run in `dir`, as `arc-connectivity synth <args>`. */
  const synthIn = (env: Record<string, string>, args: string[] = []) => cli(["synth", ...args], dir, env);

  it("synthesizes the embedded default topology when none is named, says so, and reports each stack with its resource count and state (the command's own process)", () => {
    const r = spawnCli(["synth"], dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        `Topology: ${join(ROOT, "examples", "private-link.yaml")} (the embedded default: no topology file was named)`,
        "Wrote 3 stacks to cdktf.out (JSON, cdk.tf.json):",
        "  stack                         resources  state",
        "  contoso-connectivity          95         state/terraform.contoso-connectivity.tfstate",
        "  contoso-aks-approval-partner  1          state/terraform.contoso-aks-approval-partner.tfstate",
        "  contoso-k8s-factory1          4          state/terraform.contoso-k8s-factory1.tfstate",
        "",
      ].join("\n"),
    );
    // Only the output folder: the state folder is Terraform's to create.
    expect(readdirSync(dir)).toEqual(["cdktf.out"]);
    const resourceCount = (stack: string) => Object.values<Record<string, unknown>>(JSON.parse(readFileSync(join(out(), "stacks", stack, "cdk.tf.json"), "utf8")).resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(DEFAULT_STACKS.map(resourceCount)).toEqual([1, 95, 4]);
    expect(readdirSync(out()).sort()).toEqual(["handoff", "manifest.json", "stacks", "topology.md"]);
    expect(readdirSync(join(out(), "stacks")).sort()).toEqual(DEFAULT_STACKS);
    for (const stack of DEFAULT_STACKS) expect(files(out(), stack)).toEqual(["cdk.tf.json"]);
    // The approval and Kubernetes stacks are applied after the hub stack (cdktf deploy reads the dependencies here).
    const entry = (name: string, dependencies: string[]) => ({
      name,
      constructPath: name,
      annotations: [],
      dependencies,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
      stackMetadataPath: `stacks/${name}/metadata.json`,
    });
    expect(JSON.parse(readFileSync(join(out(), "manifest.json"), "utf8"))).toEqual({
      version: "0.21.0",
      stacks: {
        "contoso-connectivity": entry("contoso-connectivity", []),
        "contoso-aks-approval-partner": entry("contoso-aks-approval-partner", ["contoso-connectivity"]),
        "contoso-k8s-factory1": entry("contoso-k8s-factory1", ["contoso-connectivity"]),
      },
    });
    const json = (stack: string) => JSON.parse(readFileSync(join(out(), "stacks", stack, "cdk.tf.json"), "utf8"));
    const [approval, hub, k8s] = DEFAULT_STACKS.map(json);
    for (const [stack, tf] of [["contoso-aks-approval-partner", approval], ["contoso-connectivity", hub], ["contoso-k8s-factory1", k8s]] as const) {
      expect(tf["//"]).toEqual(cdktfMetadata(stack));
      expect(tf.terraform).toEqual(DEFAULT_TERRAFORM[stack]);
    }
    expect(hub.provider).toEqual({ azapi: [{ subscription_id: SUB }], azurerm: [{ features: [{}], subscription_id: SUB, resource_provider_registrations: "none", resource_providers_to_register: HUB_PROVIDERS }] });
    expect(approval.provider).toEqual({ azapi: [{ subscription_id: "11111111-1111-1111-1111-111111111111", tenant_id: "22222222-2222-2222-2222-222222222222" }] });
    expect(k8s.provider).toEqual({
      azapi: [{ subscription_id: SUB }],
      azurerm: [{ features: [{}], subscription_id: SUB, resource_provider_registrations: "none", resource_providers_to_register: ["Microsoft.ExtendedLocation", "Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration"] }],
      helm: [{ kubernetes: { config_path: "~/.kube/factory1.yaml", config_context: "factory1" } }],
      kubernetes: [{ config_path: "~/.kube/factory1.yaml", config_context: "factory1" }],
      tls: [{}],
    });
    expect(Object.keys(hub.resource).sort()).toEqual([
      "azapi_resource_action",
      "azapi_update_resource",
      "azurerm_arc_private_link_scope",
      "azurerm_kubernetes_cluster",
      "azurerm_local_network_gateway",
      "azurerm_monitor_private_link_scope",
      "azurerm_monitor_private_link_scoped_service",
      "azurerm_network_security_group",
      "azurerm_private_dns_a_record",
      "azurerm_private_dns_resolver",
      "azurerm_private_dns_resolver_dns_forwarding_ruleset",
      "azurerm_private_dns_resolver_forwarding_rule",
      "azurerm_private_dns_resolver_inbound_endpoint",
      "azurerm_private_dns_resolver_outbound_endpoint",
      "azurerm_private_dns_resolver_virtual_network_link",
      "azurerm_private_dns_zone",
      "azurerm_private_dns_zone_virtual_network_link",
      "azurerm_private_endpoint",
      "azurerm_public_ip",
      "azurerm_resource_group",
      "azurerm_role_assignment",
      "azurerm_subnet",
      "azurerm_subnet_network_security_group_association",
      "azurerm_user_assigned_identity",
      "azurerm_virtual_network",
      "azurerm_virtual_network_gateway",
      "azurerm_virtual_network_gateway_connection",
      "azurerm_virtual_network_peering",
    ]);
    // The onboarding private key is referenced exactly once in what Terraform applies: the release's set_sensitive (never an output or the values document).
    const keyRef = "${tls_private_key.arc_onboarding_key.private_key_pem}";
    const k8sText = readFileSync(join(out(), "stacks", "contoso-k8s-factory1", "cdk.tf.json"), "utf8");
    expect(k8sText.split("private_key_pem").length - 1).toBe(1);
    expect(Object.values<Record<string, unknown>>(k8s.resource.helm_release).map((r) => r.set_sensitive)).toEqual([[{ name: "global.onboardingPrivateKey", value: keyRef }]]);
    expect(k8s.output).toEqual({
      connected_cluster_id: { value: "${azapi_resource.arc_connected_cluster.id}", description: "The Arc-enabled cluster (Microsoft.Kubernetes/connectedClusters)", sensitive: false },
      connectivity: { value: "private link", description: "How the agents reach Azure Arc", sensitive: false },
    });
  });

  it("writes HCL with SYNTH_HCL_OUTPUT=true", () => {
    const r = synthIn({ CDKTF_OUTDIR: "cdktf.out", SYNTH_HCL_OUTPUT: "true" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[1]).toBe("Wrote 3 stacks to cdktf.out (HCL, cdk.tf):");
    // --hcl says the same.
    const flag = cli(["synth", "--hcl", "--out", "hcl"], dir);
    expect(flag.status).toBe(0);
    for (const stack of DEFAULT_STACKS) expect(readFileSync(join(dir, "hcl", "stacks", stack, "cdk.tf"), "utf8")).toBe(readFileSync(join(out(), "stacks", stack, "cdk.tf"), "utf8"));
    expect(readdirSync(join(out(), "stacks")).sort()).toEqual(DEFAULT_STACKS);
    for (const stack of DEFAULT_STACKS) {
      expect(files(out(), stack)).toEqual(["cdk.tf", "metadata.json"]);
      // What the cdktf CLI reads beside cdk.tf: the `//` block and the terraform block.
      expect(JSON.parse(readFileSync(join(out(), "stacks", stack, "metadata.json"), "utf8"))).toEqual({ "//": cdktfMetadata(stack), terraform: DEFAULT_TERRAFORM[stack] });
    }
    const hcl = readFileSync(join(out(), "stacks", "contoso-connectivity", "cdk.tf"), "utf8");
    // The scope's readable address (construct path Arc/Resource), written out: a changed address fails here.
    expect(hcl).toContain(
      [
        'resource "azurerm_arc_private_link_scope" "arc" {',
        '  location                      = "westeurope"',
        '  name                          = "pls-contoso-arc"',
        "  public_network_access_enabled = false",
        "  resource_group_name           = azurerm_resource_group.resource_group.name",
        "  tags = {",
        '    owner      = "platform"',
        '    costCenter = "4711"',
        "  }",
        "}",
      ].join("\n"),
    );
    expect(hcl.startsWith(['terraform {', '  backend "local" {', '    path = "../../../state/terraform.contoso-connectivity.tfstate"', "  }", ""].join("\n"))).toBe(true);
  });

  it("a synth in one format removes the other format's files (cdk.tf, or cdk.tf.json and HCL's metadata.json) an earlier synth left in a stack folder", () => {
    const synthesized = () => Object.fromEntries(DEFAULT_STACKS.map((stack) => [stack, files(out(), stack)]));
    expect(synthIn({ CDKTF_OUTDIR: "cdktf.out", SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    expect(synthesized()).toEqual(Object.fromEntries(DEFAULT_STACKS.map((stack) => [stack, ["cdk.tf", "metadata.json"]])));
    expect(synthIn({ CDKTF_OUTDIR: "cdktf.out" }).status).toBe(0);
    expect(synthesized()).toEqual(Object.fromEntries(DEFAULT_STACKS.map((stack) => [stack, ["cdk.tf.json"]])));
    expect(synthIn({ CDKTF_OUTDIR: "cdktf.out", SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    expect(synthesized()).toEqual(Object.fromEntries(DEFAULT_STACKS.map((stack) => [stack, ["cdk.tf", "metadata.json"]])));
  });

  it("gateway topology: one stack per gateway, each with allowlist.txt beside its Terraform", () => {
    const r = synthIn({ CDKTF_OUTDIR: "cdktf.out", ARC_TOPOLOGY: join(ROOT, "examples", "arc-gateway.yaml") });
    expect(r.status).toBe(0);
    expect(readdirSync(join(out(), "stacks")).sort()).toEqual(["contoso-gw-gateway-east", "contoso-gw-gateway-lab", "contoso-gw-k8s-store42"]);
    expect(files(out(), "contoso-gw-gateway-east")).toEqual(["allowlist.txt", "cdk.tf.json"]);
    expect(files(out(), "contoso-gw-gateway-lab")).toEqual(["allowlist.txt", "cdk.tf.json"]);
    expect(files(out(), "contoso-gw-k8s-store42")).toEqual(["cdk.tf.json"]);
    // The cluster's stack is applied after its gateway's.
    const manifest = JSON.parse(readFileSync(join(out(), "manifest.json"), "utf8"));
    expect(Object.fromEntries(Object.entries<{ dependencies: string[] }>(manifest.stacks).map(([k, v]) => [k, v.dependencies]))).toEqual({
      "contoso-gw-gateway-east": [],
      "contoso-gw-gateway-lab": [],
      "contoso-gw-k8s-store42": ["contoso-gw-gateway-east"],
    });
    const base = [
      "<prefix>.gw.arc.azure.com   # your Arc gateway (terraform output arc_gateway_endpoint) (servers, kubernetes)",
      "management.azure.com        # Azure Resource Manager control channel (servers, kubernetes)",
      "login.microsoftonline.com   # Microsoft Entra ID tokens (servers, kubernetes)",
      "eastus.login.microsoft.com  # Microsoft Entra ID tokens (regional) (servers, kubernetes)",
      "gbl.his.arc.azure.com       # Arc agent service (global) (servers, kubernetes)",
      "eus.his.arc.azure.com       # Arc agent service (regional) (servers, kubernetes)",
      "packages.microsoft.com      # Connected Machine agent packages (servers)",
      "download.microsoft.com      # Connected Machine agent downloads (servers)",
      "mcr.microsoft.com           # Arc agent container images (kubernetes)",
      "*.data.mcr.microsoft.com    # Arc agent container image layers (kubernetes)",
    ];
    expect(readFileSync(join(out(), "stacks", "contoso-gw-gateway-lab", "allowlist.txt"), "utf8")).toBe(
      [
        "# Azure Arc gateway contoso-gw-gateway-lab/ArcGateway: hosts for servers and clusters in eastus",
        "# Allow outbound HTTPS (443) to each host; the proxy must allow websockets and must not terminate TLS.",
        ...base,
        "",
      ].join("\n"),
    );
    // Gateway east (every scenario): the same base hosts, then the scenarios' (its full text is asserted in gateway.test.ts).
    const eastHosts = readFileSync(join(out(), "stacks", "contoso-gw-gateway-east", "allowlist.txt"), "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"))
      .map((l) => l.split(" ")[0]);
    expect(eastHosts).toEqual([
      ...base.map((l) => l.split(" ")[0]),
      "*.ods.opinsights.azure.com",
      "*.oms.opinsights.azure.com",
      "*.monitoring.azure.com",
      "kv-contoso-edge.vault.azure.net",
      "data.policy.core.windows.net",
      "store.policy.core.windows.net",
      "eastus.obo.arc.azure.com",
      "*.servicebus.windows.net",
      "guestnotificationservice.azure.com",
      "*.guestnotificationservice.azure.com",
    ]);
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
    const r = synthIn({ CDKTF_OUTDIR: join(dir, "out"), ARC_TOPOLOGY: file });
    expect(r.status).toBe(0);
    // The topology's warnings, then the policy pack's, grouped by rule (the hub's subnets have no NSG).
    expect(r.stderr.split("\n").map((l) => l.slice(0, 70))).toEqual([
      "Warning: hub.gateway: the Arc gateway preview did not support ExpressR",
      "Warning: ARC-006 a subnet without an NSG where Azure allows one (3): w",
      "  hub (cc-connectivity/Hub/EndpointSubnet): subnet snet-cc-endpoints h",
      "  hub (cc-connectivity/Hub/ResolverInboundSubnet): subnet snet-cc-dns-",
      "  hub (cc-connectivity/Hub/ResolverOutboundSubnet): subnet snet-cc-dns",
      "",
    ]);
    expect(readdirSync(join(dir, "out", "stacks")).sort()).toEqual(["cc-connectivity", "cc-gateway-g1"]);
    expect(files(join(dir, "out"), "cc-connectivity")).toEqual(["cdk.tf.json"]);
    expect(files(join(dir, "out"), "cc-gateway-g1")).toEqual(["allowlist.txt", "cdk.tf.json"]);
  });

  it("a bad topology: one line per problem, exit 1, no stack trace, nothing written", () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "name: contoso\nlocation: westeurop\nonPremises: { addressSpace: [10.0.0.0/8] }\nhub: { addressSpace: [10.0.0.0/22] }\nspokes:\n  - { name: a, addressSpace: [10.1.0.0/24], dnslinks: true }\n");
    const out = join(dir, "out");
    const r = synthIn({ CDKTF_OUTDIR: out, ARC_TOPOLOGY: file });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      "Topology bad.yaml is not valid:",
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
    const r = synthIn({ CDKTF_OUTDIR: out, ARC_TOPOLOGY: file });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        "Topology overlap.json is not valid:",
        '  hub.addressSpace[0]: overlaps onPremises.addressSpace[0] (10.0.0.0/8); hub, spokes and on-premises ranges must be disjoint for peering and routing; got "10.0.0.0/22". Fix: give each network its own range',
        "",
      ].join("\n"),
    );
    expect(existsSync(out)).toBe(false);
  });

  it("`npx cdktf synth` gives the same output as the app run directly", () => {
    // Both run in the repository (the cdktf CLI runs the app there), so the state paths match.
    const direct = join(dir, "direct");
    expect(cli(["synth"], ROOT, { CDKTF_OUTDIR: direct }).status).toBe(0);
    const viaCdktf = join(dir, "cli");
    execFileSync(join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", viaCdktf], { cwd: ROOT, env: cleanEnv({ CHECKPOINT_DISABLE: "1", CI: "true" }), stdio: "pipe", timeout: 60_000 });
    const stacks = readdirSync(join(direct, "stacks")).sort();
    expect(stacks).toEqual(DEFAULT_STACKS);
    expect(readdirSync(join(viaCdktf, "stacks")).sort()).toEqual(DEFAULT_STACKS);
    for (const stack of stacks) {
      expect(readFileSync(join(viaCdktf, "stacks", stack, "cdk.tf.json"), "utf8")).toBe(readFileSync(join(direct, "stacks", stack, "cdk.tf.json"), "utf8"));
    }
  });

  it("`npx cdktf synth --hcl` succeeds and gives the same HCL as SYNTH_HCL_OUTPUT=true", () => {
    const direct = join(dir, "direct");
    expect(cli(["synth", "--hcl"], ROOT, { CDKTF_OUTDIR: direct }).status).toBe(0);
    const viaCdktf = join(dir, "cli");
    // The CLI reads the metadata file beside cdk.tf (`["//"].metadata`); a wrong shape made it exit 1.
    execFileSync(join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--hcl", "--output", viaCdktf], { cwd: ROOT, env: cleanEnv({ CHECKPOINT_DISABLE: "1", CI: "true" }), stdio: "pipe", timeout: 60_000 });
    const stacks = readdirSync(join(direct, "stacks")).sort();
    expect(stacks).toEqual(["contoso-aks-approval-partner", "contoso-connectivity", "contoso-k8s-factory1"]);
    for (const stack of stacks) expect(readFileSync(join(viaCdktf, "stacks", stack, "cdk.tf"), "utf8")).toBe(readFileSync(join(direct, "stacks", stack, "cdk.tf"), "utf8"));
  });
});

describe("arc-connectivity: paths, stale folders, --stack, validate, list, usage", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "arc-cli-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const GATEWAY = join(ROOT, "examples", "arc-gateway.yaml");
  const GATEWAY_STACKS = ["contoso-gw-gateway-east", "contoso-gw-gateway-lab", "contoso-gw-k8s-store42"];
  /** Every file under a folder with its content: what a command must not change. */
  const snapshotOf = filesUnder;

  it("a named topology is read relative to the folder the command runs in, and is always the one used", () => {
    copyFileSync(join(ROOT, "examples", "expressroute-cloud.yaml"), join(dir, "er.yaml"));
    const r = cli(["synth", "er.yaml"], dir, { ARC_TOPOLOGY: GATEWAY });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.split("\n")[0]).toBe("Topology: er.yaml");
    expect(readdirSync(join(dir, "cdktf.out", "stacks"))).toEqual(["fabrikam-connectivity"]);
  });

  it("ARC_TOPOLOGY and CDKTF_OUTDIR, relative, start in the folder the command runs in", () => {
    copyFileSync(join(ROOT, "examples", "expressroute-cloud.yaml"), join(dir, "er.yaml"));
    const r = cli(["synth"], dir, { ARC_TOPOLOGY: "er.yaml", CDKTF_OUTDIR: "build" });
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").slice(0, 2)).toEqual(["Topology: er.yaml (from ARC_TOPOLOGY)", "Wrote 1 stack to build (JSON, cdk.tf.json):"]);
    expect(readdirSync(join(dir, "build", "stacks"))).toEqual(["fabrikam-connectivity"]);
  });

  it("through npm (npm run synth -- FILE): npm runs in the package folder, and INIT_CWD names the user's", () => {
    const sub = join(dir, "sub");
    mkdirSync(sub);
    copyFileSync(join(ROOT, "examples", "expressroute-cloud.yaml"), join(sub, "er.yaml"));
    const r = cli(["synth", "er.yaml", "--out", "out", "--quiet"], ROOT, { INIT_CWD: sub, npm_package_json: join(ROOT, "package.json") });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "", ""]);
    expect(readdirSync(join(sub, "out", "stacks"))).toEqual(["fabrikam-connectivity"]);
    // A process a script started elsewhere inherits INIT_CWD: it is not believed outside the package folder.
    const elsewhere = cli(["list", "er.yaml"], sub, { INIT_CWD: dir, npm_package_json: join(ROOT, "package.json") });
    expect([elsewhere.status, elsewhere.stdout.split("\n")[0]]).toEqual([0, "Topology: er.yaml"]);
    expect(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).name).toBe(PACKAGE_NAME);
    // A project's own script (another package.json) keeps npm's rule: paths start in its package folder.
    writeFileSync(join(sub, "package.json"), JSON.stringify({ name: "consumer", scripts: { list: "arc-connectivity list er.yaml" } }));
    const consumer = cli(["list", "er.yaml"], sub, { INIT_CWD: dir, npm_package_json: join(sub, "package.json") });
    expect([consumer.status, consumer.stdout.split("\n")[0]]).toEqual([0, "Topology: er.yaml"]);
  });

  it("a misspelled ARC_ variable is reported, and the command says it uses the embedded default", () => {
    const r = cli(["list"], dir, { ARC_TOPLOGY: "my.yaml" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("Warning: environment variable ARC_TOPLOGY is not one the app reads (did you mean ARC_TOPOLOGY?)\n");
    expect(r.stdout.split("\n")[0]).toBe(`Topology: ${join(ROOT, "examples", "private-link.yaml")} (the embedded default: no topology file was named)`);
  });

  it("an output folder whose parent is missing is created (no stack trace)", () => {
    const r = cli(["synth", GATEWAY, "--out", "a/b/c", "--quiet"], dir);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(readdirSync(join(dir, "a", "b", "c", "stacks")).sort()).toEqual(GATEWAY_STACKS);
  });

  it("an output folder that is a file, or that holds the folder the command runs in, is refused before anything is written", () => {
    writeFileSync(join(dir, "taken"), "x");
    const file = cli(["synth", GATEWAY, "--out", "taken"], dir);
    expect([file.status, file.stdout]).toEqual([1, ""]);
    expect(file.stderr).toBe(`The command's arguments are not valid:\n  --out: is a file, not a folder; got ${join(dir, "taken")}. Fix: name a folder (it is created when missing)\n`);
    const here = cli(["synth", GATEWAY, "--out", "."], dir);
    expect([here.status, here.stdout]).toEqual([1, ""]);
    expect(here.stderr).toBe(`The command's arguments are not valid:\n  --out: would replace the folder the command runs in or the project root (${dir}), or a folder that holds them; got ${dir}. Fix: name a folder of its own, e.g. cdktf.out\n`);
    // Nor a folder that cannot be created because a file is where a folder of its path should be.
    const inside = cli(["synth", GATEWAY, "--out", "taken/sub/out"], dir);
    expect([inside.status, inside.stdout, inside.stderr]).toEqual([
      1,
      "",
      `The command's arguments are not valid:\n  --out: cannot be created: ${join(dir, "taken")} is a file, not a folder; got ${join(dir, "taken", "sub", "out")}. Fix: name a folder that is not inside a file\n`,
    ]);
    // A folder whose name starts with "-" is written with its path.
    expect(cli(["synth", GATEWAY, "--out", "./-out", "--quiet"], dir).status).toBe(0);
    expect(readdirSync(join(dir, "-out")).sort()).toEqual(["handoff", "manifest.json", "stacks", "topology.md"]);
    rmSync(join(dir, "-out"), { recursive: true });
    // A link to the folder the command runs in is that folder.
    symlinkSync(".", join(dir, "here"));
    const link = cli(["synth", GATEWAY, "--out", "here"], dir);
    expect([link.status, link.stderr]).toEqual([1, `The command's arguments are not valid:\n  --out: would replace the folder the command runs in or the project root (${dir}), or a folder that holds them; got ${dir}. Fix: name a folder of its own, e.g. cdktf.out\n`]);
    // Empty arguments ("$UNSET" in a script) are errors, not the defaults.
    const empty = cli(["synth", ""], dir);
    expect([empty.status, empty.stderr]).toEqual([1, `The command's arguments are not valid:\n  TOPOLOGY: is empty; got "". Fix: name a topology file, or leave the argument out for the embedded default\n`]);
    const emptyOut = cli(["synth", GATEWAY, "--out", ""], dir);
    expect([emptyOut.status, emptyOut.stderr]).toEqual([1, `The command's arguments are not valid:\n  --out: is empty; got "". Fix: name a folder, or leave --out out for cdktf.out in the project root\n`]);
    // A file-system error is one line, not a stack trace.
    const long = cli(["synth", GATEWAY, "--out", "x".repeat(300)], dir);
    expect(long.status).toBe(1);
    expect(long.stderr).toMatch(/^Cannot \w+ \S+: ENAMETOOLONG \(.*\)\. Fix: check that the folders exist and that you may write them; the output folder was left as it was, or is completed by the next synth\n$/);
    expect(readdirSync(dir).sort()).toEqual(["here", "taken"]);
  });

  it("a local state file inside the output folder is refused", () => {
    writeFileSync(join(dir, "t.yaml"), `${readFileSync(join(ROOT, "examples", "expressroute-cloud.yaml"), "utf8").replace(/^backend:[\s\S]*?(?=^\S)/m, "")}backend: { type: local, path: "out/{stack}.tfstate" }\n`);
    const r = cli(["synth", "t.yaml", "--out", "out"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `Topology t.yaml is not valid:\n  backend.path: the state file of stack fabrikam-connectivity would be ${join(dir, "out", "fabrikam-connectivity.tfstate")}, inside the output folder ${join(dir, "out")}, which every synth replaces; got "out/{stack}.tfstate". Fix: write the output elsewhere (--out) or set backend.path outside it\n`,
    );
    expect(readdirSync(dir)).toEqual(["t.yaml"]);
  });

  it("an output folder that is a link to the state folder is refused (the state would be replaced)", () => {
    mkdirSync(join(dir, "state"));
    symlinkSync("state", join(dir, "build"));
    const r = cli(["synth", GATEWAY, "--out", "build"], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `Topology ${GATEWAY} is not valid:\n  backend.path: the state file of stack contoso-gw-gateway-east would be ${join(dir, "state", "terraform.contoso-gw-gateway-east.tfstate")}, inside the output folder ${join(dir, "state")}, which every synth replaces; got the default state/terraform.contoso-gw-gateway-east.tfstate. Fix: write the output elsewhere (--out) or set backend.path outside it\n`,
    );
    expect(readdirSync(join(dir, "state"))).toEqual([]);
  });

  it("a stack no longer in the topology whose local state still exists keeps its folder; Terraform initialized with another backend is pointed at -migrate-state; files beside the stack folders stay", () => {
    expect(cli(["synth", GATEWAY, "--quiet"], dir).status).toBe(0);
    const stacks = join(dir, "cdktf.out", "stacks");
    mkdirSync(join(dir, "state"));
    writeFileSync(join(dir, "state", "terraform.contoso-gw-gateway-lab.tfstate"), '{"resources":[1]}');
    writeFileSync(join(stacks, "NOTES.md"), "mine");
    symlinkSync("contoso-gw-gateway-east", join(stacks, "east-link"));
    mkdirSync(join(stacks, "contoso-gw-gateway-east", ".terraform"));
    writeFileSync(join(stacks, "contoso-gw-gateway-east", ".terraform", "terraform.tfstate"), JSON.stringify({ version: 3, backend: { type: "local", config: { path: "terraform.contoso-gw-gateway-east.tfstate", workspace_dir: null } } }));
    copyFileSync(join(ROOT, "examples", "contoso-proxy-ca.pem"), join(dir, "contoso-proxy-ca.pem"));
    const gatewayEastOnly = join(dir, "east.yaml");
    writeFileSync(gatewayEastOnly, readFileSync(GATEWAY, "utf8").replace(/\n  - name: lab[\s\S]*?(?=\nkubernetes:)/, ""));
    const r = cli(["synth", "east.yaml"], dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      [
        `Warning: cdktf.out/stacks/contoso-gw-gateway-east was initialized with the local backend (path "terraform.contoso-gw-gateway-east.tfstate"), and its backend is now the local backend (path "../../../state/terraform.contoso-gw-gateway-east.tfstate"). Fix: run terraform init -migrate-state in cdktf.out/stacks/contoso-gw-gateway-east to copy the state there (see CHANGELOG.md)`,
        "Warning: cdktf.out/stacks/contoso-gw-gateway-lab is not a stack of this topology, and its state state/terraform.contoso-gw-gateway-lab.tfstate still exists; the folder was left in place. Destroy its resources from there (terraform destroy), then remove the folder and the state file",
        "",
      ].join("\n"),
    );
    expect(readdirSync(stacks).sort()).toEqual(["NOTES.md", "contoso-gw-gateway-east", "contoso-gw-gateway-lab", "contoso-gw-k8s-store42", "east-link"]);
    expect(readFileSync(join(stacks, "NOTES.md"), "utf8")).toBe("mine");
  });

  it("stack folders no longer in the topology: removed when they hold only synthesized files, else kept and reported; what the app did not write is carried into the new folders", () => {
    expect(cli(["synth", "--quiet"], dir).status).toBe(0);
    const stacks = join(dir, "cdktf.out", "stacks");
    // Terraform's and the user's files in a stack that stays, and in one that goes; an old-version state file.
    mkdirSync(join(stacks, "contoso-connectivity", ".terraform", "providers"), { recursive: true });
    writeFileSync(join(stacks, "contoso-connectivity", ".terraform", "providers", "p"), "plugin");
    writeFileSync(join(stacks, "contoso-connectivity", ".terraform.lock.hcl"), "lock");
    writeFileSync(join(stacks, "contoso-connectivity", "terraform.contoso-connectivity.tfstate"), "{}");
    writeFileSync(join(stacks, "contoso-k8s-factory1", "plan.out"), "plan");
    writeFileSync(join(dir, "cdktf.out", "NOTES.md"), "mine");
    const r = cli(["synth", "--quiet"], dir, { ARC_TOPOLOGY: GATEWAY });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        "Warning: cdktf.out/stacks/contoso-connectivity is not a stack of this topology and holds files the app did not write (.terraform, .terraform.lock.hcl, terraform.contoso-connectivity.tfstate); it was left in place. Destroy its resources from there if they are no longer wanted, then remove the folder",
        "Warning: cdktf.out/stacks/contoso-k8s-factory1 is not a stack of this topology and holds files the app did not write (plan.out); it was left in place. Destroy its resources from there if they are no longer wanted, then remove the folder",
        "",
      ].join("\n"),
    );
    expect(readdirSync(stacks).sort()).toEqual(["contoso-connectivity", "contoso-k8s-factory1", ...GATEWAY_STACKS].sort());
    expect(readdirSync(join(stacks, "contoso-connectivity")).sort()).toEqual([".terraform", ".terraform.lock.hcl", "cdk.tf.json", "terraform.contoso-connectivity.tfstate"]);
    expect(readFileSync(join(stacks, "contoso-connectivity", ".terraform", "providers", "p"), "utf8")).toBe("plugin");
    expect(readFileSync(join(dir, "cdktf.out", "NOTES.md"), "utf8")).toBe("mine");
    // The approval stack held only its cdk.tf.json: gone, and said so when not quiet.
    expect(existsSync(join(stacks, "contoso-aks-approval-partner"))).toBe(false);

    // Back to the default topology: the kept folders get their stacks again, with everything carried over, and the old state is pointed out.
    const again = cli(["synth"], dir);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe(
      "Warning: cdktf.out/stacks/contoso-connectivity/terraform.contoso-connectivity.tfstate is the state of an earlier version, which kept state in the stack folder; this stack's state is now state/terraform.contoso-connectivity.tfstate. Fix: run terraform init -migrate-state in cdktf.out/stacks/contoso-connectivity to move it (see CHANGELOG.md)\n",
    );
    expect(again.stdout.split("\n").filter((l) => l.startsWith("Removed"))).toEqual(GATEWAY_STACKS.map((s) => `Removed cdktf.out/stacks/${s}: not a stack of this topology, and it held only synthesized files`));
    expect(readdirSync(stacks).sort()).toEqual(DEFAULT_STACKS);
    expect(readdirSync(join(stacks, "contoso-connectivity")).sort()).toEqual([".terraform", ".terraform.lock.hcl", "cdk.tf.json", "terraform.contoso-connectivity.tfstate"]);
    expect(readdirSync(join(stacks, "contoso-k8s-factory1")).sort()).toEqual(["cdk.tf.json", "plan.out"]);
    expect(readdirSync(join(dir, "cdktf.out")).sort()).toEqual(["NOTES.md", "handoff", "manifest.json", "stacks", "topology.md"]);
    // The manifest is this synth's: the stacks of this topology only (cdktf deploy reads it).
    expect(Object.keys(JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8")).stacks).sort()).toEqual(DEFAULT_STACKS);
  });

  it("--stack writes only that stack's folder and leaves the others exactly as they were", () => {
    expect(cli(["synth", GATEWAY, "--quiet"], dir).status).toBe(0);
    const lab = join(dir, "cdktf.out", "stacks", "contoso-gw-gateway-lab");
    writeFileSync(join(lab, "cdk.tf.json"), "edited");
    const before = snapshotOf(join(dir, "cdktf.out", "stacks", "contoso-gw-k8s-store42"));
    const r = cli(["synth", GATEWAY, "--stack", "contoso-gw-gateway-east"], dir);
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").slice(1)).toEqual(["Wrote 1 stack to cdktf.out (JSON, cdk.tf.json):", "  stack                    resources  state", "  contoso-gw-gateway-east  12         state/terraform.contoso-gw-gateway-east.tfstate", ""]);
    expect(readFileSync(join(lab, "cdk.tf.json"), "utf8")).toBe("edited");
    // The manifest keeps the other stacks' entries; in an empty folder it lists only the stack written.
    expect(Object.keys(JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8")).stacks).sort()).toEqual(GATEWAY_STACKS);
    expect(cli(["synth", GATEWAY, "--stack", "contoso-gw-gateway-lab", "--out", "one", "--quiet"], dir).status).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, "one", "manifest.json"), "utf8")).stacks)).toEqual(["contoso-gw-gateway-lab"]);
    expect(readdirSync(join(dir, "one", "stacks"))).toEqual(["contoso-gw-gateway-lab"]);
    expect(snapshotOf(join(dir, "cdktf.out", "stacks", "contoso-gw-k8s-store42"))).toEqual(before);
    const unknown = cli(["synth", GATEWAY, "--stack", "east"], dir);
    expect([unknown.status, unknown.stdout]).toEqual([1, ""]);
    expect(unknown.stderr).toBe(
      `The command's arguments are not valid:\n  --stack: is not a stack of this topology; got "east". Fix: name one of ${GATEWAY_STACKS.join(", ")} (arc-connectivity list shows them)\n`,
    );
  });

  it("a bad topology leaves the previous output exactly as it was", () => {
    expect(cli(["synth", GATEWAY, "--quiet"], dir).status).toBe(0);
    const before = snapshotOf(join(dir, "cdktf.out"));
    writeFileSync(join(dir, "bad.yaml"), "name: Bad\n");
    const r = cli(["synth", "bad.yaml"], dir);
    expect(r.status).toBe(1);
    expect(snapshotOf(join(dir, "cdktf.out"))).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(["bad.yaml", "cdktf.out"]);
  });

  it("a synth killed at any moment leaves the previous output whole (or the new one, once swapped in); the next synth clears what it left", () => {
    expect(cli(["synth", GATEWAY, "--quiet"], dir).status).toBe(0);
    const old = snapshotOf(join(dir, "cdktf.out"));
    const reference = mkdtempSync(join(tmpdir(), "arc-cli-ref-"));
    try {
      expect(cli(["synth", "--quiet"], reference).status).toBe(0);
      const complete = snapshotOf(join(reference, "cdktf.out"));
      const outcomes = new Set<string>();
      for (const ms of [150, 400, 700, 1000, 1300]) {
        const r = spawnSync(process.execPath, [CLI, "synth", "--quiet"], { cwd: dir, env: cleanEnv({}), encoding: "utf8", timeout: ms, killSignal: "SIGKILL" });
        const now = JSON.stringify(snapshotOf(join(dir, "cdktf.out")));
        // The old output, the new one (the kill came after the swap), or a publish cut short, which its journal lets the next synth finish.
        const state = now === JSON.stringify(old) ? "old" : now === JSON.stringify(complete) ? "new" : existsSync(join(dir, ".cdktf.out.publish.json")) ? "journal" : "neither";
        expect({ ms, state }).toEqual({ ms, state: r.status === 0 ? "new" : expect.stringMatching(/^(old|new|journal)$/) });
        outcomes.add(r.status === 0 ? "done" : "killed");
        // Back to the old output for the next round.
        if (state !== "old") expect(cli(["synth", GATEWAY, "--quiet"], dir).status).toBe(0);
        expect(snapshotOf(join(dir, "cdktf.out"))).toEqual(old);
      }
      expect(outcomes.has("killed")).toBe(true);
      // The staging folders of killed synths hold only synthesized files: the next synth removes them.
      const next = cli(["synth", "--quiet"], dir);
      expect([next.status, next.stderr]).toEqual([0, ""]);
      expect(readdirSync(dir)).toEqual(["cdktf.out"]);
    } finally {
      rmSync(reference, { recursive: true, force: true });
    }
  });

  it("validate: every check, nothing written; exit 0 when valid, 1 with the problems when not", () => {
    const ok = cli(["validate", GATEWAY], dir);
    expect([ok.status, ok.stderr]).toEqual([0, ""]);
    expect(ok.stdout).toBe(`Topology: ${GATEWAY}\nValid: 3 stacks (${GATEWAY_STACKS.join(", ")})\n`);
    writeFileSync(join(dir, "bad.yaml"), "name: contoso\nlocation: westeurope\nhub: { addressSpace: [10.0.0.0/30] }\n");
    const bad = cli(["validate", "bad.yaml"], dir);
    expect([bad.status, bad.stdout]).toEqual([1, ""]);
    expect(bad.stderr.split("\n")[0]).toBe("Topology bad.yaml is not valid:");
    expect(readdirSync(dir)).toEqual(["bad.yaml"]);
    // CDKTF_OUTDIR is the output folder validate checks, as synth does: here it would hold the local state.
    const intoState = cli(["validate", GATEWAY], dir, { CDKTF_OUTDIR: "state" });
    expect([intoState.status, intoState.stdout]).toEqual([1, ""]);
    expect(intoState.stderr.split("\n")[1]).toMatch(/^  backend\.path: the state file of stack contoso-gw-gateway-east would be .*, inside the output folder .*state, which every synth replaces/);
  });

  it("list: the stacks in apply order, what each is applied after, and where its state lives", () => {
    const r = cli(["list", GATEWAY], dir);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toBe(
      [
        `Topology: ${GATEWAY}`,
        "  stack                    after                    state",
        "  contoso-gw-gateway-east  -                        state/terraform.contoso-gw-gateway-east.tfstate",
        "  contoso-gw-gateway-lab   -                        state/terraform.contoso-gw-gateway-lab.tfstate",
        "  contoso-gw-k8s-store42   contoso-gw-gateway-east  state/terraform.contoso-gw-k8s-store42.tfstate",
        "",
      ].join("\n"),
    );
    const cloud = cli(["list", join(ROOT, "examples", "expressroute-cloud.yaml")], dir);
    expect(cloud.stdout.split("\n")[2]).toBe("  fabrikam-connectivity  -      Terraform Cloud workspace fabrikam/fabrikam-arc-fabrikam-connectivity");
    const backendLine = (backend: string) => {
      writeFileSync(join(dir, "t.yaml"), `name: fab\nlocation: westeurope\nhub: { addressSpace: [10.0.0.0/22] }\nbackend: ${backend}\n`);
      const r = cli(["list", "t.yaml"], dir);
      expect([r.status, r.stderr]).toEqual([0, ""]);
      return r.stdout.split("\n")[2];
    };
    expect(backendLine("{ type: azurerm, storageAccountName: stfabtfstate, containerName: tfstate, keyPrefix: arc/prod/ }")).toBe("  fab-connectivity  -      Azure Storage blob stfabtfstate/tfstate/arc/prod/fab-connectivity.tfstate");
    expect(backendLine("{ type: cloud, organization: fab, workspacePrefix: arc-, project: Networking, hostname: tfe.fab.com }")).toBe("  fab-connectivity  -      Terraform Cloud workspace fab/arc-fab-connectivity (project Networking) on tfe.fab.com");
    expect(backendLine(`{ type: local, path: "/var/lib/arc/{stack}.tfstate" }`)).toBe("  fab-connectivity  -      /var/lib/arc/fab-connectivity.tfstate");
    expect(readdirSync(dir)).toEqual(["t.yaml"]);
  });

  it.each([
    [["synth", "--bogus"], "error: unknown option '--bogus'", "Usage: arc-connectivity synth [options] [TOPOLOGY]"],
    [["synth", "a.yaml", "b.yaml"], "error: too many arguments for 'synth'. Expected 1 argument but got 2.", "Usage: arc-connectivity synth [options] [TOPOLOGY]"],
    [["frob"], "error: unknown command 'frob'", "Usage: arc-connectivity [options] [command]"],
    [["list", "--stack", "x"], "error: unknown option '--stack'", "Usage: arc-connectivity list [options] [TOPOLOGY]"],
    // An option where a value belongs is not taken as the value (it wrote a folder named --quiet).
    [
      ["synth", "--out", "--quiet"],
      `error: option '-o, --out <DIR>' argument '--quiet' is invalid. expected a folder, got the option --quiet. Fix: give the value after the option (a folder whose name starts with "-" is written ./--quiet)`,
      "Usage: arc-connectivity synth [options] [TOPOLOGY]",
    ],
    [["synth", "-s", "--hcl"], "error: option '-s, --stack <NAME>' argument '--hcl' is invalid. expected a stack name, got the option --hcl. Fix: give the value after the option", "Usage: arc-connectivity synth [options] [TOPOLOGY]"],
    [["list", "-o", "-q"], `error: option '-o, --out <DIR>' argument '-q' is invalid. expected a folder, got the option -q. Fix: give the value after the option (a folder whose name starts with "-" is written ./-q)`, "Usage: arc-connectivity list [options] [TOPOLOGY]"],
  ])("usage error %j: exit 2, the error and the usage line, nothing written", (args, error, usage) => {
    const r = cli(args, dir);
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr.split("\n").slice(0, 2)).toEqual([error, usage]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("no command: exit 2 with the help (the command's own process)", () => {
    const r = spawnCli([], dir);
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr.split("\n").slice(0, 2)).toEqual(["error: a command is required", "Usage: arc-connectivity [options] [command]"]);
  });

  it("--help per command and --version: exit 0 on stdout", () => {
    for (const command of ["synth", "validate", "list", "diagram"]) {
      const r = cli([command, "--help"], dir);
      expect([r.status, r.stderr]).toEqual([0, ""]);
      expect(r.stdout.split("\n")[0]).toBe(`Usage: arc-connectivity ${command} [options] [TOPOLOGY]`);
    }
    expect(cli(["synth", "--help"], dir).stdout).toContain("--stack <NAME>");
    const v = cli(["--version"], dir);
    expect([v.status, v.stdout]).toEqual([0, `${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`]);
  });

  it("bin/app.js (earlier versions' command) is arc-connectivity synth", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "app.js"), GATEWAY, "--quiet"], { cwd: dir, env: cleanEnv({}), encoding: "utf8", timeout: 60_000 });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "", ""]);
    expect(readdirSync(join(dir, "cdktf.out", "stacks")).sort()).toEqual(GATEWAY_STACKS);
  });
});
