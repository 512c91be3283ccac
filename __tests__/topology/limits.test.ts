/**
 * Topology limits and reserved ranges, each pinned at its boundary: a "fails
 * when" test at the first value past the limit (with the exact problem line)
 * and a "passes at the limit" test at the last value inside it. Also: ids in
 * any casing, same names elsewhere, literal user text, proxy rules, the proxy
 * CA certificate and the warnings. Messages were taken from running the code.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { hubAddresses } from "../../lib/network";
import { armIdKey, parseCidr, shortHash } from "../../lib/core";
import { loadTopology, validateTopology } from "../../topology/load";
import { topologyWarnings } from "../../topology/rules";
import { TopologyInput } from "../../topology/schema";
import { buildApp, EXAMPLES, problemLines, resources, synthTopology, topology, topologyInput } from "../support/synth";
import { templateErrors } from "../support/template-check";
import { exactly } from "../support/errors";

const SUB = "00000000-0000-0000-0000-000000000000";
const OTHER_SUB = "11111111-1111-1111-1111-111111111111";
const chart = { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" };

type Access = NonNullable<TopologyInput["aksPrivateAccess"]>[number];
type AksCluster = NonNullable<TopologyInput["aksClusters"]>[number];
type KubernetesCluster = NonNullable<NonNullable<TopologyInput["kubernetes"]>["clusters"]>[number];
type GatewayEntry = NonNullable<TopologyInput["arcGateways"]>[number];

/** A RegExp that matches exactly `text` (anchored at both ends), for `toThrow`. */
/**
 * A value computed on first use inside a test, then shared by the describe
 * block's tests. Not at describe level: code run outside a test counts as
 * "static" for the mutation run, which then runs every test for every
 * mutant that code reaches.
 */
function lazy<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

