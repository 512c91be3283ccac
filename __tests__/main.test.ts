import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeUniqueId } from "cdktf/lib/private/unique";

const ROOT = join(__dirname, "..");
const APP = [join(ROOT, "bin", "app.js")];
const DEFAULT_STACKS = ["contoso-aks-approval-partner", "contoso-connectivity", "contoso-k8s-factory1"];
const SUB = "00000000-0000-0000-0000-000000000000";
const AZURERM = { source: "azurerm", version: "4.55.0" };
const AZAPI = { source: "azure/azapi", version: "2.12.0" };
const ARC_PROVIDERS = ["Microsoft.HybridCompute", "Microsoft.GuestConfiguration", "Microsoft.HybridConnectivity", "Microsoft.AzureArcData", "Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration", "Microsoft.ExtendedLocation"];
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
    "arc_private_link_scope_id",
    "conditional_forwarder_zones",
    "dns_resolver_inbound_ip",
    "hub_virtual_network_id",
    "onboarding_command_kubernetes",
    "onboarding_command_servers",
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
  "contoso-connectivity": { backend: { local: { path: "terraform.contoso-connectivity.tfstate" } }, required_providers: { azurerm: AZURERM } },
  "contoso-aks-approval-partner": { backend: { local: { path: "terraform.contoso-aks-approval-partner.tfstate" } }, required_providers: { azapi: AZAPI } },
  "contoso-k8s-factory1": {
    backend: { local: { path: "terraform.contoso-k8s-factory1.tfstate" } },
    required_providers: { azapi: AZAPI, azurerm: AZURERM, helm: { source: "helm", version: "3.1.1" }, kubernetes: { source: "kubernetes", version: "2.38.0" }, tls: { source: "hashicorp/tls", version: "4.1.0" } },
  },
};
/** The files of a stack folder. */
const files = (dir: string, stack: string) => readdirSync(join(dir, "stacks", stack)).sort();

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
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "stacks"]);
    expect(readdirSync(join(dir, "stacks")).sort()).toEqual(DEFAULT_STACKS);
    for (const stack of DEFAULT_STACKS) expect(files(dir, stack)).toEqual(["cdk.tf.json"]);
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
    expect(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))).toEqual({
      version: "0.21.0",
      stacks: {
        "contoso-connectivity": entry("contoso-connectivity", []),
        "contoso-aks-approval-partner": entry("contoso-aks-approval-partner", ["contoso-connectivity"]),
        "contoso-k8s-factory1": entry("contoso-k8s-factory1", ["contoso-connectivity"]),
      },
    });
    const json = (stack: string) => JSON.parse(readFileSync(join(dir, "stacks", stack, "cdk.tf.json"), "utf8"));
    const [approval, hub, k8s] = DEFAULT_STACKS.map(json);
    for (const [stack, tf] of [["contoso-aks-approval-partner", approval], ["contoso-connectivity", hub], ["contoso-k8s-factory1", k8s]] as const) {
      expect(tf["//"]).toEqual(cdktfMetadata(stack));
      expect(tf.terraform).toEqual(DEFAULT_TERRAFORM[stack]);
    }
    expect(hub.provider).toEqual({ azurerm: [{ features: [{}], subscription_id: SUB, resource_providers_to_register: ARC_PROVIDERS }] });
    expect(approval.provider).toEqual({ azapi: [{ subscription_id: "11111111-1111-1111-1111-111111111111", tenant_id: "22222222-2222-2222-2222-222222222222" }] });
    expect(k8s.provider).toEqual({
      azapi: [{ subscription_id: SUB }],
      azurerm: [{ features: [{}], subscription_id: SUB, resource_providers_to_register: ["Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration", "Microsoft.ExtendedLocation"] }],
      helm: [{ kubernetes: { config_path: "~/.kube/factory1.yaml", config_context: "factory1" } }],
      kubernetes: [{ config_path: "~/.kube/factory1.yaml", config_context: "factory1" }],
      tls: [{}],
    });
    expect(Object.keys(hub.resource).sort()).toEqual([
      "azurerm_arc_private_link_scope",
      "azurerm_kubernetes_cluster",
      "azurerm_local_network_gateway",
      "azurerm_monitor_private_link_scope",
      "azurerm_monitor_private_link_scoped_service",
      "azurerm_network_security_group",
      "azurerm_private_dns_a_record",
      "azurerm_private_dns_resolver",
      "azurerm_private_dns_resolver_inbound_endpoint",
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
    const keyRef = `\${tls_private_key.${makeUniqueId(["ArcAgents", "OnboardingKey"])}.private_key_pem}`;
    const k8sText = readFileSync(join(dir, "stacks", "contoso-k8s-factory1", "cdk.tf.json"), "utf8");
    expect(k8sText.split("private_key_pem").length - 1).toBe(1);
    expect(Object.values<Record<string, unknown>>(k8s.resource.helm_release).map((r) => r.set_sensitive)).toEqual([[{ name: "global.onboardingPrivateKey", value: keyRef }]]);
    expect(k8s.output).toEqual({
      connected_cluster_id: { value: `\${azapi_resource.${makeUniqueId(["ArcAgents", "ConnectedCluster"])}.id}`, description: "The Arc-enabled cluster (Microsoft.Kubernetes/connectedClusters)", sensitive: false },
      connectivity: { value: "private link", description: "How the agents reach Azure Arc", sensitive: false },
    });
  });

  it("writes HCL with SYNTH_HCL_OUTPUT=true", () => {
    const r = run({ CDKTF_OUTDIR: dir, SYNTH_HCL_OUTPUT: "true" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, "stacks")).sort()).toEqual(DEFAULT_STACKS);
    for (const stack of DEFAULT_STACKS) {
      expect(files(dir, stack)).toEqual(["cdk.tf", "metadata.json"]);
      // What the cdktf CLI reads beside cdk.tf: the `//` block and the terraform block.
      expect(JSON.parse(readFileSync(join(dir, "stacks", stack, "metadata.json"), "utf8"))).toEqual({ "//": cdktfMetadata(stack), terraform: DEFAULT_TERRAFORM[stack] });
    }
    const hcl = readFileSync(join(dir, "stacks", "contoso-connectivity", "cdk.tf"), "utf8");
    // The logical id is cdktf's for the construct path ArcPrivateLinkScope/Resource (computed, not copied: it changes only with the path).
    expect(hcl).toContain(
      [
        `resource "azurerm_arc_private_link_scope" "${makeUniqueId(["ArcPrivateLinkScope", "Resource"])}" {`,
        '  location                      = "westeurope"',
        '  name                          = "pls-contoso-arc"',
        "  public_network_access_enabled = false",
        "  resource_group_name           = azurerm_resource_group.ResourceGroup.name",
        "  tags = {",
        '    owner      = "platform"',
        '    costCenter = "4711"',
        "  }",
        "}",
      ].join("\n"),
    );
    expect(hcl.startsWith(['terraform {', '  backend "local" {', '    path = "terraform.contoso-connectivity.tfstate"', "  }", ""].join("\n"))).toBe(true);
  });

  it("a synth in one format removes the other format's files (cdk.tf, or cdk.tf.json and HCL's metadata.json) an earlier synth left in a stack folder", () => {
    const synthesized = () => Object.fromEntries(DEFAULT_STACKS.map((stack) => [stack, files(dir, stack)]));
    expect(run({ CDKTF_OUTDIR: dir, SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    expect(synthesized()).toEqual(Object.fromEntries(DEFAULT_STACKS.map((stack) => [stack, ["cdk.tf", "metadata.json"]])));
    expect(run({ CDKTF_OUTDIR: dir }).status).toBe(0);
    expect(synthesized()).toEqual(Object.fromEntries(DEFAULT_STACKS.map((stack) => [stack, ["cdk.tf.json"]])));
    expect(run({ CDKTF_OUTDIR: dir, SYNTH_HCL_OUTPUT: "true" }).status).toBe(0);
    expect(synthesized()).toEqual(Object.fromEntries(DEFAULT_STACKS.map((stack) => [stack, ["cdk.tf", "metadata.json"]])));
  });

  it("warns about stack folders of an earlier topology and leaves them (they may hold state)", () => {
    expect(run({ CDKTF_OUTDIR: dir }).status).toBe(0);
    writeFileSync(join(dir, "stacks", "contoso-k8s-factory1", "terraform.contoso-k8s-factory1.tfstate"), "{}");
    const r = run({ CDKTF_OUTDIR: dir, ARC_TOPOLOGY: join(ROOT, "examples", "expressroute-cloud.yaml") });
    expect(r.status).toBe(0);
    expect(r.stderr.split("\n").filter((l) => l.includes("earlier synth"))).toEqual(
      DEFAULT_STACKS.map((stack) => `Warning: ${join(dir, "stacks", stack)} is from an earlier synth and not a stack of this topology; it was left in place (it may hold local state). Destroy its resources from there, then remove the folder`),
    );
    expect(readdirSync(join(dir, "stacks")).sort()).toEqual([...DEFAULT_STACKS, "fabrikam-connectivity"].sort());
    expect(readFileSync(join(dir, "stacks", "contoso-k8s-factory1", "terraform.contoso-k8s-factory1.tfstate"), "utf8")).toBe("{}");
  });

  it("gateway topology: one stack per gateway, each with allowlist.txt beside its Terraform", () => {
    const r = run({ CDKTF_OUTDIR: dir, ARC_TOPOLOGY: join(ROOT, "examples", "arc-gateway.yaml") });
    expect(r.status).toBe(0);
    expect(readdirSync(join(dir, "stacks")).sort()).toEqual(["contoso-gw-gateway-east", "contoso-gw-gateway-lab", "contoso-gw-k8s-store42"]);
    expect(files(dir, "contoso-gw-gateway-east")).toEqual(["allowlist.txt", "cdk.tf.json"]);
    expect(files(dir, "contoso-gw-gateway-lab")).toEqual(["allowlist.txt", "cdk.tf.json"]);
    expect(files(dir, "contoso-gw-k8s-store42")).toEqual(["cdk.tf.json"]);
    // The cluster's stack is applied after its gateway's.
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
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
    expect(readFileSync(join(dir, "stacks", "contoso-gw-gateway-lab", "allowlist.txt"), "utf8")).toBe(
      [
        "# Azure Arc gateway contoso-gw-gateway-lab/ArcGateway: hosts for servers and clusters in eastus",
        "# Allow outbound HTTPS (443) to each host; the proxy must allow websockets and must not terminate TLS.",
        ...base,
        "",
      ].join("\n"),
    );
    // Gateway east (every scenario): the same base hosts, then the scenarios' (its full text is asserted in gateway.test.ts).
    const eastHosts = readFileSync(join(dir, "stacks", "contoso-gw-gateway-east", "allowlist.txt"), "utf8")
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
    const r = run({ CDKTF_OUTDIR: join(dir, "out"), ARC_TOPOLOGY: file });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'Warning: hub.gateway: the Arc gateway preview did not support ExpressRoute or site-to-site VPN together with the gateway (Microsoft Learn, "Simplify network configuration requirements with Azure Arc gateway"); later docs dropped the rule. Check the current Arc gateway limitations before relying on both\n',
    );
    expect(readdirSync(join(dir, "out", "stacks")).sort()).toEqual(["cc-connectivity", "cc-gateway-g1"]);
    expect(files(join(dir, "out"), "cc-connectivity")).toEqual(["cdk.tf.json"]);
    expect(files(join(dir, "out"), "cc-gateway-g1")).toEqual(["allowlist.txt", "cdk.tf.json"]);
  });

  it("a bad topology: one line per problem, exit 1, no stack trace, nothing written", () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "name: contoso\nlocation: westeurop\nonPremises: { addressSpace: [10.0.0.0/8] }\nhub: { addressSpace: [10.0.0.0/22] }\nspokes:\n  - { name: a, addressSpace: [10.1.0.0/24], dnslinks: true }\n");
    const out = join(dir, "out");
    const r = run({ CDKTF_OUTDIR: out, ARC_TOPOLOGY: file });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      `Topology ${file} is not valid:`,
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
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      [
        `Topology ${file} is not valid:`,
        '  hub.addressSpace[0]: overlaps onPremises.addressSpace[0] (10.0.0.0/8); hub, spokes and on-premises ranges must be disjoint for peering and routing; got "10.0.0.0/22". Fix: give each network its own range',
        "",
      ].join("\n"),
    );
    expect(existsSync(out)).toBe(false);
  });

  it("`npx cdktf synth` gives the same output as the app run directly", () => {
    const direct = join(dir, "direct");
    expect(run({ CDKTF_OUTDIR: direct }).status).toBe(0);
    const cli = join(dir, "cli");
    execFileSync(join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", cli], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" }, stdio: "pipe", timeout: 60_000 });
    const stacks = readdirSync(join(direct, "stacks")).sort();
    expect(stacks).toEqual(DEFAULT_STACKS);
    expect(readdirSync(join(cli, "stacks")).sort()).toEqual(DEFAULT_STACKS);
    for (const stack of stacks) {
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
