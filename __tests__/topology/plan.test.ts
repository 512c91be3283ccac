/**
 * The resolved plan (topology/plan.ts), without synth: the derivations that
 * were visible only in synthesized JSON (zones per feature, forwarders,
 * per-spoke DNS, AKS zone choice, manual approval, stacks and their
 * dependencies, backends), asserted exactly.
 */
import { armIdKey, shortHash } from "../../lib/core";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { planStacks, planTopology } from "../../topology/plan";
import { topologyWarnings } from "../../topology/rules";
import { stackNames } from "../../topology/facts";
import { Topology, TopologyInput } from "../../topology/schema";
import { exactly } from "../support/errors";
import { example, EXAMPLES, topology } from "../support/synth";

/** The construct id suffix of a target an association changes: `<rg>-<name>-<hash of the id>` (lower case). */
const stable = (armId: string) => `${armId.split("/")[4]}-${armId.split("/")[8]}`.toLowerCase() + `-${shortHash(armIdKey(armId))}`;
const ARC = ["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com"];
const ARC_FORWARDERS = ["his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com"];
const MONITOR = ["privatelink.monitor.azure.com", "privatelink.oms.opinsights.azure.com", "privatelink.ods.opinsights.azure.com", "privatelink.agentsvc.azure-automation.net", "privatelink.blob.core.windows.net"];
const SUB = "00000000-0000-0000-0000-000000000000";
const OTHER = "11111111-1111-1111-1111-111111111111";
const DNS_SUB = "22222222-2222-2222-2222-222222222222";
const id = (sub: string, rg: string, type: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`;
const cluster = (sub: string, name: string) => id(sub, "rg-aks", "Microsoft.ContainerService/managedClusters", name);
const fqdn = (region: string) => `aks-x-1a2b3c4d.6f1e2d3c-0000-4a5b-9c8d-112233445566.privatelink.${region}.azmk8s.io`;

describe("planTopology", () => {
  it("is plain data: no cdktf token, class or function survives a JSON round trip", () => {
    for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"))) {
      const plan = planTopology(example(file));
      expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
      expect(JSON.stringify(plan)).not.toMatch(/TfToken|\$\{/);
    }
  });

  it("its files import no cdktf, constructs or provider package directly (lib/ helpers come through lib's indexes)", () => {
    const folder = join(__dirname, "..", "..", "topology");
    const files = readdirSync(folder).filter((f) => f.endsWith(".ts"));
    expect(files.sort()).toEqual(["aks-rules.ts", "dns-rules.ts", "facts.ts", "index.ts", "kubernetes-rules.ts", "load.ts", "plan.ts", "rules.ts", "schema.ts", "suppressions.ts"]);
    for (const f of files) {
      const imports = [...readFileSync(join(folder, f), "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      expect({ f, bad: imports.filter((i) => /^(cdktf|constructs|@cdktf\/)/.test(i) || i.includes("/stacks/")) }).toEqual({ f, bad: [] });
    }
  });

  it("the default topology: its stacks in build order, with names, backends and dependencies", () => {
    const plan = planTopology(example("private-link.yaml"));
    expect(planStacks(plan).map((s) => [s.stackName, s.backend, s.dependsOn])).toEqual([
      ["contoso-connectivity", { type: "local", path: "../../../state/terraform.contoso-connectivity.tfstate", stateFile: "state/terraform.contoso-connectivity.tfstate" }, []],
      ["contoso-aks-approval-partner", { type: "local", path: "../../../state/terraform.contoso-aks-approval-partner.tfstate", stateFile: "state/terraform.contoso-aks-approval-partner.tfstate" }, ["contoso-connectivity"]],
      ["contoso-k8s-factory1", { type: "local", path: "../../../state/terraform.contoso-k8s-factory1.tfstate", stateFile: "state/terraform.contoso-k8s-factory1.tfstate" }, ["contoso-connectivity"]],
    ]);
    expect(plan.name).toBe("contoso");
    expect(plan.location).toBe("westeurope");
    expect(plan.warnings).toEqual([]);
  });

  it("the default topology's hub: zones per feature in order, forwarders, endpoints, per-spoke DNS and NSGs", () => {
    const hub = planTopology(example("private-link.yaml")).hub;
    expect(hub?.dns).toEqual({
      mode: "managed",
      zones: [...ARC, ...MONITOR.slice(0, 4), "privatelink.blob.core.windows.net", "privatelink.vaultcore.azure.net", "privatelink.azure-automation.net", "privatelink.northeurope.azmk8s.io", "privatelink.westeurope.azmk8s.io"],
      existingZoneIds: undefined,
      fallbackZones: ["privatelink.blob.core.windows.net"],
      toOnPremises: { servers: ["172.16.0.10", "172.16.0.11"], domains: ["corp.contoso.com.", "contoso.local."], linkedSpokes: ["k8s"], outboundSubnet: "10.0.0.112/28" },
      zoneProviders: [],
      forwarderZones: [
        ...ARC_FORWARDERS,
        "monitor.azure.com",
        "oms.opinsights.azure.com",
        "ods.opinsights.azure.com",
        "agentsvc.azure-automation.net",
        "blob.core.windows.net",
        "vault.azure.net",
        "vaultcore.azure.net",
        "azure-automation.net",
        "northeurope.azmk8s.io",
        "westeurope.azmk8s.io",
      ],
    });
    expect(hub?.privateLink?.endpoints.map((e) => [e.label, e.name, e.subresource, e.zones])).toEqual([
      ["keyvault-kv-contoso-arc", "pe-contoso-keyvault-kv-contoso-arc", "vault", ["privatelink.vaultcore.azure.net"]],
      ["blob-stcontososcripts", "pe-contoso-blob-stcontososcripts", "blob", ["privatelink.blob.core.windows.net"]],
      ["automation-aa-contoso", "pe-contoso-automation-aa-contoso", "DSCAndHybridWorker", ["privatelink.azure-automation.net"]],
    ]);
    expect(hub?.privateLink?.monitor).toEqual({ name: "ampls-contoso", ingestionAccessMode: "PrivateOnly", queryAccessMode: "PrivateOnly", linkedResourceIds: expect.any(Array), zones: MONITOR });
    expect(hub?.spokes.map((s) => [s.name, s.dns, s.arcRules, s.nsgName])).toEqual([
      ["servers", "resolver", "servers", "nsg-contoso-servers"],
      ["k8s", "links", "kubernetes", "nsg-contoso-k8s"],
      ["tools", "resolver", "none", undefined],
      ["aks", "resolver", "none", undefined],
    ]);
    expect(hub?.aksClusters.map((c) => [c.name, c.clusterName, c.spoke, c.subnet, c.privateDnsZone])).toEqual([["ops", "aks-contoso-ops", "aks", "nodes", { zoneName: "privatelink.westeurope.azmk8s.io" }]]);
    expect(hub?.onPremises).toEqual({ gatewayType: "Vpn", vpn: { gatewayAddress: "203.0.113.10", addressSpace: ["172.16.0.0/16"] }, expressRoute: undefined });
    expect(hub?.resourceGroup).toEqual({ name: "rg-contoso-connectivity", create: true });
  });

  describe("zones per feature", () => {
    const zones = (input: Partial<TopologyInput>) => planTopology(topology(input)).hub?.dns;
    it("private link alone: the Arc zones and their forwarders", () => {
      expect(zones({})).toMatchObject({ zones: ARC, forwarderZones: ARC_FORWARDERS });
    });
    it("with Monitor: its five zones after Arc's", () => {
      expect(zones({ privateLink: { monitor: {} } })?.zones).toEqual([...ARC, ...MONITOR]);
    });
    it("a service endpoint's zone once, however many endpoints use it", () => {
      const blob = (n: string) => ({ type: "blob" as const, resourceId: id(SUB, "rg", "Microsoft.Storage/storageAccounts", n) });
      expect(zones({ privateLink: { monitor: {}, endpoints: [blob("a"), blob("b")] } })?.zones).toEqual([...ARC, ...MONITOR]);
    });
    it("no private link and no AKS: no zones, no forwarders", () => {
      expect(zones({ privateLink: undefined })).toMatchObject({ zones: [], forwarderZones: [] });
    });
    it("AKS access: one zone per region with endpoints, in order, then clusters' custom zones", () => {
      const access = (name: string, region: string) => ({ name, clusterId: cluster(SUB, name), region, privateFqdn: fqdn(region) });
      const dns = zones({
        privateLink: undefined,
        spokes: [{ name: "aks", addressSpace: ["10.4.0.0/23"], arcRules: "none" as const }],
        aksPrivateAccess: [access("a", "northeurope"), access("b", "eastus"), access("c", "northeurope")],
        aksClusters: [{ name: "ops", spoke: "aks", serviceCidr: "10.100.0.0/16", subzone: "ops" }],
      });
      expect(dns?.zones).toEqual(["privatelink.northeurope.azmk8s.io", "privatelink.eastus.azmk8s.io", "ops.privatelink.westeurope.azmk8s.io"]);
      expect(dns?.forwarderZones).toEqual(["northeurope.azmk8s.io", "eastus.azmk8s.io", "westeurope.azmk8s.io"]);
    });
  });

  describe("per-spoke DNS", () => {
    const dns = (hub: Partial<TopologyInput["hub"]>, dnsLinks?: boolean) =>
      planTopology(topology({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" }, ...hub }, privateLink: undefined, spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], dnsLinks }] })).hub?.spokes[0].dns;
    it("zone links when the spoke asks for them, else the hub resolver, else Azure DNS", () => {
      expect(dns({}, true)).toBe("links");
      expect(dns({})).toBe("resolver");
      expect(dns({ dnsResolver: false })).toBe("azure");
    });
  });

  describe("manual approval of AKS endpoints", () => {
    const access = (sub: string, extra: Record<string, unknown> = {}) => ({ name: "team", clusterId: cluster(sub, "aks-team"), region: "westeurope", privateFqdn: fqdn("westeurope"), ...extra });
    const endpoint = (input: Partial<TopologyInput>) => planTopology(topology({ privateLink: undefined, ...input })).hub?.aksEndpoints[0];
    it("automatic in the topology's subscription (any casing) and when the topology names none", () => {
      expect(endpoint({ subscriptionId: SUB, aksPrivateAccess: [access(SUB)] })?.manualApproval).toBeUndefined();
      expect(endpoint({ subscriptionId: "ABCDEF01-2345-6789-ABCD-EF0123456789", aksPrivateAccess: [access("abcdef01-2345-6789-abcd-ef0123456789")] })?.manualApproval).toBeUndefined();
      expect(endpoint({ aksPrivateAccess: [access(OTHER)] })?.manualApproval).toBeUndefined();
    });
    it("manual in another subscription and across tenants, with the request message and the owner's commands", () => {
      const e = endpoint({ subscriptionId: SUB, aksPrivateAccess: [access(OTHER, { requestMessage: "hub ${x}" })] });
      expect(e?.manualApproval?.requestMessage).toBe("hub ${x}");
      expect(e?.manualApproval?.commands.approve).toContain(`/subscriptions/${OTHER}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-team/privateEndpointConnections/<connection-name>`);
      expect(e?.manualApproval?.commands.approve).toContain('"description":"Approved: pe-contoso-aks-team"');
      expect(endpoint({ aksPrivateAccess: [access(SUB, { crossTenant: true, requestMessage: "m" })] })?.manualApproval?.requestMessage).toBe("m");
    });
    it("an approval stack per entry with approval: the cluster's subscription, the owner's tenant, the hub's endpoint by its whole id", () => {
      const plan = planTopology(topology({ subscriptionId: SUB, privateLink: undefined, aksPrivateAccess: [access(OTHER, { requestMessage: "m", approval: { tenantId: DNS_SUB } })] }));
      expect(plan.approvals).toEqual([
        {
          stackName: "contoso-aks-approval-team",
          backend: { type: "local", path: "../../../state/terraform.contoso-aks-approval-team.tfstate", stateFile: "state/terraform.contoso-aks-approval-team.tfstate" },
          dependsOn: ["contoso-connectivity"],
          tags: {},
          name: "team",
          subscriptionId: OTHER,
          tenantId: DNS_SUB,
          clusterId: cluster(OTHER, "aks-team"),
          endpointResourceGroup: "rg-contoso-connectivity",
          endpointName: "pe-contoso-aks-team",
          endpointSubscriptionId: SUB,
          description: "Approved for contoso: pe-contoso-aks-team",
        },
      ]);
    });
  });

  it("existing zones: the topology's own subscription in another casing needs no aliased provider", () => {
    const own = "abcdef01-2345-6789-abcd-ef0123456789";
    const zoneIds = Object.fromEntries(ARC.map((z) => [z, id(own, "rg-dns", "Microsoft.Network/privateDnsZones", z)]));
    expect(planTopology(topology({ subscriptionId: own.toUpperCase(), privateLink: { dns: { mode: "existing", zoneIds } } })).hub?.dns.zoneProviders).toEqual([]);
    const upperZones = Object.fromEntries(ARC.map((z) => [z, id(own.toUpperCase(), "rg-dns", "Microsoft.Network/privateDnsZones", z)]));
    expect(planTopology(topology({ subscriptionId: own, privateLink: { dns: { mode: "existing", zoneIds: upperZones } } })).hub?.dns.zoneProviders).toEqual([]);
  });

  it("existing zones: the ids, and each subscription other than the topology's once, in lower case, for an aliased provider", () => {
    const zoneId = (sub: string, z: string) => id(sub, "rg-dns", "Microsoft.Network/privateDnsZones", z);
    const zoneIds = { [ARC[0]]: zoneId(DNS_SUB.toUpperCase(), ARC[0]), [ARC[1]]: zoneId(DNS_SUB, ARC[1]), [ARC[2]]: zoneId(SUB, ARC[2]) };
    const dns = planTopology(topology({ subscriptionId: SUB, privateLink: { dns: { mode: "existing", zoneIds } } })).hub?.dns;
    expect(dns?.existingZoneIds).toEqual(zoneIds);
    expect(dns?.zoneProviders).toEqual([{ subscriptionId: DNS_SUB, alias: `zones-${DNS_SUB}` }]);
    const unknownOwn = planTopology(topology({ privateLink: { dns: { mode: "existing", zoneIds } } })).hub?.dns;
    expect(unknownOwn?.zoneProviders.map((z) => z.subscriptionId)).toEqual([DNS_SUB, SUB]);
  });

  describe("local state: outside the output folder, written relative to each stack folder", () => {
    const hubBackend = (backend: TopologyInput["backend"], options = {}) => planTopology(topology({ backend }), options).hub?.backend;

    it("defaults to state/terraform.<stack>.tfstate at the project root, three folders up from cdktf.out/stacks/<stack>", () => {
      expect(hubBackend(undefined)).toEqual({ type: "local", path: "../../../state/terraform.contoso-connectivity.tfstate", stateFile: "state/terraform.contoso-connectivity.tfstate" });
    });

    it("backend.path with {stack}, each occurrence replaced, relative to the project root", () => {
      expect(hubBackend({ type: "local", path: "tf/{stack}/{stack}.tfstate" })).toEqual({ type: "local", path: "../../../tf/contoso-connectivity/contoso-connectivity.tfstate", stateFile: "tf/contoso-connectivity/contoso-connectivity.tfstate" });
    });

    it("an absolute path, and another output folder: the relative path follows the layout, not the machine", () => {
      expect(hubBackend({ type: "local", path: "/var/lib/arc/{stack}.tfstate" }, { projectRoot: "/home/me/net", outDir: "build/out" })).toEqual({
        type: "local",
        path: "../../../../../../../var/lib/arc/contoso-connectivity.tfstate",
        stateFile: "/var/lib/arc/contoso-connectivity.tfstate",
      });
      expect(hubBackend(undefined, { projectRoot: "/home/me/net", outDir: "/tmp/out" })).toEqual({ type: "local", path: "../../../../home/me/net/state/terraform.contoso-connectivity.tfstate", stateFile: "state/terraform.contoso-connectivity.tfstate" });
      // The same layout under another root gives the same output.
      expect(hubBackend(undefined, { projectRoot: "/a", outDir: "out" })).toEqual(hubBackend(undefined, { projectRoot: "/b/c", outDir: "out" }));
    });

    it("fails when a state file would be inside the output folder (the default with --out ., or a path under it)", () => {
      expect(() => hubBackend(undefined, { projectRoot: "/p", outDir: "." })).toThrow(
        exactly("backend.path: the state file of stack contoso-connectivity would be /p/state/terraform.contoso-connectivity.tfstate, inside the output folder /p, which every synth replaces; got the default state/terraform.contoso-connectivity.tfstate. Fix: write the output elsewhere (--out) or set backend.path outside it"),
      );
      expect(() => hubBackend({ type: "local", path: "cdktf.out/{stack}.tfstate" }, { projectRoot: "/p" })).toThrow(
        exactly('backend.path: the state file of stack contoso-connectivity would be /p/cdktf.out/contoso-connectivity.tfstate, inside the output folder /p/cdktf.out, which every synth replaces; got "cdktf.out/{stack}.tfstate". Fix: write the output elsewhere (--out) or set backend.path outside it'),
      );
      // Next to the output folder, with a name it starts with: outside.
      expect(hubBackend({ type: "local", path: "cdktf.out-state/{stack}.tfstate" }, { projectRoot: "/p" })).toMatchObject({ path: "../../../cdktf.out-state/contoso-connectivity.tfstate" });
    });
  });

  it("a Terraform Cloud backend: one workspace per stack with the prefix", () => {
    const plan = planTopology(topology({ backend: { type: "cloud", organization: "contoso", workspacePrefix: "arc-" } }));
    expect(plan.hub?.backend).toEqual({ type: "cloud", hostname: "app.terraform.io", organization: "contoso", workspace: "arc-contoso-connectivity" });
  });

  describe("remote state: a Terraform Cloud project, or one Azure Storage blob per stack", () => {
    /** Each stack of the default example (connectivity, an AKS approval, a Kubernetes cluster) with its backend. */
    const backends = (backend: Topology["backend"]) => planStacks(planTopology({ ...example("private-link.yaml"), backend })).map((s) => [s.stackName, s.backend]);

    it("azurerm: every stack's blob is <keyPrefix><stack>.tfstate in the one container, with the optional fields passed on", () => {
      const backend = { type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate", resourceGroupName: "rg-tfstate", subscriptionId: SUB, tenantId: OTHER, keyPrefix: "arc/prod/" } as const;
      const shared = { type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate", resourceGroupName: "rg-tfstate", subscriptionId: SUB, tenantId: OTHER };
      expect(backends(backend)).toStrictEqual([
        ["contoso-connectivity", { ...shared, key: "arc/prod/contoso-connectivity.tfstate" }],
        ["contoso-aks-approval-partner", { ...shared, key: "arc/prod/contoso-aks-approval-partner.tfstate" }],
        ["contoso-k8s-factory1", { ...shared, key: "arc/prod/contoso-k8s-factory1.tfstate" }],
      ]);
    });

    it("azurerm with the required fields only: keyPrefix defaults to \"\", and no optional field appears in the plan", () => {
      const plan = planTopology(topology({ backend: { type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate" } }));
      expect(plan.hub?.backend).toStrictEqual({ type: "azurerm", storageAccountName: "stcontosotfstate", containerName: "tfstate", key: "contoso-connectivity.tfstate" });
    });

    it("cloud with a project: every stack's workspace in that project", () => {
      expect(backends({ type: "cloud", organization: "contoso", workspacePrefix: "arc-", hostname: "tfe.contoso.com", project: "Arc connectivity" })).toStrictEqual([
        ["contoso-connectivity", { type: "cloud", hostname: "tfe.contoso.com", organization: "contoso", workspace: "arc-contoso-connectivity", project: "Arc connectivity" }],
        ["contoso-aks-approval-partner", { type: "cloud", hostname: "tfe.contoso.com", organization: "contoso", workspace: "arc-contoso-aks-approval-partner", project: "Arc connectivity" }],
        ["contoso-k8s-factory1", { type: "cloud", hostname: "tfe.contoso.com", organization: "contoso", workspace: "arc-contoso-k8s-factory1", project: "Arc connectivity" }],
      ]);
    });

    it("cloud without a project: the plan has no project (the organization's default project)", () => {
      expect(planTopology(topology({ backend: { type: "cloud", organization: "contoso" } })).hub?.backend).toStrictEqual({ type: "cloud", hostname: "app.terraform.io", organization: "contoso", workspace: "contoso-connectivity" });
    });

    it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml")))("stackNames (the schema's state key check) names the plan's stacks: %s", (file) => {
      const t = example(file);
      expect(stackNames(t).sort()).toEqual(planStacks(planTopology(t)).map((s) => s.stackName).sort());
    });
  });

  it("the gateway example: names, resource groups, scenarios (cluster connect added by a cluster that uses it), labels and keys, clusters after their gateway", () => {
    const plan = planTopology(example("arc-gateway.yaml"));
    expect(plan.hub).toBeUndefined();
    expect(plan.gateways.map((g) => [g.stackName, g.gatewayName, g.resourceGroup, g.scenarios, g.machines.map((m) => m.label), g.clusters.map((c) => [c.label, c.key])])).toEqual([
      [
        "contoso-gw-gateway-east",
        "arcgw-contoso-gw-east",
        { name: "rg-contoso-arc-gateway", create: true },
        ["containerInsights", "keyVault", "azurePolicy", "defender", "dataServices", "clusterConnect"],
        plan.gateways[0].machines.map((m) => stable(m.id)),
        [
          [stable(plan.gateways[0].clusters[0].id), "rg-arc-k8s/edge01"],
          [stable(plan.gateways[0].clusters[1].id), "rg-arc-k8s/edge02"],
        ],
      ],
      ["contoso-gw-gateway-lab", "arcgw-contoso-gw-lab", { name: "rg-lab-arc", create: false }, [], plan.gateways[1].machines.map((m) => stable(m.id)), []],
    ]);
    expect(plan.gateways.flatMap((g) => [...g.machines, ...g.clusters].map((x) => x.label.replace(/-[0-9a-f]{6}$/, "")))).toEqual(["rg-arc-servers-web01", "rg-arc-servers-sql01", "rg-arc-k8s-edge01", "rg-arc-k8s-edge02", "rg-lab-lab01"]);
    const [east] = plan.gateways;
    expect(east.allowlist.length).toBeGreaterThan(0);
    expect(new Set(east.allowlist.map((e) => e.host)).size).toBe(east.allowlist.length);
    // The per-kind lists are the full list's entries for that kind, in its order.
    expect(east.allowlistHosts.servers).toEqual(east.allowlist.filter((e) => e.for.includes("servers")).map((e) => e.host));
    expect(east.allowlistHosts.kubernetes).toEqual(east.allowlist.filter((e) => e.for.includes("kubernetes")).map((e) => e.host));
    expect(east.allowlistHosts.servers).toContain("download.microsoft.com");
    expect(east.allowlistHosts.servers).not.toContain("mcr.microsoft.com");
    expect(east.allowlistHosts.kubernetes).toContain("mcr.microsoft.com");
    expect(east.allowlistHosts.kubernetes).not.toContain("download.microsoft.com");
    expect(plan.kubernetes.map((k) => [k.stackName, k.dependsOn, k.connectivity])).toEqual([
      ["contoso-gw-k8s-store42", ["contoso-gw-gateway-east"], { type: "gateway", gateway: "east", subscriptionId: SUB, resourceGroupName: "rg-contoso-arc-gateway", gatewayName: "arcgw-contoso-gw-east" }],
    ]);
  });

  it("an AKS cluster's subnet as given, else its spoke's first", () => {
    const spoke = { name: "aks", addressSpace: ["10.4.0.0/23"], arcRules: "none" as const, subnets: [{ name: "first", addressPrefix: "10.4.0.0/24" }, { name: "nodes", addressPrefix: "10.4.1.0/24" }] };
    const plan = planTopology(topology({ privateLink: undefined, spokes: [spoke], aksClusters: [{ name: "a", spoke: "aks", subnet: "nodes", serviceCidr: "10.100.0.0/16" }, { name: "b", spoke: "aks", serviceCidr: "10.101.0.0/16" }] }));
    expect(plan.hub?.aksClusters.map((c) => [c.name, c.subnet])).toEqual([
      ["a", "nodes"],
      ["b", "first"],
    ]);
  });

  it("a Kubernetes cluster: its own location, else the topology's; through a gateway, the gateway's subscription, else the topology's", () => {
    const chart = { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" };
    const plan = planTopology(
      topology({
        hub: undefined,
        privateLink: undefined,
        spokes: [],
        onPremises: undefined,
        location: "eastus",
        subscriptionId: SUB,
        arcGateways: [{ name: "east" }, { name: "west", subscriptionId: OTHER }],
        kubernetes: {
          clusters: [
            { name: "c1", gateway: "east", location: "northeurope", serviceCidr: "10.43.0.0/16", chart },
            { name: "c2", gateway: "west", serviceCidr: "10.43.0.0/16", chart },
          ],
        },
      }),
    );
    expect(plan.kubernetes.map((k) => [k.name, k.location, k.connectivity.type === "gateway" ? k.connectivity.subscriptionId : undefined])).toEqual([
      ["c1", "northeurope", SUB],
      ["c2", "eastus", OTHER],
    ]);
  });

  describe("every field of a stack's plan, for the options the examples leave out", () => {
    const chart = { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" };
    /** The allowlist of a gateway in eastus with no scenario: every host, in order. */
    const BASE_HOSTS = ["<prefix>.gw.arc.azure.com", "management.azure.com", "login.microsoftonline.com", "eastus.login.microsoft.com", "gbl.his.arc.azure.com", "eus.his.arc.azure.com", "packages.microsoft.com", "download.microsoft.com", "mcr.microsoft.com", "*.data.mcr.microsoft.com"];
    const gatewayOnly = (extra: Partial<TopologyInput>) => topology({ hub: undefined, privateLink: undefined, spokes: [], onPremises: undefined, location: "eastus", ...extra });

    it("the hub: subscription, resource providers, an existing resource group, the hub network and its gateway SKU", () => {
      const hub = planTopology(topology({ subscriptionId: SUB, resourceGroup: { name: "rg-net", create: false }, hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn", sku: "VpnGw2AZ" }, dnsResolver: false }, spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], dnsLinks: true }] })).hub;
      expect(hub?.subscriptionId).toBe(SUB);
      expect(hub?.resourceProviders).toEqual([
        "Microsoft.AzureArcData",
        "Microsoft.ExtendedLocation",
        "Microsoft.GuestConfiguration",
        "Microsoft.HybridCompute",
        "Microsoft.HybridConnectivity",
        "Microsoft.Kubernetes",
        "Microsoft.KubernetesConfiguration",
        "Microsoft.Network",
      ]);
      expect(hub?.resourceGroup).toEqual({ name: "rg-net", create: false });
      expect(hub?.hub).toEqual({ name: "contoso", addressSpace: ["10.0.0.0/22"], gateway: { type: "Vpn", sku: "VpnGw2AZ" }, dnsResolver: false, endpointSubnet: "10.0.0.0/26", resolverInboundIp: undefined });
      // No resolver: no address for forwarders (the hub layout keeps its subnet free).
      expect(hub?.hub.resolverInboundIp).toBeUndefined();
      expect(hub?.onPremises).toEqual({ gatewayType: "Vpn", vpn: { gatewayAddress: "203.0.113.10", addressSpace: ["172.16.0.0/16"] }, expressRoute: undefined });
    });

    it("the hub registers Microsoft.Insights for a Monitor scope and the AKS providers for AKS clusters, each only then", () => {
      const full = planTopology(example("private-link.yaml")).hub!.resourceProviders;
      expect(full).toEqual(expect.arrayContaining(["Microsoft.Insights", "Microsoft.ContainerService", "Microsoft.ManagedIdentity", "Microsoft.HybridCompute", "Microsoft.Network"]));
      const t = example("private-link.yaml");
      const plain = planTopology({ ...t, aksClusters: [], aksPrivateAccess: [], privateLink: t.privateLink && { ...t.privateLink, monitor: undefined } }).hub!.resourceProviders;
      expect(full.filter((p) => !plain.includes(p))).toEqual(["Microsoft.ContainerService", "Microsoft.Insights", "Microsoft.ManagedIdentity"]);
    });

    it("the hub without private link registers Microsoft.Network only; without a gateway or on-premises link it has neither", () => {
      const hub = planTopology(topology({ privateLink: undefined, hub: { addressSpace: ["10.0.0.0/22"] }, onPremises: undefined })).hub;
      expect(hub?.resourceProviders).toEqual(["Microsoft.Network"]);
      expect(hub?.resourceGroup).toEqual({ name: "rg-contoso-connectivity", create: true });
      expect(hub?.hub).toEqual({ name: "contoso", addressSpace: ["10.0.0.0/22"], gateway: undefined, dnsResolver: true, endpointSubnet: "10.0.0.0/26", resolverInboundIp: "10.0.0.100" });
      expect(hub?.onPremises).toBeUndefined();
      expect(hub?.dns.mode).toBe("managed");
      // A gateway with on-premises ranges but neither VPN nor ExpressRoute: nothing to connect.
      const noLink = planTopology(topology({ onPremises: { addressSpace: ["172.16.0.0/16"] } })).hub;
      expect(noLink?.hub.gateway).toEqual({ type: "Vpn", sku: undefined });
      expect(noLink?.onPremises).toBeUndefined();
      // On-premises VPN but no hub gateway: nothing to connect either.
      expect(planTopology(topology({ hub: { addressSpace: ["10.0.0.0/22"] }, onPremises: { addressSpace: ["172.16.0.0/16"] } })).hub?.onPremises).toBeUndefined();
    });

    it("the hub with ExpressRoute: the circuit, no VPN", () => {
      const circuitId = id(SUB, "rg-er", "Microsoft.Network/expressRouteCircuits", "er-1");
      const hub = planTopology(topology({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "expressroute" } }, onPremises: { addressSpace: ["172.16.0.0/16"], expressRoute: { circuitId } } })).hub;
      expect(hub?.onPremises).toEqual({ gatewayType: "ExpressRoute", vpn: undefined, expressRoute: { circuitId } });
    });

    it("a gateway with nothing but a name: the topology's subscription and location, its own resource group, two resource providers, no proxy", () => {
      const [g] = planTopology(gatewayOnly({ subscriptionId: SUB, arcGateways: [{ name: "east", machines: [id(SUB, "rg-arc", "Microsoft.HybridCompute/machines", "web01")] }] })).gateways;
      expect(g).toEqual({
        stackName: "contoso-gateway-east",
        backend: { type: "local", path: "../../../state/terraform.contoso-gateway-east.tfstate", stateFile: "state/terraform.contoso-gateway-east.tfstate" },
        dependsOn: [],
        tags: {},
        name: "east",
        subscriptionId: SUB,
        resourceProviders: ["Microsoft.HybridCompute", "Microsoft.HybridConnectivity"],
        location: "eastus",
        resourceGroup: { name: "rg-contoso-arcgw-east", create: true },
        gatewayName: "arcgw-contoso-east",
        apiVersion: undefined,
        machines: [{ id: id(SUB, "rg-arc", "Microsoft.HybridCompute/machines", "web01"), label: stable(id(SUB, "rg-arc", "Microsoft.HybridCompute/machines", "web01")) }],
        clusters: [],
        region: "eastus",
        scenarios: [],
        allowlist: g.allowlist,
        allowlistHosts: {
          servers: BASE_HOSTS.filter((h) => !h.includes("mcr.microsoft.com")),
          kubernetes: BASE_HOSTS.filter((h) => !/(packages|download)\.microsoft\.com/.test(h)),
        },
        serverProxyUrl: undefined,
      });
      expect(g.allowlist.map((e) => e.host)).toEqual(BASE_HOSTS);
    });

    it("a gateway with clusters: the Kubernetes resource providers, each cluster's skip range (its own, else from its service range) and proxy", () => {
      const c1 = id(OTHER, "rg-k8s", "Microsoft.Kubernetes/connectedClusters", "edge01");
      const c2 = id(OTHER, "rg-k8s", "Microsoft.Kubernetes/connectedClusters", "edge02");
      const proxy = { https: "http://proxy.contoso.com:3128", skipRange: ["10.0.0.0/8", "kubernetes.default.svc", ".svc.cluster.local", ".svc"] };
      const [g] = planTopology(
        gatewayOnly({
          subscriptionId: SUB,
          arcGateways: [{ name: "east", subscriptionId: OTHER, location: "westus2", resourceGroup: { name: "rg-gw", create: false }, clusters: [{ id: c1, serviceCidr: "10.43.0.0/16", proxy }, { id: c2, serviceCidr: "10.44.0.0/16" }] }],
        }),
      ).gateways;
      expect([g.subscriptionId, g.location, g.region, g.resourceGroup, g.resourceProviders]).toEqual([OTHER, "westus2", "eastus", { name: "rg-gw", create: false }, ["Microsoft.HybridCompute", "Microsoft.HybridConnectivity", "Microsoft.Kubernetes"]]);
      expect(g.clusters).toEqual([
        { id: c1, label: stable(c1), key: "rg-k8s/edge01", subscriptionId: OTHER, resourceGroup: "rg-k8s", clusterName: "edge01", skipRange: ["10.0.0.0/8", "kubernetes.default.svc", ".svc.cluster.local", ".svc"], proxy: { https: proxy.https, http: undefined, certificateFile: undefined } },
        { id: c2, label: stable(c2), key: "rg-k8s/edge02", subscriptionId: OTHER, resourceGroup: "rg-k8s", clusterName: "edge02", skipRange: ["10.44.0.0/16", "kubernetes.default.svc", ".svc.cluster.local", ".svc"], proxy: undefined },
      ]);
    });

    it("a gateway's allowlist covers servers and clusters whatever the gateway lists", () => {
      const [g] = planTopology(gatewayOnly({ arcGateways: [{ name: "east" }] })).gateways;
      expect(g.allowlist.map((e) => e.host)).toEqual(BASE_HOSTS);
      expect(g.allowlistHosts.servers).toEqual(BASE_HOSTS.filter((h) => !h.includes("mcr.microsoft.com")));
      expect(g.allowlistHosts.kubernetes).toEqual(BASE_HOSTS.filter((h) => !/(packages|download)\.microsoft\.com/.test(h)));
    });

    it("a Kubernetes cluster through private link: an existing resource group, the scope by name, its proxy's no-proxy list", () => {
      const proxy = { https: "http://proxy.contoso.com:3128", skipRange: ["10.0.0.0/8", "kubernetes.default.svc", ".svc.cluster.local", ".svc"] };
      const plan = planTopology(
        topology({
          subscriptionId: SUB,
          kubernetes: {
            clusters: [
              { name: "c1", serviceCidr: "10.43.0.0/16", chart, resourceGroup: { name: "rg-k8s", create: false }, proxy },
              { name: "c2", serviceCidr: "10.44.0.0/16", chart, proxy: { https: "http://proxy.contoso.com:3128" } },
              { name: "c3", serviceCidr: "10.45.0.0/16", chart },
            ],
          },
        }),
      );
      const [c1, c2, c3] = plan.kubernetes;
      expect(plan.kubernetes).toHaveLength(3);
      expect([c1.subscriptionId, c1.location, c1.resourceGroup, c1.dependsOn]).toEqual([SUB, "westeurope", { name: "rg-k8s", create: false }, ["contoso-connectivity"]]);
      expect(c1.connectivity).toEqual({ type: "privateLink", resourceGroupName: "rg-contoso-connectivity", scopeName: "pls-contoso-arc" });
      expect(c1.proxy).toEqual({ https: proxy.https, http: undefined, noProxy: ["10.0.0.0/8", "kubernetes.default.svc", ".svc.cluster.local", ".svc"], certificatePem: undefined });
      expect(c2.resourceGroup.create).toBe(true);
      expect(c2.proxy?.noProxy).toEqual(["10.44.0.0/16", "kubernetes.default.svc", ".svc.cluster.local", ".svc"]);
      expect(c3.proxy).toBeUndefined();
    });

    it("an AKS endpoint without approval gives no approval stack; one with approval gives every field", () => {
      const tenantId = "33333333-3333-3333-3333-333333333333";
      const plan = planTopology(
        topology({
          subscriptionId: SUB,
          aksPrivateAccess: [
            { name: "mine", clusterId: cluster(SUB, "aks-mine"), privateFqdn: fqdn("northeurope"), region: "northeurope" },
            { name: "partner", clusterId: cluster(OTHER, "aks-partner"), privateFqdn: fqdn("northeurope"), region: "northeurope", requestMessage: "Arc hub contoso", approval: { tenantId } },
          ],
        }),
      );
      expect(plan.approvals).toEqual([
        {
          stackName: "contoso-aks-approval-partner",
          backend: { type: "local", path: "../../../state/terraform.contoso-aks-approval-partner.tfstate", stateFile: "state/terraform.contoso-aks-approval-partner.tfstate" },
          dependsOn: ["contoso-connectivity"],
          tags: {},
          name: "partner",
          subscriptionId: OTHER,
          tenantId,
          clusterId: cluster(OTHER, "aks-partner"),
          endpointResourceGroup: "rg-contoso-connectivity",
          endpointName: "pe-contoso-aks-partner",
          endpointSubscriptionId: SUB,
          description: "Approved for contoso: pe-contoso-aks-partner",
        },
      ]);
    });
  });

  it("Azure Monitor: the ingestion and query access modes each from their own field", () => {
    const monitor = planTopology(topology({ privateLink: { monitor: { ingestionAccessMode: "PrivateOnly", queryAccessMode: "Open" } } })).hub?.privateLink?.monitor;
    expect([monitor?.name, monitor?.ingestionAccessMode, monitor?.queryAccessMode]).toEqual(["ampls-contoso", "PrivateOnly", "Open"]);
    const reverse = planTopology(topology({ privateLink: { monitor: { ingestionAccessMode: "Open", queryAccessMode: "PrivateOnly" } } })).hub?.privateLink?.monitor;
    expect([reverse?.ingestionAccessMode, reverse?.queryAccessMode]).toEqual(["Open", "PrivateOnly"]);
  });

  it("stackNames (the rules' list of stacks) is the plan's, also for AKS endpoints without approval", () => {
    const withAndWithout = topology({
      subscriptionId: SUB,
      aksPrivateAccess: [
        { name: "mine", clusterId: cluster(SUB, "aks-mine"), privateFqdn: fqdn("northeurope"), region: "northeurope" },
        { name: "partner", clusterId: cluster(OTHER, "aks-partner"), privateFqdn: fqdn("northeurope"), region: "northeurope", requestMessage: "m", approval: { tenantId: DNS_SUB } },
      ],
    });
    for (const t of [withAndWithout, ...["private-link.yaml", "arc-gateway.yaml", "expressroute-cloud.yaml", "policy-dns.yaml"].map(example)]) {
      expect(stackNames(t)).toEqual(planStacks(planTopology(t)).map((s) => s.stackName));
    }
    expect(stackNames(withAndWithout)).toEqual(["contoso-connectivity", "contoso-aks-approval-partner"]);
  });

  it("gives the warnings of the rules, from the same pass", () => {
    for (const file of ["private-link.yaml", "arc-gateway.yaml", "expressroute-cloud.yaml", "policy-dns.yaml"]) {
      const t = example(file);
      expect(planTopology(t).warnings).toEqual(topologyWarnings(t));
    }
    expect(planTopology(topology({ location: "newzealandnorth" })).warnings.map((w) => w.path)).toEqual(["privateLink.hisRegionCode"]);
  });
});