const armId = (type: string, name: string, rg = "rg", sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`;
const fqdn = (prefix: string, region = "northeurope") => `${prefix}-1a2b3c4d.0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d.privatelink.${region}.azmk8s.io`;
function access(overrides: Partial<Access> = {}): Access {
  return { name: "team", clusterId: armId("Microsoft.ContainerService/managedClusters", "aks-team", "rg-team"), region: "northeurope", privateFqdn: fqdn("team"), ...overrides };
}
/** The small topology plus an AKS spoke (hub resolver, no Arc rules) and one cluster. */
function aksTopology(cluster: Partial<AksCluster> = {}): TopologyInput {
  return topologyInput({
    subscriptionId: SUB,
    spokes: [
      { name: "app1", addressSpace: ["10.1.0.0/24"] },
      { name: "aks", addressSpace: ["10.4.0.0/23"], subnets: [{ name: "nodes", addressPrefix: "10.4.0.0/24" }], arcRules: "none" },
    ],
    aksClusters: [{ name: "ops", spoke: "aks", serviceCidr: "10.100.0.0/16", ...cluster }],
  });
}
function gatewayTopology(gateways: GatewayEntry[], extra: Partial<TopologyInput> = {}): TopologyInput {
  return { name: "contoso", location: "eastus", subscriptionId: SUB, arcGateways: gateways, ...extra };
}
function k8sCluster(overrides: Partial<KubernetesCluster> = {}): KubernetesCluster {
  return { name: "edge1", serviceCidr: "10.43.0.0/16", chart, gateway: "east", ...overrides };
}

describe("DNS Private Resolver reserved range 10.0.1.0-10.0.16.255 (hub.addressSpace[0])", () => {
  const hub = (range: string, dnsResolver?: boolean) => ({ addressSpace: [range], gateway: { type: "vpn" as const }, ...(dnsResolver === undefined ? {} : { dnsResolver }) });
  const line = (range: string, third: number) =>
    `hub.addressSpace[0]: the DNS Private Resolver subnets would be 10.0.${third}.96/28 and 10.0.${third}.112/28, inside 10.0.1.0-10.0.16.255, which the resolver service reserves (Microsoft Learn, "What is Azure DNS Private Resolver?"); got "${range}". Fix: give the hub a first range outside 10.0.1.0-10.0.16.255 (e.g. 10.0.0.0/22 puts the resolver at 10.0.0.96), or set hub.dnsResolver: false`;

  it("passes at the limit: 10.0.0.0/24, just below the range (resolver subnets 10.0.0.96/28 and 10.0.0.112/28)", () => {
    expect(problemLines(topologyInput({ hub: hub("10.0.0.0/24") }))).toEqual([]);
    const layout = hubAddresses(parseCidr("10.0.0.0/24"));
    expect([layout.resolverInbound, layout.resolverOutbound, layout.resolverInboundIp]).toEqual(["10.0.0.96/28", "10.0.0.112/28", "10.0.0.100"]);
  });

  it("fails when the first range is 10.0.1.0/24, the first /24 of the reserved range", () => {
    expect(problemLines(topologyInput({ hub: hub("10.0.1.0/24") }))).toEqual([line("10.0.1.0/24", 1)]);
  });

  it("fails when the first range is 10.0.16.0/24, the last /24 of the reserved range", () => {
    expect(problemLines(topologyInput({ hub: hub("10.0.16.0/24") }))).toEqual([line("10.0.16.0/24", 16)]);
  });

  it("passes at the limit: 10.0.17.0/24, just above the range", () => {
    expect(problemLines(topologyInput({ hub: hub("10.0.17.0/24") }))).toEqual([]);
  });

  it("fails when a /22 puts the resolver subnets inside the range (10.0.4.0/22)", () => {
    expect(problemLines(topologyInput({ hub: hub("10.0.4.0/22") }))).toEqual([line("10.0.4.0/22", 4)]);
  });

  it("passes with hub.dnsResolver: false (10.0.4.0/22, spokes with zone links)", () => {
    expect(problemLines(topologyInput({ hub: hub("10.0.4.0/22", false), spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], dnsLinks: true }] }))).toEqual([]);
  });
});

describe("VNet reserved ranges (VNET_RESERVED_RANGES) in hub and spoke address spaces", () => {
  const where = [
    { field: "hub.addressSpace[1]", input: (range: string) => topologyInput({ hub: { addressSpace: ["10.0.0.0/22", range], gateway: { type: "vpn" } } }) },
    { field: "spokes[0].addressSpace[1]", input: (range: string) => topologyInput({ spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24", range] }] }) },
  ];
  const touching: Array<[string, string, string]> = [
    ["224.0.0.0/24", "224.0.0.0/4", "multicast"],
    ["239.255.255.0/24", "224.0.0.0/4", "multicast"],
    ["255.255.255.255/32", "255.255.255.255/32", "broadcast"],
    ["127.0.0.0/24", "127.0.0.0/8", "loopback"],
    ["127.255.255.0/24", "127.0.0.0/8", "loopback"],
    ["169.254.0.0/24", "169.254.0.0/16", "link-local"],
    ["169.254.255.0/24", "169.254.0.0/16", "link-local"],
    ["168.63.129.16/32", "168.63.129.16/32", "Azure's internal DNS and health probes"],
    ["168.63.129.0/24", "168.63.129.16/32", "Azure's internal DNS and health probes"],
  ];
  const neighbours = ["223.255.255.0/24", "240.0.0.0/24", "255.255.255.254/32", "126.255.255.0/24", "128.0.0.0/24", "169.253.255.0/24", "169.255.0.0/24", "168.63.129.15/32", "168.63.129.17/32"];

  for (const { field, input } of where) {
    it.each(touching)(`fails when ${field} is %s (touches %s, %s)`, (range, reserved, use) => {
      expect(problemLines(input(range))).toEqual([
        `${field}: overlaps ${reserved} (${use}), which Azure does not allow in a virtual network; got "${range}". Fix: use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it`,
      ]);
    });

    it.each(neighbours)(`passes at the limit: ${field} is %s, just outside a reserved range`, (range) => {
      expect(problemLines(input(range))).toEqual([]);
    });
  }
});

describe("peerings per hub (500)", () => {
  // Disjoint /24s in 10.100.0.0-10.101.255.255; dnsLinks false, so the hub resolver serves the spokes (no link limit in play).
  const spokes = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, addressSpace: [`10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`] }));

  it("passes at the limit: 500 spokes", () => {
    expect(problemLines(topologyInput({ spokes: spokes(500) }))).toEqual([]);
  });

  it("fails when there are 501 spokes", () => {
    expect(problemLines(topologyInput({ spokes: spokes(501) }))).toEqual([
      "spokes: the hub peers with every spoke, and a virtual network has at most 500 peerings (Azure limit); got 501. Fix: spread the spokes over more hubs (one topology file each)",
    ]);
  });
});

describe("hub endpoint subnet capacity (59 usable addresses)", () => {
  const accesses = (n: number) => Array.from({ length: n }, (_, i) => access({ name: `a${i}`, clusterId: armId("Microsoft.ContainerService/managedClusters", `aks${i}`, "rg-team"), privateFqdn: fqdn(`aks${i}`) }));
  const vaults = (n: number) => Array.from({ length: n }, (_, i) => ({ type: "keyvault" as const, resourceId: armId("Microsoft.KeyVault/vaults", `kv${i}`) }));

  it("passes at the limit: Arc 5 + Monitor 32 + 22 AKS API-server endpoints = 59", () => {
    expect(problemLines(topologyInput({ subscriptionId: SUB, privateLink: { monitor: {} }, aksPrivateAccess: accesses(22) }))).toEqual([]);
  });

  it("fails when the endpoints need 60 addresses: Arc 5 + Monitor 32 + 23 AKS API-server endpoints", () => {
    expect(problemLines(topologyInput({ subscriptionId: SUB, privateLink: { monitor: {} }, aksPrivateAccess: accesses(23) }))).toEqual([
      "aksPrivateAccess: the hub's endpoint subnet (a /26: 59 usable addresses) cannot hold these private endpoints: each takes one address per DNS record it serves, and they need 60 (the Arc Private Link Scope 5, Azure Monitor 32, AKS API-server endpoints 23 x 1); got \"25 endpoints\". Fix: free at least 1 address by removing endpoints, or put some in a topology file of their own",
    ]);
  });

  it("passes at the limit: Arc 5 + Monitor 32 + 22 Key Vault endpoints = 59", () => {
    expect(problemLines(topologyInput({ privateLink: { monitor: {}, endpoints: vaults(22) } }))).toEqual([]);
  });

  it("fails when the endpoints need 60 addresses: Arc 5 + Monitor 32 + 23 Key Vault endpoints (path privateLink.endpoints)", () => {
    expect(problemLines(topologyInput({ privateLink: { monitor: {}, endpoints: vaults(23) } }))).toEqual([
      "privateLink.endpoints: the hub's endpoint subnet (a /26: 59 usable addresses) cannot hold these private endpoints: each takes one address per DNS record it serves, and they need 60 (the Arc Private Link Scope 5, Azure Monitor 32, keyvault endpoints 23 x 1); got \"25 endpoints\". Fix: free at least 1 address by removing endpoints, or put some in a topology file of their own",
    ]);
  });
});

describe("subnets per spoke (3,000)", () => {
  // /29s packed into 10.20.0.0/16 (8,192 of them fit).
  const subnets = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, addressPrefix: `10.20.${Math.floor(i / 32)}.${(i % 32) * 8}/29` }));

  it("passes at the limit: 3,000 subnets", () => {
    expect(problemLines(topologyInput({ spokes: [{ name: "big", addressSpace: ["10.20.0.0/16"], subnets: subnets(3000) }] }))).toEqual([]);
  });

  it("fails when a spoke has 3,001 subnets", () => {
    expect(problemLines(topologyInput({ spokes: [{ name: "big", addressSpace: ["10.20.0.0/16"], subnets: subnets(3001) }] }))).toEqual([
      "spokes[0].subnets: a virtual network holds at most 3000 subnets (Azure limit); got 3001. Fix: split the subnets over more spokes",
    ]);
  });
});

describe("AKS service CIDR and DNS service IP (aksClusters[])", () => {
  const RESERVED = "169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24";
  const reservedLine = (cidr: string, reserved: string) => `aksClusters[0].serviceCidr: overlaps ${reserved}, which AKS reserves (${RESERVED}); got "${cidr}". Fix: use another private range, e.g. 10.100.0.0/16`;

  it.each([
    ["169.254.0.0/16", "169.254.0.0/16"],
    ["169.254.255.0/24", "169.254.0.0/16"],
    ["172.30.0.0/16", "172.30.0.0/16"],
    ["172.30.255.0/24", "172.30.0.0/16"],
    ["172.31.0.0/16", "172.31.0.0/16"],
    ["172.31.255.0/24", "172.31.0.0/16"],
    ["192.0.2.0/24", "192.0.2.0/24"],
    ["192.0.2.0/28", "192.0.2.0/24"],
  ])("fails when serviceCidr %s overlaps the AKS-reserved %s", (cidr, reserved) => {
    expect(problemLines(aksTopology({ serviceCidr: cidr }))).toEqual([reservedLine(cidr, reserved)]);
  });

  it("fails once per reserved range a wide serviceCidr overlaps (172.28.0.0/14)", () => {
    expect(problemLines(aksTopology({ serviceCidr: "172.28.0.0/14" }))).toEqual([reservedLine("172.28.0.0/14", "172.30.0.0/16"), reservedLine("172.28.0.0/14", "172.31.0.0/16")]);
  });

  it.each(["172.29.0.0/16", "172.32.0.0/16", "169.253.0.0/16", "169.255.0.0/16", "192.0.1.0/24", "192.0.3.0/24"])("passes at the limit: serviceCidr %s, next to a reserved range", (cidr) => {
    expect(problemLines(aksTopology({ serviceCidr: cidr }))).toEqual([]);
  });

  it("fails when dnsServiceIp is the network address of serviceCidr", () => {
    expect(problemLines(aksTopology({ dnsServiceIp: "10.100.0.0" }))).toEqual(['aksClusters[0].dnsServiceIp: is the network address of serviceCidr 10.100.0.0/16; got "10.100.0.0". Fix: use e.g. 10.100.0.10']);
  });

  it("fails when dnsServiceIp is the first address of serviceCidr (kubernetes.default.svc)", () => {
    expect(problemLines(aksTopology({ dnsServiceIp: "10.100.0.1" }))).toEqual([
      'aksClusters[0].dnsServiceIp: is the first address of serviceCidr 10.100.0.0/16, which the kubernetes service (kubernetes.default.svc) takes; got "10.100.0.1". Fix: use e.g. 10.100.0.10',
    ]);
  });

  it("passes at the limit: dnsServiceIp .2, the lowest address it may take", () => {
    expect(problemLines(aksTopology({ dnsServiceIp: "10.100.0.2" }))).toEqual([]);
  });

  it("passes at the limit: dnsServiceIp 10.100.255.254, the highest address Kubernetes allocates in 10.100.0.0/16", () => {
    expect(problemLines(aksTopology({ dnsServiceIp: "10.100.255.254" }))).toEqual([]);
  });

  // Kubernetes' ClusterIP allocator never hands out an IPv4 range's broadcast address
  // (pkg/registry/core/service/ipallocator), so kube-dns could not get it.
  it("fails when dnsServiceIp is the last (broadcast) address of serviceCidr, which Kubernetes never allocates", () => {
    expect(problemLines(aksTopology({ dnsServiceIp: "10.100.255.255" }))).toEqual([
      'aksClusters[0].dnsServiceIp: is the broadcast address of serviceCidr 10.100.0.0/16, which Kubernetes never hands to a service; got "10.100.255.255". Fix: use e.g. 10.100.0.10',
    ]);
  });

  it.each(["10.99.255.255", "10.101.0.0"])("fails when dnsServiceIp %s is just outside serviceCidr", (ip) => {
    expect(problemLines(aksTopology({ dnsServiceIp: ip }))).toEqual([`aksClusters[0].dnsServiceIp: is not inside serviceCidr 10.100.0.0/16; got "${ip}". Fix: use an address of serviceCidr, e.g. 10.100.0.10`]);
  });

  it("fails when a /29 serviceCidr has no .10 for the default DNS service IP", () => {
    expect(problemLines(aksTopology({ serviceCidr: "10.100.0.0/29" }))).toEqual([
      'aksClusters[0].serviceCidr: holds no .10 address for the default DNS service IP (it has 8 addresses); got "10.100.0.0/29". Fix: use a /28 or larger, or set dnsServiceIp',
    ]);
  });

  it("passes at the limit: a /28 serviceCidr holds the default .10", () => {
    expect(problemLines(aksTopology({ serviceCidr: "10.100.0.0/28" }))).toEqual([]);
  });
});

describe("request message length in UTF-8 bytes (aksPrivateAccess[].requestMessage, 140)", () => {
  const withMessage = (requestMessage: string) => topologyInput({ subscriptionId: SUB, aksPrivateAccess: [access({ crossTenant: true, requestMessage })] });
  const line = (m: string) => `aksPrivateAccess[0].requestMessage: a request message has at most 140 bytes in UTF-8 (a non-ASCII character takes 2 to 4); got "${m}". Fix: shorten it`;

  it("passes at the limit: 140 ASCII bytes", () => {
    expect(problemLines(withMessage("x".repeat(140)))).toEqual([]);
  });

  it("fails when the message has 141 ASCII bytes", () => {
    expect(problemLines(withMessage("x".repeat(141)))).toEqual([line("x".repeat(141))]);
  });

  it("passes at the limit: 70 x \"é\" (140 bytes), and the endpoint carries it unchanged", () => {
    const message = "é".repeat(70);
    expect(problemLines(withMessage(message))).toEqual([]);
    const tf = synthTopology(topology(withMessage(message)))["contoso-connectivity"];
    const [pe] = resources(tf, "azurerm_private_endpoint").filter((e) => e.name === "pe-contoso-aks-team");
    expect(pe.private_service_connection.request_message).toBe(message);
  });

  it("fails when the message is 71 x \"é\" (71 characters, 142 bytes)", () => {
    expect(problemLines(withMessage("é".repeat(71)))).toEqual([line("é".repeat(71))]);
  });
});

describe("duplicates compare case-insensitively", () => {
  const G = "9a2b3c4d-0000-4000-8000-00000000abcd";
  const G_UPPER = G.toUpperCase();
  const G2 = "9a2b3c4d-0000-4000-8000-00000000abce";
  const connect = (cc: KubernetesCluster["clusterConnect"]) => gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8sCluster({ clusterConnect: cc })] } });
  const keyVaults = (keyVaults: string[]) => gatewayTopology([{ name: "east", scenarios: ["keyVault"], keyVaults }]);
  const workspace = armId("Microsoft.OperationalInsights/workspaces", "log1", "rg-log");
  const linked = (linkedResourceIds: string[]) => topologyInput({ privateLink: { monitor: { linkedResourceIds } } });

  it("fails when kubernetes.clusters[].clusterConnect.entraObjectIds repeats an id in another casing", () => {
    expect(problemLines(connect({ entraObjectIds: [G, G_UPPER] }))).toEqual([
      `kubernetes.clusters[0].clusterConnect.entraObjectIds[1]: lists the same object id as [0] (ids and names compare case-insensitively); got "${G_UPPER}". Fix: remove the repeat`,
    ]);
  });

  it("fails when kubernetes.clusters[].clusterConnect.azureRbacPrincipalIds repeats an id in another casing", () => {
    expect(problemLines(connect({ azureRbacPrincipalIds: [G, G_UPPER] }))).toEqual([
      `kubernetes.clusters[0].clusterConnect.azureRbacPrincipalIds[1]: lists the same principal as [0] (ids and names compare case-insensitively); got "${G_UPPER}". Fix: remove the repeat`,
    ]);
  });

  it("fails when aksClusters[].adminGroupObjectIds repeats an id in another casing", () => {
    expect(problemLines(aksTopology({ adminGroupObjectIds: [G, G_UPPER] }))).toEqual([
      `aksClusters[0].adminGroupObjectIds[1]: lists the same group as [0] (ids and names compare case-insensitively); got "${G_UPPER}". Fix: remove the repeat`,
    ]);
  });

  it("fails when arcGateways[].keyVaults repeats a vault name in another casing", () => {
    expect(problemLines(keyVaults(["kv-Contoso", "KV-contoso"]))).toEqual([
      'arcGateways[0].keyVaults[1]: lists the same vault as [0] (ids and names compare case-insensitively); got "KV-contoso". Fix: remove the repeat',
    ]);
  });

  it("fails when privateLink.monitor.linkedResourceIds repeats an id in another casing", () => {
    expect(problemLines(linked([workspace, workspace.toLowerCase()]))).toEqual([
      `privateLink.monitor.linkedResourceIds[1]: lists the same resource as [0] (ids and names compare case-insensitively); got "${workspace.toLowerCase()}". Fix: remove the repeat`,
    ]);
  });

  it("passes with distinct values in each list", () => {
    expect(problemLines(connect({ entraObjectIds: [G, G2], azureRbacPrincipalIds: [G, G2] }))).toEqual([]);
    expect(problemLines(aksTopology({ adminGroupObjectIds: [G, G2] }))).toEqual([]);
    expect(problemLines(keyVaults(["kv-contoso", "kv-contoso2"]))).toEqual([]);
    expect(problemLines(linked([workspace, workspace.replace("log1", "log2")]))).toEqual([]);
  });
});

describe("ARM ids in any casing: accepted, written canonical", () => {
  const ZONES = [
    "privatelink.his.arc.azure.com",
    "privatelink.guestconfiguration.azure.com",
    "privatelink.dp.kubernetesconfiguration.azure.com",
    "privatelink.monitor.azure.com",
    "privatelink.oms.opinsights.azure.com",
    "privatelink.ods.opinsights.azure.com",
    "privatelink.agentsvc.azure-automation.net",
    "privatelink.blob.core.windows.net",
    "privatelink.vaultcore.azure.net",
    "privatelink.northeurope.azmk8s.io",
  ];
  /** `az`-style: static segments in lower case (`/resourcegroups/`, `/providers/microsoft.network/privatednszones/`), names as they are. */
  const lowerSegments = (id: string) => id.replace(/\/resourceGroups\//, "/resourcegroups/").replace(/\/providers\/([^/]+\/[^/]+)\//, (_m, t: string) => `/providers/${t.toLowerCase()}/`);
  /** What the providers get: canonical static segments; names (and resource groups) keep the casing they were written in. */
  const canonicalOf = (written: string) => {
    const m = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i.exec(written) as RegExpExecArray;
    const type = ["Microsoft.Network/privateDnsZones", "Microsoft.Network/expressRouteCircuits", "Microsoft.OperationalInsights/workspaces", "Microsoft.KeyVault/vaults", "Microsoft.ContainerService/managedClusters", "Microsoft.HybridCompute/machines"].find(
      (t) => t.toLowerCase() === `${m[3]}/${m[4]}`.toLowerCase(),
    );
    // A private DNS zone's name is written as the catalogue gives it (lower case), whatever its casing in the id.
    const name = type === "Microsoft.Network/privateDnsZones" ? m[5].toLowerCase() : m[5];
    return `/subscriptions/${m[1]}/resourceGroups/${m[2]}/providers/${type}/${name}`;
  };
  const ids = {
    zone: (z: string) => armId("Microsoft.Network/privateDnsZones", z, "rg-dns"),
    circuit: armId("Microsoft.Network/expressRouteCircuits", "er1", "rg-er"),
    workspace: armId("Microsoft.OperationalInsights/workspaces", "log1", "rg-log"),
    vault: armId("Microsoft.KeyVault/vaults", "kv1", "rg-kv"),
    cluster: armId("Microsoft.ContainerService/managedClusters", "aks-team", "rg-team", OTHER_SUB),
    machine: armId("Microsoft.HybridCompute/machines", "web01", "rg-arc"),
  };

  describe.each([
    ["lower-case static segments", lowerSegments],
    ["all upper case", (id: string) => id.toUpperCase()],
  ])("%s", (_label, write) => {
    const zoneIds = Object.fromEntries(ZONES.map((z) => [z, write(ids.zone(z))]));
    const hubInput = topologyInput({
      subscriptionId: SUB,
      onPremises: { addressSpace: ["172.16.0.0/16"], expressRoute: { circuitId: write(ids.circuit) } },
      hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "expressroute" } },
      privateLink: { dns: { mode: "existing", zoneIds }, monitor: { linkedResourceIds: [write(ids.workspace)] }, endpoints: [{ type: "keyvault", resourceId: write(ids.vault) }] },
      aksPrivateAccess: [access({ clusterId: write(ids.cluster), requestMessage: "hub access", approval: {} })],
    });
    const gwInput = gatewayTopology([{ name: "east", machines: [write(ids.machine)] }]);
    const canonical = (id: string) => canonicalOf(write(id));

    it("is accepted", () => {
      expect(problemLines(hubInput)).toEqual([]);
      expect(problemLines(gwInput)).toEqual([]);
    });

    it("reaches private_dns_zone_ids, express_route_circuit_id, linked_resource_id and private_connection_resource_id in canonical casing", () => {
      const tf = synthTopology(validateTopology(hubInput))["contoso-connectivity"];
      const endpoints = Object.fromEntries(resources(tf, "azurerm_private_endpoint").map((e) => [e.name, e]));
      expect(endpoints["pe-contoso-arc"].private_dns_zone_group.private_dns_zone_ids).toEqual(ZONES.slice(0, 3).map((z) => canonical(ids.zone(z))));
      expect(endpoints["pe-contoso-monitor"].private_dns_zone_group.private_dns_zone_ids).toEqual(ZONES.slice(3, 8).map((z) => canonical(ids.zone(z))));
      expect(endpoints["pe-contoso-keyvault-kv1"].private_dns_zone_group.private_dns_zone_ids).toEqual([canonical(ids.zone("privatelink.vaultcore.azure.net"))]);
      expect(endpoints["pe-contoso-keyvault-kv1"].private_service_connection.private_connection_resource_id).toBe(canonical(ids.vault));
      expect(endpoints["pe-contoso-aks-team"].private_service_connection.private_connection_resource_id).toBe(canonical(ids.cluster));
      expect(resources(tf, "azurerm_virtual_network_gateway_connection").map((c) => c.express_route_circuit_id)).toEqual([canonical(ids.circuit)]);
      expect(resources(tf, "azurerm_monitor_private_link_scoped_service").map((s) => s.linked_resource_id)).toEqual([canonical(ids.workspace)]);
    });

    it("reaches the approval stack's azapi parent_id and resource_id in canonical casing", () => {
      const tf = synthTopology(validateTopology(hubInput))["contoso-aks-approval-team"];
      const [list] = Object.values<Record<string, unknown>>(tf.data.azapi_resource_list);
      expect(list.parent_id).toBe(canonical(ids.cluster));
      const [action] = resources(tf, "azapi_resource_action");
      const escaped = canonical(ids.cluster).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      expect(action.resource_id).toMatch(
        new RegExp(
          `^${escaped}/privateEndpointConnections/\\$\\{one\\(\\[for c in data\\.azapi_resource_list\\.approval_connections\\.output\\.value : c\\.name if lower\\(c\\.properties\\.privateEndpoint\\.id\\) == "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg-contoso-connectivity/providers/microsoft\\.network/privateendpoints/pe-contoso-aks-team"\\]\\)\\}$`,
        ),
      );
    });

    it("reaches a gateway machine's azapi parent_id and resource_id in canonical casing", () => {
      const tf = synthTopology(validateTopology(gwInput))["contoso-gateway-east"];
      expect(resources(tf, "azapi_update_resource").map((u) => u.parent_id)).toEqual([canonical(ids.machine)]);
      expect(resources(tf, "azapi_resource_action").map((a) => a.resource_id)).toEqual([`${canonical(ids.machine)}/providers/Microsoft.HybridCompute/settings/default`]);
    });
  });

  it("the canonical form of the lower-case ids is the documented one", () => {
    expect(canonicalOf(lowerSegments(ids.zone("privatelink.his.arc.azure.com")))).toBe(`/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.his.arc.azure.com`);
    expect(lowerSegments(ids.zone("privatelink.his.arc.azure.com"))).toBe(`/subscriptions/${SUB}/resourcegroups/rg-dns/providers/microsoft.network/privatednszones/privatelink.his.arc.azure.com`);
    expect(validateTopology(gatewayTopology([{ name: "east", machines: [ids.machine.toUpperCase()] }])).arcGateways[0].machines).toEqual([`/subscriptions/${SUB}/resourceGroups/RG-ARC/providers/Microsoft.HybridCompute/machines/WEB01`]);
  });

  it("fails when the subscription is not a GUID", () => {
    const id = `/subscriptions/contoso/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/er1`;
    expect(problemLines(topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16"], expressRoute: { circuitId: id } }, hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "expressroute" } } }))).toEqual([
      `onPremises.expressRoute.circuitId: must be an ARM resource id (/subscriptions/<GUID>/resourceGroups/<1-90 of letters, digits, -_.()>/providers/<namespace>/<type>/<name>); got "${id}". Fix: use /subscriptions/<subscription id>/resourceGroups/<rg>/providers/Microsoft.Network/expressRouteCircuits/<circuit>`,
    ]);
    const machine = `/subscriptions/0000-0000/resourceGroups/rg/providers/Microsoft.HybridCompute/machines/web01`;
    expect(problemLines(gatewayTopology([{ name: "east", machines: [machine] }]))).toEqual([
      `arcGateways[0].machines[0]: must be an ARM resource id (/subscriptions/<GUID>/resourceGroups/<1-90 of letters, digits, -_.()>/providers/<namespace>/<type>/<name>); got "${machine}". Fix: use /subscriptions/<subscription id>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/machines/<machine>`,
    ]);
  });

  it("fails when the type is wrong", () => {
    const vm = armId("Microsoft.Compute/virtualMachines", "vm1");
    expect(problemLines(topologyInput({ privateLink: { monitor: { linkedResourceIds: [vm] } } }))).toEqual([
      `privateLink.monitor.linkedResourceIds[0]: must be the id of a Microsoft.OperationalInsights/workspaces or Microsoft.Insights/dataCollectionEndpoints or Microsoft.Insights/components resource, not Microsoft.Compute/virtualMachines; got "${vm}". Fix: use /subscriptions/<subscription id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<workspace>`,
    ]);
    const lowerVm = `/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.compute/virtualmachines/web01`;
    expect(problemLines(gatewayTopology([{ name: "east", machines: [lowerVm] }]))).toEqual([
      `arcGateways[0].machines[0]: must be the id of a Microsoft.HybridCompute/machines resource, not microsoft.compute/virtualmachines; got "${lowerVm}". Fix: use /subscriptions/<subscription id>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/machines/<machine>`,
    ]);
  });
});

describe("same names in other resource groups or subscriptions", () => {
  const automationName = `${"a".repeat(10)}-${"b".repeat(49)}`; // 60 characters
  const hubInput = topologyInput({
    privateLink: {
      monitor: { linkedResourceIds: [armId("Microsoft.OperationalInsights/workspaces", "log1", "rg-a"), armId("Microsoft.OperationalInsights/workspaces", "log1", "rg-b")] },
      endpoints: [
        { type: "keyvault", resourceId: armId("Microsoft.KeyVault/vaults", "kv1", "rg-a") },
        { type: "keyvault", resourceId: armId("Microsoft.KeyVault/vaults", "kv1", "rg-b") },
        { type: "keyvault", resourceId: armId("Microsoft.KeyVault/vaults", "kv2", "rg-a") },
        { type: "automation", resourceId: armId("Microsoft.Automation/automationAccounts", automationName, "rg-a") },
      ],
    },
  });
  const connectivity = lazy(() => synthTopology(topology(hubInput))["contoso-connectivity"]);
  const endpoint = (targetId: string) => {
    const [entry] = Object.entries<Record<string, any>>(connectivity().resource.azurerm_private_endpoint).filter(([, e]) => e.private_service_connection.private_connection_resource_id === targetId);
    return { constructId: entry[0], name: entry[1].name as string };
  };

  it("two Key Vault endpoints kv1 in different resource groups: two endpoints, the first listed keeps its plain name, the second's ends in a hash of its id, within 64 characters, distinct construct ids", () => {
    const a = endpoint(armId("Microsoft.KeyVault/vaults", "kv1", "rg-a"));
    const b = endpoint(armId("Microsoft.KeyVault/vaults", "kv1", "rg-b"));
    expect([a.name, b.name]).toEqual(["pe-contoso-keyvault-kv1", "pe-contoso-keyvault-kv1-1be423"]);
    expect(a.constructId).toBe("keyvault_kv1");
    expect(b.constructId).toBe("keyvault_kv1_1be423");
    expect([a.name.length, b.name.length].every((n) => n <= 64)).toBe(true);
  });

  it("appending a vault kv1 of another resource group or subscription, or a workspace log1, changes nothing already in the Terraform", () => {
    const kv1 = armId("Microsoft.KeyVault/vaults", "kv1", "rg-a");
    const log1 = armId("Microsoft.OperationalInsights/workspaces", "log1", "rg-a");
    const synth = (vaults: string[], workspaces: string[]) =>
      synthTopology(topology(topologyInput({ privateLink: { monitor: { linkedResourceIds: workspaces }, endpoints: vaults.map((resourceId) => ({ type: "keyvault" as const, resourceId })) } })))["contoso-connectivity"].resource as Record<string, Record<string, unknown>>;
    const before = synth([kv1], [log1]);
    const after = synth([kv1, armId("Microsoft.KeyVault/vaults", "kv1", "rg-b"), armId("Microsoft.KeyVault/vaults", "KV1", "rg-c", OTHER_SUB)], [log1, armId("Microsoft.OperationalInsights/workspaces", "LOG1", "rg-b")]);
    expect(before.azurerm_private_endpoint.keyvault_kv1).toMatchObject({ name: "pe-contoso-keyvault-kv1" });
    for (const [type, byAddress] of Object.entries(before)) for (const [address, body] of Object.entries(byAddress)) expect([type, address, after[type]?.[address]]).toEqual([type, address, body]);
    expect(Object.keys(after.azurerm_private_endpoint).length).toBe(Object.keys(before.azurerm_private_endpoint).length + 2);
  });

  it("a vault whose name no other shares keeps pe-<name>-keyvault-<vault>", () => {
    expect(endpoint(armId("Microsoft.KeyVault/vaults", "kv2", "rg-a")).name).toBe("pe-contoso-keyvault-kv2");
  });

  it("a 60-character automation account name gives an endpoint name of 64 characters ending in a hash", () => {
    const { name } = endpoint(armId("Microsoft.Automation/automationAccounts", automationName, "rg-a"));
    expect(name).toBe(`pe-contoso-automation-aaaaaaaaaa-${"b".repeat(24)}-53752c`); // 64 characters
  });

  it("two Log Analytics workspaces log1 in different resource groups: two scoped services, the first listed with the plain name", () => {
    const scoped = Object.entries<Record<string, any>>(connectivity().resource.azurerm_monitor_private_link_scoped_service).map(([id, s]) => [id, s.name, s.linked_resource_id]);
    expect(scoped).toEqual([
      ["monitor_scoped_workspaces_log1", "amplss-workspaces-log1", armId("Microsoft.OperationalInsights/workspaces", "log1", "rg-a")],
      ["monitor_scoped_workspaces_log1_534811", "amplss-workspaces-log1-534811", armId("Microsoft.OperationalInsights/workspaces", "log1", "rg-b")],
    ]);
  });

  describe("gateway", () => {
    const cluster = (sub: string) => armId("Microsoft.Kubernetes/connectedClusters", "edge01", "rg-k8s", sub);
    const input = gatewayTopology([
      {
        name: "east",
        machines: [armId("Microsoft.HybridCompute/machines", "web01", "rg-arc", SUB), armId("Microsoft.HybridCompute/machines", "web01", "rg-arc", OTHER_SUB)],
        clusters: [
          { id: cluster(SUB), serviceCidr: "10.96.0.0/12" },
          { id: cluster(OTHER_SUB), serviceCidr: "10.96.0.0/12" },
        ],
      },
    ]);
    const gatewayStack = lazy(() => synthTopology(validateTopology(input))["contoso-gateway-east"]);

    it("two machines web01 in resource group rg-arc of different subscriptions: two associations, each address with the hash of its own id (never first-come: a detach must not move to another machine)", () => {
      const settings = Object.entries<Record<string, any>>(gatewayStack().resource.azapi_update_resource).filter(([, u]) => u.type.startsWith("Microsoft.HybridCompute/settings") && u.parent_id.includes("/machines/"));
      const web01 = (sub: string) => armId("Microsoft.HybridCompute/machines", "web01", "rg-arc", sub);
      expect(Object.fromEntries(settings.map(([id, u]) => [u.parent_id, id]))).toEqual({
        [web01(SUB)]: `machine_rg_arc_web01_${shortHash(armIdKey(web01(SUB)))}_settings`,
        [web01(OTHER_SUB)]: `machine_rg_arc_web01_${shortHash(armIdKey(web01(OTHER_SUB)))}_settings`,
      });
    });

    it("removing the first of two same-named machines or clusters moves no address to the other one", () => {
      const machine = (sub: string) => armId("Microsoft.HybridCompute/machines", "web01", "rg-arc", sub);
      const synth = (subs: string[]) =>
        synthTopology(validateTopology(gatewayTopology([{ name: "east", machines: subs.map(machine), clusters: subs.map((sub) => ({ id: cluster(sub), serviceCidr: "10.96.0.0/12" })) }])))["contoso-gateway-east"].resource;
      const target = (r: any) => r.parent_id ?? r.resource_id;
      const both = synth([SUB, OTHER_SUB]);
      const second = synth([OTHER_SUB]);
      for (const type of ["azapi_update_resource", "azapi_resource_action"]) {
        for (const [address, r] of Object.entries<any>(second[type])) if (address in both[type]) expect({ address, target: target(r) }).toEqual({ address, target: target(both[type][address]) });
      }
    });

    it("appending a machine web01 and a cluster rg-k8s/edge01 of another subscription changes no resource already there and no output key's value", () => {
      const machine = (sub: string) => armId("Microsoft.HybridCompute/machines", "web01", "rg-arc", sub);
      const synth = (subs: string[]) =>
        synthTopology(validateTopology(gatewayTopology([{ name: "east", machines: subs.map(machine), clusters: subs.map((sub) => ({ id: cluster(sub), serviceCidr: "10.96.0.0/12" })) }])))["contoso-gateway-east"];
      const before = synth([SUB]);
      const after = synth([SUB, OTHER_SUB]);
      for (const [type, byAddress] of Object.entries<Record<string, unknown>>(before.resource)) for (const [address, body] of Object.entries(byAddress)) expect([type, address, after.resource[type]?.[address]]).toEqual([type, address, body]);
      for (const name of ["cluster_connect_commands", "cluster_update_commands", "cluster_proxy_skip_ranges"]) {
        expect(Object.keys(before.output[name].value)).toEqual(["rg-k8s/edge01"]);
        expect(after.output[name].value["rg-k8s/edge01"]).toEqual(before.output[name].value["rg-k8s/edge01"]);
      }
    });

    it("two clusters rg-k8s/edge01 that collide: the first listed keeps rg-k8s/edge01 as its output key, the second gets its full id", () => {
      const gw = gatewayStack();
      expect(Object.keys(gw.output.cluster_connect_commands.value)).toEqual([cluster(OTHER_SUB), "rg-k8s/edge01"]);
      expect(Object.keys(gw.output.cluster_update_commands.value)).toEqual([cluster(OTHER_SUB), "rg-k8s/edge01"]);
      expect(Object.keys(gw.output.cluster_proxy_skip_ranges.value)).toEqual([cluster(OTHER_SUB), "rg-k8s/edge01"]);
    });
  });
});

describe("template markers in user text stay literal", () => {
  const M3 = { name: "m3", location: "westeurope", tags: { note: "cost ${var.env}" }, hub: { addressSpace: ["10.10.0.0/24"] } };

  it("the issue's minimal topology: tags.note is written \"cost $${var.env}\" in JSON and HCL, with no template problems", () => {
    const { stacks } = buildApp(validateTopology(M3));
    const [hub] = stacks;
    const tf = JSON.parse(Testing.synth(hub));
    expect(resources(tf, "azurerm_resource_group")).toEqual([{ name: "rg-m3-connectivity", location: "westeurope", tags: { note: "cost $${var.env}" } }]);
    expect(templateErrors(hub.node.id, tf)).toEqual([]);
    const hcl: string = hub.toHclTerraform().hcl;
    expect(hcl).toContain('note = "cost $${var.env}"');
    expect(hcl).not.toMatch(/[^$]\$\{var\.env\}/);
  });

  it("a directive marker: 100%{discount} becomes 100%%{discount}", () => {
    const tf = synthTopology(validateTopology({ ...M3, tags: { discount: "100%{discount}" } }))["m3-connectivity"];
    expect(resources(tf, "azurerm_resource_group")[0].tags).toEqual({ discount: "100%%{discount}" });
    expect(templateErrors("m3-connectivity", tf)).toEqual([]);
  });

  it("a request message Change CHG-${ticket} becomes Change CHG-$${ticket}", () => {
    const tf = synthTopology(topology({ subscriptionId: SUB, aksPrivateAccess: [access({ crossTenant: true, requestMessage: "Change CHG-${ticket}" })] }))["contoso-connectivity"];
    const [pe] = resources(tf, "azurerm_private_endpoint").filter((e) => e.name === "pe-contoso-aks-team");
    expect(pe.private_service_connection.request_message).toBe("Change CHG-$${ticket}");
    expect(templateErrors("contoso-connectivity", tf)).toEqual([]);
  });

  describe("gateway cluster proxy certificate paths in cluster_connect_commands", () => {
    const cluster = (name: string, certificateFile: string) => ({ id: armId("Microsoft.Kubernetes/connectedClusters", name, "rg-k8s"), serviceCidr: "10.96.0.0/12", proxy: { https: "http://proxy:3128", certificateFile } });
    const input = gatewayTopology([{ name: "east", clusters: [cluster("edge01", "C:\\certs\\ca.pem"), cluster("edge02", "/etc/it's/ca.pem")] }]);
    const built = lazy(() => {
      const [gw] = buildApp(validateTopology(input)).stacks;
      return { gw, tf: JSON.parse(Testing.synth(gw)) };
    });
    const command = (name: string, cert: string) =>
      new RegExp(
        `^az connectedk8s connect -g 'rg-k8s' -n '${name}' --subscription '${SUB}' -l 'eastus' --gateway-resource-id '\\$\\{azapi_resource\\.arc_gateway\\.id\\}' --proxy-https 'http://proxy:3128' --proxy-http 'http://proxy:3128' --proxy-skip-range '10\\.96\\.0\\.0/12,kubernetes\\.default\\.svc,\\.svc\\.cluster\\.local,\\.svc' --proxy-cert ${cert.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`,
      );

    it("a backslash path stays as written: --proxy-cert 'C:\\certs\\ca.pem'", () => {
      expect(built().tf.output.cluster_connect_commands.value["rg-k8s/edge01"]).toMatch(command("edge01", "'C:\\certs\\ca.pem'"));
    });

    it("a path with ' is shell-quoted as '\\''", () => {
      expect(built().tf.output.cluster_connect_commands.value["rg-k8s/edge02"]).toMatch(command("edge02", "'/etc/it'\\''s/ca.pem'"));
    });

    it("the HCL escapes the backslashes, and the stack has no template problems", () => {
      const { gw, tf } = built();
      const hcl: string = gw.toHclTerraform().hcl;
      expect(hcl).toContain("--proxy-cert 'C:\\\\certs\\\\ca.pem'\"");
      expect(hcl).toContain("--proxy-cert '/etc/it'\\\\''s/ca.pem'\"");
      expect(templateErrors(gw.node.id, tf)).toEqual([]);
    });
  });
});

describe("proxy URLs, skip ranges, tag names and backend paths", () => {
  const CREDENTIALS_LINE = (at: string) =>
    `${at}: a proxy URL with credentials would put them in plain text in the Terraform and the agents' settings; got "http://***@proxy:3128". Fix: use a proxy that authenticates the network (source addresses) and write http(s)://host:port`;
  const withProxy = (proxy: { https: string; skipRange?: string[] }) => gatewayTopology([{ name: "east", clusters: [{ id: armId("Microsoft.Kubernetes/connectedClusters", "edge01", "rg-k8s"), serviceCidr: "10.96.0.0/12", proxy }] }]);

  it("fails when a proxy URL carries credentials (the first line names the credentials)", () => {
    expect(problemLines(withProxy({ https: "http://user:pw@proxy:3128" }))[0]).toBe(CREDENTIALS_LINE("arcGateways[0].clusters[0].proxy.https"));
    expect(problemLines(gatewayTopology([{ name: "east", serverProxy: { url: "http://user:pw@proxy:3128" } }]))[0]).toBe(CREDENTIALS_LINE("arcGateways[0].serverProxy.url"));
  });

  // One mistake, one line: today a second line follows ("a proxy URL is http(s)://host:port, the host a DNS
  // name or IPv4 address ... Fix: e.g. http://proxy.contoso.com:3128"), which is misleading (the host
  // "proxy" is a valid DNS name) and breaks the README's "one line per problem".
  it("fails with exactly one line when a proxy URL carries credentials", () => {
    expect(problemLines(withProxy({ https: "http://user:pw@proxy:3128" }))).toEqual([CREDENTIALS_LINE("arcGateways[0].clusters[0].proxy.https")]);
  });

  it.each(['a"b', "a,b"])("fails when a skipRange entry holds a quote or a comma: %s", (entry) => {
    expect(problemLines(withProxy({ https: "http://proxy:3128", skipRange: ["10.96.0.0/12", "kubernetes.default.svc", ".svc.cluster.local", ".svc", entry] }))).toEqual([
      `arcGateways[0].clusters[0].proxy.skipRange[4]: a skip-range entry is a CIDR, an IP address or a host name or suffix (letters, digits, . * : / _ -), without spaces, commas or quotes; got ${JSON.stringify(entry)}. Fix: e.g. 10.0.0.0/8 or .contoso.com`,
    ]);
  });

  it("passes with skip-range entries of the allowed characters", () => {
    expect(problemLines(withProxy({ https: "http://proxy:3128", skipRange: ["10.96.0.0/12", "kubernetes.default.svc", ".svc.cluster.local", ".svc", "*.contoso.com", "10.0.0.0/8", "host_1:8080"] }))).toEqual([]);
  });

  it("fails when a tag name holds /", () => {
    expect(problemLines(topologyInput({ tags: { "cost/center": "x" } }))).toEqual(['tags["cost/center"]: Azure refuses the characters < > % & \\ ? / in tag names; got "cost/center". Fix: rename it']);
    expect(problemLines(topologyInput({ tags: { "cost-center": "x" } }))).toEqual([]);
  });

  it("fails when the local backend path holds ${ (Terraform reads backend settings literally)", () => {
    expect(problemLines(topologyInput({ backend: { type: "local", path: "state/${stack}.tfstate" } }))).toEqual([
      'backend.path: Terraform reads backend settings literally and cannot escape ${ or %{ in them; got "state/${stack}.tfstate". Fix: choose a path without them',
    ]);
    expect(problemLines(topologyInput({ backend: { type: "local", path: "state/{stack}.tfstate" } }))).toEqual([]);
  });

  it("fails when the local backend path has no {stack} (every stack would share one state file)", () => {
    expect(problemLines(topologyInput({ backend: { type: "local", path: "state/terraform.tfstate" } }))).toEqual([
      'backend.path: every stack has its own state, and a path without {stack} would give them one file; got "state/terraform.tfstate". Fix: put {stack} in the file name, e.g. state/{stack}.tfstate',
    ]);
    expect(problemLines(topologyInput({ backend: { type: "local", path: "{stack}" } }))).toEqual([]);
  });
});

describe("proxy CA certificate of kubernetes.clusters[].proxy.certificateFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "arc-proxy-ca-"));
    copyFileSync(join(EXAMPLES, "contoso-proxy-ca.pem"), join(dir, "proxy-ca.pem"));
    writeFileSync(join(dir, "not-a-cert.pem"), "just text\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A gateway topology with one gateway cluster (proxy CA `gatewayCert`) and one Kubernetes cluster (proxy CA `cert`), written next to the PEM copy. */
  function writeTopology(cert: string, gatewayCert = "missing/gateway-ca.pem"): string {
    const file = join(dir, "topology.yaml");
    writeFileSync(
      file,
      [
        "name: contoso",
        "location: eastus",
        `subscriptionId: ${SUB}`,
        "arcGateways:",
        "  - name: east",
        "    clusters:",
        `      - id: ${armId("Microsoft.Kubernetes/connectedClusters", "edge01", "rg-k8s")}`,
        "        serviceCidr: 10.96.0.0/12",
        `        proxy: { https: "http://proxy:3128", certificateFile: ${gatewayCert} }`,
        "kubernetes:",
        "  clusters:",
        "    - name: edge1",
        "      gateway: east",
        "      serviceCidr: 10.43.0.0/16",
        `      proxy: { https: "http://proxy:3128", certificateFile: ${cert} }`,
        `      chart: { repository: ${chart.repository}, version: ${chart.version} }`,
        "",
      ].join("\n"),
    );
    return file;
  }

  it("reads the file relative to the topology file and embeds the PEM as global.proxyCert in the chart's literal values", () => {
    expect(process.cwd()).not.toBe(dir);
    const stacks = synthTopology(loadTopology(writeTopology("proxy-ca.pem")));
    const [release] = resources(stacks["contoso-k8s-edge1"], "helm_release");
    expect(JSON.parse(release.values[0]).global.proxyCert).toBe(readFileSync(join(EXAMPLES, "contoso-proxy-ca.pem"), "utf8"));
  });

  it("does not read arcGateways[].clusters[].proxy.certificateFile: a missing path is fine and stays in --proxy-cert as written", () => {
    const stacks = synthTopology(loadTopology(writeTopology("proxy-ca.pem", "missing/gateway-ca.pem")));
    expect(stacks["contoso-gateway-east"].output.cluster_connect_commands.value["rg-k8s/edge01"]).toMatch(/ --proxy-cert 'missing\/gateway-ca\.pem'$/);
  });

  it("fails when the file is missing", () => {
    const file = writeTopology("nope.pem");
    expect(() => loadTopology(file)).toThrow(
      exactly(
        `kubernetes.clusters[0].proxy.certificateFile: cannot be read (ENOENT at ${join(dir, "nope.pem")}); the agents' chart values embed the proxy's CA certificate; got "nope.pem". Fix: put the proxy's CA certificate (PEM) there; a relative path is read from the topology file's folder`,
      ),
    );
  });

  it("fails when the file holds no PEM certificate", () => {
    const file = writeTopology("not-a-cert.pem");
    expect(() => loadTopology(file)).toThrow(
      exactly(
        'kubernetes.clusters[0].proxy.certificateFile: holds no PEM certificate that parses as X.509 (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----); got "not-a-cert.pem". Fix: export the proxy\'s CA certificate as PEM (Base-64 encoded X.509)',
      ),
    );
  });
});

describe("warnings (topologyWarnings)", () => {
  it("warns about privateLink.hisRegionCode in a region without a known his code (westus3)", () => {
    expect(topologyWarnings(topology({ location: "westus3" }))).toEqual([
      {
        path: "privateLink.hisRegionCode",
        message:
          "no public source gives the short code of <code>.his.arc.azure.com for westus3, so arc_dns_check_hosts leaves out the regional his host. Set privateLink.hisRegionCode (read it from the endpoint's DNS configuration after apply, or from the agent's logs)",
      },
    ]);
  });

  it("does not warn once privateLink.hisRegionCode is set", () => {
    expect(topologyWarnings(topology({ location: "westus3", privateLink: { hisRegionCode: "wus3" } }))).toEqual([]);
  });

  const cloudCluster = (connection?: KubernetesCluster["connection"]) =>
    validateTopology(gatewayTopology([{ name: "east" }], { backend: { type: "cloud", organization: "contoso" }, kubernetes: { clusters: [k8sCluster(connection ? { connection } : {})] } }));

  it("warns, naming connection: { type: token }, about a kubeconfig connection with the cloud backend", () => {
    expect(topologyWarnings(cloudCluster({ type: "kubeconfig", path: "~/.kube/edge1.yaml" }))).toEqual([
      {
        path: "kubernetes.clusters[0].connection",
        message:
          'the kubernetes and helm providers read the kubeconfig file "~/.kube/edge1.yaml" where Terraform runs, and a remote Terraform Cloud run does not have it. Use connection: { type: token } (variables kube_host, kube_token, kube_cluster_ca_certificate), or run this workspace locally (execution mode local or an agent)',
      },
    ]);
  });

  it("does not warn with connection type token", () => {
    expect(topologyWarnings(cloudCluster({ type: "token" }))).toEqual([]);
  });
});

describe("hub.gateway.sku for ExpressRoute", () => {
  const er = (sku: string) =>
    topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16"], expressRoute: { circuitId: armId("Microsoft.Network/expressRouteCircuits", "er1", "rg-er") } }, hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "expressroute", sku } } });

  it("fails for ErGwScale, listing the allowed SKUs", () => {
    expect(problemLines(er("ErGwScale"))).toEqual([
      'hub.gateway.sku: is not a SKU azurerm 4.55 accepts for a gateway of type expressroute (Standard, HighPerformance, UltraPerformance, ErGw1AZ, ErGw2AZ, ErGw3AZ); got "ErGwScale". Fix: use one of them, e.g. ErGw1AZ',
    ]);
  });

  it.each(["Standard", "ErGw3AZ"])("passes with %s", (sku) => {
    expect(problemLines(er(sku))).toEqual([]);
  });
});

describe("aksClusters[].adminGroupObjectIds reach the cluster", () => {
  it("writes admin_group_object_ids next to the stack's tenant", () => {
    const ids = ["9a2b3c4d-0000-4000-8000-000000000001", "9a2b3c4d-0000-4000-8000-000000000002"];
    const tf = synthTopology(topology(aksTopology({ adminGroupObjectIds: ids })))["contoso-connectivity"];
    expect(resources(tf, "azurerm_kubernetes_cluster")[0].azure_active_directory_role_based_access_control).toEqual({
      admin_group_object_ids: ids,
      azure_rbac_enabled: true,
      tenant_id: "${data.azurerm_client_config.client_config.tenant_id}",
    });
  });
});
