/**
 * The topology rules of topology/rules.ts, topology/aks-rules.ts, topology/dns-rules.ts and
 * topology/kubernetes-rules.ts, the facts they share with the plan
 * (topology/facts.ts), and the name and tag patterns of the README's
 * rule table: each rule with a "fails when" test at the first value past its
 * limit and a "passes at the limit" test at the last value inside, with the
 * exact problem line; the derived values (zones per feature, forwarders,
 * per-spoke DNS, AKS zone choice, manual approval, endpoint addresses) in
 * full; every warning with its exact text.
 *
 * One file on purpose: the mutation run of the topology rules loads every
 * test file for every mutant. Large topologies are built in beforeAll, so a
 * run that filters their tests out does not pay for them.
 */
import { aksProblems, aksWarnings } from "../../topology/aks-rules";
import {
  aksAccessEndpointName,
  aksClusterName,
  aksClusterZone,
  aksZoneChoice,
  aksZones,
  arcScopeLocation,
  clusterGateway,
  gatewayScenarios,
  gatewayType,
  hasHub,
  kubernetesResourceGroupName,
  neededForwarders,
  neededZones,
  needsManualApproval,
  spokeDns,
  spokeSubnets,
} from "../../topology/facts";
import { validateTopology } from "../../topology/load";
import { clusterProxyProblems } from "../../topology/kubernetes-rules";
import { planTopology } from "../../topology/plan";
import { hubEndpointAddresses, topologyProblems, topologyWarnings } from "../../topology/rules";
import { Topology, TopologyInput, TopologySchema } from "../../topology/schema";
import { stackAddresses } from "../support/addresses";
import { buildApp, problemLines, topology, topologyInput } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const OTHER = "11111111-1111-1111-1111-111111111111";
const THIRD = "22222222-2222-2222-2222-222222222222";
const chart = { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" };
const armId = (type: string, name: string, rg = "rg", sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/${type}/${name}`;
const machine = (name: string, sub = SUB) => armId("Microsoft.HybridCompute/machines", name, "rg-arc", sub);
const connected = (name: string, rg = "rg-k8s", sub = SUB) => armId("Microsoft.Kubernetes/connectedClusters", name, rg, sub);
const vault = (name: string) => armId("Microsoft.KeyVault/vaults", name);
const managedCluster = (name: string, rg = "rg-team", sub = SUB) => armId("Microsoft.ContainerService/managedClusters", name, rg, sub);
const fqdn = (prefix: string, region = "northeurope") => `${prefix}-1a2b3c4d.0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d.privatelink.${region}.azmk8s.io`;
const zoneId = (z: string) => armId("Microsoft.Network/privateDnsZones", z, "rg-dns");

type GatewayEntry = NonNullable<TopologyInput["arcGateways"]>[number];
type KubernetesCluster = NonNullable<NonNullable<TopologyInput["kubernetes"]>["clusters"]>[number];
type Access = NonNullable<TopologyInput["aksPrivateAccess"]>[number];
type AksCluster = NonNullable<TopologyInput["aksClusters"]>[number];
type Spoke = NonNullable<TopologyInput["spokes"]>[number];

function gatewayTopology(gateways: GatewayEntry[], extra: Partial<TopologyInput> = {}): TopologyInput {
  return { name: "contoso", location: "eastus", subscriptionId: SUB, arcGateways: gateways, ...extra };
}
function k8s(overrides: Partial<KubernetesCluster> = {}): KubernetesCluster {
  return { name: "edge1", serviceCidr: "10.43.0.0/16", chart, gateway: "east", ...overrides };
}
/** The schema-valid topology without the cross-field rules (for large topologies built once and varied). */
const parsed = (input: TopologyInput): Topology => TopologySchema.parse(input);
/** The cross-field rules' lines of a schema-valid topology. */
const ruleLines = (t: Topology) => topologyProblems(t).map((p) => `${p.path}: ${p.message}`);

const ARC_ZONES = ["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com"];
const ARC_FORWARDERS = ["his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com"];
const MONITOR_ZONES = ["privatelink.monitor.azure.com", "privatelink.oms.opinsights.azure.com", "privatelink.ods.opinsights.azure.com", "privatelink.agentsvc.azure-automation.net", "privatelink.blob.core.windows.net"];

describe("other names at their length limits (a pass at the limit, a fail one past it)", () => {
  const gw = (extra: Partial<TopologyInput> = {}, gateway: GatewayEntry = { name: "east" }) => gatewayTopology([gateway], extra);
  const cluster = (extra: Partial<KubernetesCluster>) => gw({ kubernetes: { clusters: [k8s(extra)] } });
  const aks = (vmSize: string) => topologyInput({ spokes: [{ name: "aks", addressSpace: ["10.4.0.0/22"], arcRules: "none" }], aksClusters: [{ name: "a", spoke: "aks", serviceCidr: "10.100.0.0/16", vmSize }] });
  const subnet = (name: string) => topologyInput({ spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], subnets: [{ name, addressPrefix: "10.1.0.0/25" }] }] });

  it("a Terraform Cloud organization: 64 pass, 65 fail", () => {
    expect(problemLines(topologyInput({ backend: { type: "cloud", organization: "a".repeat(64) } }))).toEqual([]);
    expect(problemLines(topologyInput({ backend: { type: "cloud", organization: "a".repeat(65) } }))).toEqual([
      `backend.organization: a Terraform Cloud organization name is 1-64 of letters, digits, '-' and '_'; got "${"a".repeat(65)}". Fix: copy it from the organization's settings`,
    ]);
  });

  it("a Key Vault name of the keyVault scenario: 24 pass, 25 fail", () => {
    expect(problemLines(gw({}, { name: "east", scenarios: ["keyVault"], keyVaults: ["k".repeat(24)] }))).toEqual([]);
    expect(problemLines(gw({}, { name: "east", scenarios: ["keyVault"], keyVaults: ["k".repeat(25)] }))).toEqual([`arcGateways[0].keyVaults[0]: a Key Vault name is 3-24 of letters, digits and '-'; got "${"k".repeat(25)}". Fix: e.g. kv-contoso`]);
  });

  it("a cluster's distribution and infrastructure: 40 pass, 41 fail", () => {
    expect(problemLines(cluster({ distribution: "a".repeat(40), infrastructure: "b".repeat(40) }))).toEqual([]);
    expect(problemLines(cluster({ distribution: "a".repeat(41), infrastructure: "b".repeat(41) }))).toEqual([
      `kubernetes.clusters[0].distribution: a distribution is 1-40 of a-z, 0-9 and '_'; got "${"a".repeat(41)}". Fix: e.g. generic, k3s, openshift`,
      `kubernetes.clusters[0].infrastructure: an infrastructure is 1-40 of a-z, 0-9 and '_'; got "${"b".repeat(41)}". Fix: e.g. generic, azure_stack_hci, vsphere`,
    ]);
  });

  it("cluster connect: a cluster role of 253 and a service account name and namespace of 63 pass; 254 and 64 fail", () => {
    expect(problemLines(cluster({ clusterConnect: { clusterRole: "a".repeat(253), serviceAccount: { name: "s".repeat(63), namespace: "n".repeat(63) } } }))).toEqual([]);
    expect(problemLines(cluster({ clusterConnect: { clusterRole: "a".repeat(254), serviceAccount: { name: "s".repeat(64), namespace: "n".repeat(64) } } }))).toEqual([
      `kubernetes.clusters[0].clusterConnect.serviceAccount.name: a service account name is 1-63 of a-z, 0-9 and '-', not starting or ending with '-'; got "${"s".repeat(64)}". Fix: e.g. arc-admin`,
      `kubernetes.clusters[0].clusterConnect.serviceAccount.namespace: a namespace is 1-63 of a-z, 0-9 and '-', not starting or ending with '-'; got "${"n".repeat(64)}". Fix: e.g. default`,
      `kubernetes.clusters[0].clusterConnect.clusterRole: a cluster role name is 1-253 of a-z, 0-9, '-', '.' and ':', starting and ending with a letter or digit; got "${"a".repeat(120)}"... (254 characters). Fix: e.g. view or cluster-admin`,
    ]);
  });

  it("a subnet name: 80 pass, 81 fail", () => {
    expect(problemLines(subnet("s".repeat(80)))).toEqual([]);
    expect(problemLines(subnet("s".repeat(81)))).toEqual([`spokes[0].subnets[0].name: a subnet name is 1-80 of letters, digits, '.', '-', '_'; got "${"s".repeat(81)}". Fix: e.g. workload`]);
  });

  it("an AKS VM size: 64 pass, 65 fail", () => {
    expect(problemLines(aks("V".repeat(64)))).toEqual([]);
    expect(problemLines(aks("V".repeat(65)))).toEqual([`aksClusters[0].vmSize: a VM size is 1-64 of letters, digits and '_'; got "${"V".repeat(65)}". Fix: e.g. Standard_D4ds_v5 (az vm list-sizes lists them)`]);
  });
});

describe("name and tag patterns at their length limits", () => {
  const NAME = (v: string) => `name: a name is 2-20 of a-z, 0-9 and '-', not starting or ending with '-'; got "${v}". Fix: e.g. contoso`;

  it.each(["ab", "a".repeat(20), "a-1"])("passes the topology name %s (2-20 characters)", (name) => {
    expect(problemLines(topologyInput({ name }))).toEqual([]);
  });

  it.each(["a", "a".repeat(21), "-ab", "ab-", "a_b"])("fails for the topology name %s", (name) => {
    expect(problemLines(topologyInput({ name }))).toEqual([NAME(name)]);
  });

  const short = (kind: string, example: string, path: string, v: string) => `${path}: a ${kind} name is 1-24 of a-z, 0-9 and '-', not starting or ending with '-'; got "${v}". Fix: e.g. ${example}`;
  const at24 = "a".repeat(24);
  const at25 = "a".repeat(25);

  it("passes short names of 1 and 24 characters, and fails at 25: spokes", () => {
    expect(problemLines(topologyInput({ spokes: [{ name: at24, addressSpace: ["10.1.0.0/24"] }, { name: "b", addressSpace: ["10.2.0.0/24"] }] }))).toEqual([]);
    expect(problemLines(topologyInput({ spokes: [{ name: at25, addressSpace: ["10.1.0.0/24"] }] }))).toEqual([short("spoke", "app1", "spokes[0].name", at25)]);
    expect(problemLines(topologyInput({ spokes: [{ name: "-a", addressSpace: ["10.1.0.0/24"] }] }))).toEqual([short("spoke", "app1", "spokes[0].name", "-a")]);
  });

  it("gateways: 24 passes, 25 fails", () => {
    expect(problemLines(gatewayTopology([{ name: at24 }]))).toEqual([]);
    expect(problemLines(gatewayTopology([{ name: at25 }]))).toEqual([short("gateway", "eu1", "arcGateways[0].name", at25)]);
  });

  it("Kubernetes clusters: 24 passes, 25 fails", () => {
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ name: at24 })] } }))).toEqual([]);
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ name: at25 })] } }))).toEqual([short("cluster", "edge01", "kubernetes.clusters[0].name", at25)]);
  });

  it("hisRegionCode: 8 characters pass, 9 fail", () => {
    expect(problemLines(gatewayTopology([{ name: "east", hisRegionCode: "abcdefgh" }]))).toEqual([]);
    expect(problemLines(gatewayTopology([{ name: "east", hisRegionCode: "abcdefghi" }]))).toEqual(['arcGateways[0].hisRegionCode: a short region code is 1-8 of a-z, 0-9; got "abcdefghi". Fix: e.g. weu']);
    expect(problemLines(topologyInput({ privateLink: { hisRegionCode: "abcdefgh" } }))).toEqual([]);
    expect(problemLines(topologyInput({ privateLink: { hisRegionCode: "abcdefghi" } }))).toEqual(['privateLink.hisRegionCode: a short region code is 1-8 of a-z, 0-9; got "abcdefghi". Fix: e.g. weu']);
  });

  const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "x"]));

  it("tags: 50 pass, 51 fail", () => {
    expect(problemLines(topologyInput({ tags: tags(50) }))).toEqual([]);
    expect(problemLines(topologyInput({ tags: tags(51) }))).toEqual([`tags: Azure allows at most 50 tags; got ${JSON.stringify(tags(51)).slice(0, 197)}.... Fix: drop some`]);
  });

  it("tag names: 512 characters pass, 513 fail", () => {
    const n512 = "n".repeat(512);
    const n513 = "n".repeat(513);
    expect(problemLines(topologyInput({ tags: { [n512]: "x" } }))).toEqual([]);
    expect(problemLines(topologyInput({ tags: { [n513]: "x" } }))).toEqual([`tags.${n513}: a tag name is 1-512 characters; got "${"n".repeat(120)}"... (513 characters). Fix: rename it`]);
  });

  it("tag values: 256 characters pass, 257 fail", () => {
    expect(problemLines(topologyInput({ tags: { owner: "v".repeat(256) } }))).toEqual([]);
    expect(problemLines(topologyInput({ tags: { owner: "v".repeat(257) } }))).toEqual([`tags.owner: a tag value has at most 256 characters; got "${"v".repeat(120)}"... (257 characters). Fix: shorten it`]);
  });

  it.each(["<", ">", "%", "&", "\\", "?", "/"])("fails for a tag name with %s", (c) => {
    expect(problemLines(topologyInput({ tags: { [`a${c}b`]: "x" } }))).toEqual([`tags[${JSON.stringify(`a${c}b`)}]: Azure refuses the characters < > % & \\ ? / in tag names; got ${JSON.stringify(`a${c}b`)}. Fix: rename it`]);
  });

  it("fails for a sovereign-cloud region, naming the public cloud", () => {
    expect(problemLines(topologyInput({ location: "usgovvirginia" }))).toEqual(['location: is a sovereign-cloud region; this library (and the Arc gateway) supports the Azure public cloud only; got "usgovvirginia". Fix: use a public-cloud region']);
    expect(problemLines(gatewayTopology([{ name: "east", location: "chinaeast2" }]))).toEqual(['arcGateways[0].location: is a sovereign-cloud region; this library (and the Arc gateway) supports the Azure public cloud only; got "chinaeast2". Fix: use a public-cloud region']);
  });
});

describe("structure: what needs a hub", () => {
  it("fails when privateLink and arcGateways share a topology", () => {
    expect(problemLines(topologyInput({ arcGateways: [{ name: "east" }, { name: "west" }] }))).toEqual([
      'arcGateways: privateLink and arcGateways cannot share a topology: private-link and non-private-link Arc resources cannot share DNS (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"), and one topology is one on-premises DNS domain; got ["east","west"]. Fix: put the gateways in a topology file of their own',
    ]);
  });

  it("passes a hub without privateLink next to arcGateways", () => {
    const { privateLink: _pl, ...input } = topologyInput({ arcGateways: [{ name: "east" }] });
    expect(problemLines(input)).toEqual([]);
  });

  it("fails when aksClusters have no hub", () => {
    expect(problemLines(gatewayTopology([{ name: "east" }], { aksClusters: [{ name: "ops", spoke: "aks" }, { name: "dev", spoke: "aks" }] }))).toEqual([
      'aksClusters: clusters go in spokes, and there is no hub; got ["ops","dev"]. Fix: add hub and spokes',
      'aksClusters[0].spoke: names no spoke of this topology; got "aks". Fix: add the spoke or fix the name',
      'aksClusters[1].spoke: names no spoke of this topology; got "aks". Fix: add the spoke or fix the name',
    ]);
  });

  it("hasHub and gatewayType", () => {
    expect(hasHub(topology())).toBe(true);
    expect(hasHub(validateTopology(gatewayTopology([{ name: "east" }])))).toBe(false);
    expect(gatewayType(topology())).toBe("Vpn");
    expect(gatewayType(topology({ onPremises: { addressSpace: ["172.16.0.0/16"] }, hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "expressroute" } } }))).toBe("ExpressRoute");
    expect(gatewayType(topology({ onPremises: { addressSpace: ["172.16.0.0/16"] }, hub: { addressSpace: ["10.0.0.0/22"] } }))).toBeUndefined();
    expect(gatewayType(validateTopology(gatewayTopology([{ name: "east" }])))).toBeUndefined();
  });
});

describe("address ranges", () => {
  const onPremises = (...addressSpace: string[]) => topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16", ...addressSpace], vpn: { gatewayAddress: "203.0.113.10" } } });

  it("fails when an on-premises /32 is the last address of the hub range (overlap at the edge)", () => {
    expect(problemLines(onPremises("10.0.3.255/32"))).toEqual([
      'onPremises.addressSpace[1]: overlaps hub.addressSpace[0] (10.0.0.0/22); hub, spokes and on-premises ranges must be disjoint for peering and routing; got "10.0.3.255/32". Fix: give each network its own range',
    ]);
  });

  it("fails when an on-premises /32 is the first address of the hub range", () => {
    expect(problemLines(onPremises("10.0.0.0/32"))).toEqual([
      'onPremises.addressSpace[1]: overlaps hub.addressSpace[0] (10.0.0.0/22); hub, spokes and on-premises ranges must be disjoint for peering and routing; got "10.0.0.0/32". Fix: give each network its own range',
    ]);
  });

  it("passes at the limit: on-premises /32s just outside the hub range", () => {
    expect(problemLines(onPremises("10.0.4.0/32", "9.255.255.255/32"))).toEqual([]);
  });

  it("fails when a spoke touches the hub's last address, and passes right after it", () => {
    expect(problemLines(topologyInput({ spokes: [{ name: "a", addressSpace: ["10.0.3.255/32"] }] }))).toEqual([
      'spokes[0].addressSpace[0]: overlaps hub.addressSpace[0] (10.0.0.0/22); hub, spokes and on-premises ranges must be disjoint for peering and routing; got "10.0.3.255/32". Fix: give each network its own range',
    ]);
    expect(problemLines(topologyInput({ spokes: [{ name: "a", addressSpace: ["10.0.4.0/29"] }] }))).toEqual([]);
  });

  it("passes at the limit: a /24 hub; fails for a /25 hub", () => {
    expect(problemLines(topologyInput({ hub: { addressSpace: ["10.0.0.0/24"], gateway: { type: "vpn" } } }))).toEqual([]);
    expect(problemLines(topologyInput({ hub: { addressSpace: ["10.0.0.0/25"], gateway: { type: "vpn" }, dnsResolver: false }, spokes: [] }))).toEqual([
      'hub.addressSpace[0]: the fixed hub layout needs a /24 or larger (endpoints .0/26, GatewaySubnet .64/27, resolver .96/28 and .112/28); got "10.0.0.0/25". Fix: use a /24 or larger',
    ]);
  });

  it("checks the reserved ranges of every hub and spoke range", () => {
    expect(problemLines(topologyInput({ hub: { addressSpace: ["10.0.0.0/22", "10.9.0.0/24", "127.0.0.0/24"], gateway: { type: "vpn" } }, spokes: [{ name: "a", addressSpace: ["10.1.0.0/24", "10.2.0.0/24", "169.254.0.0/24"], subnets: [{ name: "w", addressPrefix: "10.1.0.0/24" }] }] }))).toEqual([
      'hub.addressSpace[2]: overlaps 127.0.0.0/8 (loopback), which Azure does not allow in a virtual network; got "127.0.0.0/24". Fix: use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it',
      'spokes[0].addressSpace[2]: overlaps 169.254.0.0/16 (link-local), which Azure does not allow in a virtual network; got "169.254.0.0/24". Fix: use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it',
    ]);
  });
});

describe("spoke subnets", () => {
  const withSubnets = (subnets: Array<{ name: string; addressPrefix: string }>, addressSpace = ["10.1.0.0/24"]) => topologyInput({ spokes: [{ name: "a", addressSpace, subnets }] });

  it("passes at the limit: a /29 subnet; fails for a /30", () => {
    expect(problemLines(withSubnets([{ name: "w", addressPrefix: "10.1.0.0/29" }]))).toEqual([]);
    expect(problemLines(withSubnets([{ name: "w", addressPrefix: "10.1.0.0/30" }]))).toEqual(['spokes[0].subnets[0].addressPrefix: an Azure subnet is at most a /29; got "10.1.0.0/30". Fix: use a /29 or larger']);
  });

  it("fails when subnets overlap, and passes when they only touch", () => {
    expect(problemLines(withSubnets([{ name: "a", addressPrefix: "10.1.0.0/25" }, { name: "b", addressPrefix: "10.1.0.120/29" }]))).toEqual([
      'spokes[0].subnets[1].addressPrefix: overlaps spokes[0].subnets[0].addressPrefix (10.1.0.0/25); got "10.1.0.120/29". Fix: give each subnet its own range',
    ]);
    expect(problemLines(withSubnets([{ name: "a", addressPrefix: "10.1.0.0/25" }, { name: "b", addressPrefix: "10.1.0.128/25" }]))).toEqual([]);
  });

  it("fails for a repeated subnet name (any casing) and a name Azure reserves", () => {
    expect(problemLines(withSubnets([{ name: "web", addressPrefix: "10.1.0.0/25" }, { name: "Web", addressPrefix: "10.1.0.128/26" }, { name: "gatewaysubnet", addressPrefix: "10.1.0.192/26" }]))).toEqual([
      'spokes[0].subnets[1].name: subnet names are unique within a network (also used by spokes[0].subnets[0]); got "Web". Fix: rename one of them',
      'spokes[0].subnets[2].name: is reserved by Azure (GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet, AzureBastionSubnet, RouteServerSubnet); got "gatewaysubnet". Fix: choose another name; the hub holds the gateway',
    ]);
  });

  it("passes a subnet in the spoke's second range", () => {
    expect(problemLines(withSubnets([{ name: "w", addressPrefix: "10.2.0.0/24" }], ["10.1.0.0/24", "10.2.0.0/24"]))).toEqual([]);
  });
});

describe("private endpoints in the hub's endpoint subnet", () => {
  const vaults = (n: number) => Array.from({ length: n }, (_, i) => ({ type: "keyvault" as const, resourceId: vault(`kv${i}`) }));
  const blob = { type: "blob" as const, resourceId: armId("Microsoft.Storage/storageAccounts", "st1") };
  const automation = { type: "automation" as const, resourceId: armId("Microsoft.Automation/automationAccounts", "aa1") };

  it("counts the addresses each endpoint takes, by what takes them", () => {
    expect(hubEndpointAddresses(topology())).toEqual([{ what: "the Arc Private Link Scope", count: 1, each: 5 }]);
    expect(hubEndpointAddresses(topology({ privateLink: { monitor: {}, endpoints: [automation, ...vaults(2), blob] } }))).toEqual([
      { what: "the Arc Private Link Scope", count: 1, each: 5 },
      { what: "Azure Monitor", count: 1, each: 32 },
      { what: "keyvault endpoints", count: 2, each: 1 },
      { what: "blob endpoints", count: 1, each: 1 },
      { what: "automation endpoints", count: 1, each: 2 },
    ]);
    const { privateLink: _pl, ...noPrivateLink } = topologyInput();
    expect(hubEndpointAddresses(validateTopology(noPrivateLink))).toEqual([]);
  });

  it("passes at the limit: 5 + 32 + 2 + 1 + 19 = 59", () => {
    expect(problemLines(topologyInput({ privateLink: { monitor: {}, endpoints: [automation, blob, ...vaults(19)] } }))).toEqual([]);
  });

  it("fails when they need 61: the message lists each use and asks to free 2 addresses", () => {
    expect(problemLines(topologyInput({ privateLink: { monitor: {}, endpoints: [automation, blob, ...vaults(21)] } }))).toEqual([
      'privateLink.endpoints: the hub\'s endpoint subnet (a /26: 59 usable addresses) cannot hold these private endpoints: each takes one address per DNS record it serves, and they need 61 (the Arc Private Link Scope 5, Azure Monitor 32, keyvault endpoints 21 x 1, blob endpoints 1, automation endpoints 2); got "25 endpoints". Fix: free at least 2 addresses by removing endpoints, or put some in a topology file of their own',
    ]);
  });
});

describe("hub endpoint subnet: AKS API-server endpoints and the last address", () => {
  const vaults = (n: number) => Array.from({ length: n }, (_, i) => ({ type: "keyvault" as const, resourceId: vault(`kv${i}`) }));
  const access = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `a${i}`, clusterId: managedCluster(`aks${i}`), privateFqdn: fqdn(`aks${i}`), region: "northeurope" }));

  it("counts each AKS API-server endpoint as one address, after the private-link endpoints", () => {
    expect(hubEndpointAddresses(topology({ aksPrivateAccess: access(2) }))).toEqual([
      { what: "the Arc Private Link Scope", count: 1, each: 5 },
      { what: "AKS API-server endpoints", count: 2, each: 1 },
    ]);
  });

  it("passes at 59 with AKS endpoints (5 + 54)", () => {
    expect(problemLines(topologyInput({ aksPrivateAccess: access(54) }))).toEqual([]);
  });

  it("fails at 60 with AKS endpoints: the problem is on aksPrivateAccess and asks to free 1 address", () => {
    expect(problemLines(topologyInput({ aksPrivateAccess: access(55) }))).toEqual([
      'aksPrivateAccess: the hub\'s endpoint subnet (a /26: 59 usable addresses) cannot hold these private endpoints: each takes one address per DNS record it serves, and they need 60 (the Arc Private Link Scope 5, AKS API-server endpoints 55 x 1); got "56 endpoints". Fix: free at least 1 address by removing endpoints, or put some in a topology file of their own',
    ]);
  });

  it("fails at 60 with private-link endpoints only: the problem is on privateLink.endpoints", () => {
    expect(problemLines(topologyInput({ privateLink: { endpoints: vaults(55) } }))).toEqual([
      'privateLink.endpoints: the hub\'s endpoint subnet (a /26: 59 usable addresses) cannot hold these private endpoints: each takes one address per DNS record it serves, and they need 60 (the Arc Private Link Scope 5, keyvault endpoints 55 x 1); got "56 endpoints". Fix: free at least 1 address by removing endpoints, or put some in a topology file of their own',
    ]);
  });
});

describe("hub peerings (500 per virtual network)", () => {
  const spoke = (i: number) => ({ name: `s${i}`, addressSpace: [`10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`], arcRules: "none" as const });
  const withSpokes = (n: number) => parsed(topologyInput({ spokes: Array.from({ length: n }, (_, i) => spoke(i)) }));

  it("passes at the limit: 500 spokes", () => {
    expect(ruleLines(withSpokes(500))).toEqual([]);
  });

  it("fails at 501 spokes", () => {
    expect(ruleLines(withSpokes(501))).toEqual(["spokes: the hub peers with every spoke, and a virtual network has at most 500 peerings (Azure limit); got 501. Fix: spread the spokes over more hubs (one topology file each)"]);
  });
});

describe("spokes", () => {
  it("fails for a spoke named hub, and passes hub1", () => {
    expect(problemLines(topologyInput({ spokes: [{ name: "hub", addressSpace: ["10.1.0.0/24"] }] }))).toEqual(['spokes[0].name: "hub" names the hub network; got "hub". Fix: choose another name']);
    expect(problemLines(topologyInput({ spokes: [{ name: "hub1", addressSpace: ["10.1.0.0/24"] }] }))).toEqual([]);
  });

  it("fails for each repeat of a spoke name", () => {
    expect(problemLines(topologyInput({ spokes: ["10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24"].map((r) => ({ name: "app", addressSpace: [r] })) }))).toEqual([
      'spokes[1].name: spoke names are unique (also spokes[0]); they name the networks; got "app". Fix: rename one of them',
      'spokes[2].name: spoke names are unique (also spokes[0]); they name the networks; got "app". Fix: rename one of them',
    ]);
  });

  it("derives each spoke's DNS: zone links, the hub resolver, or Azure DNS", () => {
    const input = { spokes: [{ name: "a", addressSpace: ["10.1.0.0/24"], dnsLinks: true }, { name: "b", addressSpace: ["10.2.0.0/24"] }] };
    const t = topology(input);
    expect(t.spokes.map((s) => spokeDns(t, s))).toEqual(["links", "resolver"]);
    const noResolver = parsed(topologyInput({ ...input, hub: { addressSpace: ["10.0.0.0/22"], dnsResolver: false } }));
    expect(noResolver.spokes.map((s) => spokeDns(noResolver, s))).toEqual(["links", "azure"]);
  });

  const noResolver = (extra: Partial<TopologyInput> = {}) => topologyInput({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" }, dnsResolver: false }, ...extra });

  it("fails for each spoke without zone links when the hub has no resolver", () => {
    expect(problemLines(noResolver({ spokes: [{ name: "a", addressSpace: ["10.1.0.0/24"] }, { name: "b", addressSpace: ["10.2.0.0/24"], dnsLinks: true }, { name: "c", addressSpace: ["10.3.0.0/24"] }] }))).toEqual([
      "spokes[0].dnsLinks: a spoke without zone links resolves private endpoints through the hub resolver, and hub.dnsResolver is false; got false. Fix: set dnsLinks: true or hub.dnsResolver: true",
      "spokes[2].dnsLinks: a spoke without zone links resolves private endpoints through the hub resolver, and hub.dnsResolver is false; got false. Fix: set dnsLinks: true or hub.dnsResolver: true",
    ]);
  });

  it("passes spokes without zone links or resolver when the hub has no zones: no private link, or dns.mode policy", () => {
    const { privateLink: _pl, ...withoutPrivateLink } = noResolver();
    expect(problemLines(withoutPrivateLink)).toEqual([]);
    expect(problemLines(noResolver({ privateLink: { dns: { mode: "policy" } } }))).toEqual([]);
  });

  describe("virtual network links per zone (1,000: the hub and each spoke with dnsLinks)", () => {
    const spoke = (i: number) => ({ name: `s${i}`, addressSpace: [`10.${100 + Math.floor(i / 256)}.${i % 256}.0/24`], dnsLinks: true, arcRules: "servers" as const });
    const PEERINGS = (n: number) => `spokes: the hub peers with every spoke, and a virtual network has at most 500 peerings (Azure limit); got ${n}. Fix: spread the spokes over more hubs (one topology file each)`;
    let base: Topology;
    beforeAll(() => {
      base = parsed(topologyInput({ spokes: Array.from({ length: 999 }, (_, i) => spoke(i)) }));
    });

    it("passes at the limit: exactly 1,000 links (hub + 999 spokes; only the peering limit is broken)", () => {
      expect(ruleLines(base)).toEqual([PEERINGS(999)]);
    });

    it("fails at 1,001 links (hub + 1,000 spokes)", () => {
      expect(ruleLines({ ...base, spokes: [...base.spokes, spoke(999)] })).toEqual([
        PEERINGS(1000),
        "spokes: each private DNS zone would get 1001 virtual network links (hub + spokes with dnsLinks); Azure allows 1000; got 1001. Fix: set dnsLinks: false on some spokes: they then use the hub resolver",
      ]);
    });

    it("counts only spokes with dnsLinks", () => {
      expect(ruleLines({ ...base, spokes: [...base.spokes, { ...spoke(999), dnsLinks: false }] })).toEqual([PEERINGS(1000)]);
    });

    it("does not count links when the hub has no zones (dns.mode policy)", () => {
      const policy = { ...base, privateLink: { ...base.privateLink!, dns: { ...base.privateLink!.dns, mode: "policy" as const, zoneIds: {} } } };
      expect(ruleLines({ ...policy, spokes: [...base.spokes, spoke(999)] })).toEqual([PEERINGS(1000)]);
    });
  });
});

describe("the hub gateway and the on-premises connection", () => {
  const er = { circuitId: armId("Microsoft.Network/expressRouteCircuits", "er1", "rg-er") };

  it("fails when on-premises has both a VPN and ExpressRoute", () => {
    expect(problemLines(topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" }, expressRoute: er } }))).toEqual([
      'onPremises: the hub has one gateway, so on-premises connects by vpn or expressRoute, not both; got ["vpn","expressRoute"]. Fix: keep one of them',
      `onPremises.expressRoute: an ExpressRoute connection needs hub.gateway.type expressroute (hub.gateway is vpn); got {"circuitId":"${er.circuitId}"}. Fix: set hub.gateway: { type: expressroute } or remove onPremises.expressRoute`,
    ]);
  });

  it("fails when the VPN has no gateway", () => {
    expect(problemLines(topologyInput({ hub: { addressSpace: ["10.0.0.0/22"] } }))).toEqual([
      'onPremises.vpn: a site-to-site VPN needs hub.gateway.type vpn (hub.gateway is not set); got {"gatewayAddress":"203.0.113.10"}. Fix: set hub.gateway: { type: vpn } or remove onPremises.vpn',
    ]);
  });

  it("passes ExpressRoute with an expressroute gateway, and a gateway with no connection", () => {
    expect(problemLines(topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16"], expressRoute: er }, hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "expressroute" } } }))).toEqual([]);
    expect(problemLines(topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16"] } }))).toEqual([]);
  });

  it("fails for a SKU of the other gateway type, listing the allowed ones", () => {
    expect(problemLines(topologyInput({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn", sku: "ErGw1AZ" } } }))).toEqual([
      'hub.gateway.sku: is not a SKU azurerm 4.55 accepts for a gateway of type vpn (VpnGw1, VpnGw2, VpnGw3, VpnGw4, VpnGw5, VpnGw1AZ, VpnGw2AZ, VpnGw3AZ, VpnGw4AZ, VpnGw5AZ); got "ErGw1AZ". Fix: use one of them, e.g. VpnGw1AZ',
    ]);
  });

  it.each(["VpnGw1", "VpnGw5AZ"])("passes the VPN SKU %s", (sku) => {
    expect(problemLines(topologyInput({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn", sku } } }))).toEqual([]);
  });
});

describe("privateLink.dns.zoneIds and endpoints", () => {
  const existing = (zoneIds: Record<string, string>, extra: Record<string, unknown> = {}) => topologyInput({ privateLink: { dns: { mode: "existing", zoneIds }, ...extra } });
  const arcIds = Object.fromEntries(ARC_ZONES.map((z) => [z, zoneId(z)]));

  it("passes with exactly the zones used, ids naming their zone in any casing", () => {
    expect(problemLines(existing(arcIds))).toEqual([]);
    expect(problemLines(existing({ ...arcIds, [ARC_ZONES[0]]: zoneId(ARC_ZONES[0].toUpperCase()) }))).toEqual([]);
  });

  it("fails for each zone missing", () => {
    expect(problemLines(existing({ [ARC_ZONES[1]]: zoneId(ARC_ZONES[1]) }))).toEqual(
      [ARC_ZONES[0], ARC_ZONES[2]].map(
        (z) =>
          `privateLink.dns.zoneIds: mode existing needs the id of every zone the topology uses; "${z}" is missing; got ["${ARC_ZONES[1]}"]. Fix: add "${z}": /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${z}`,
      ),
    );
  });

  it("fails for a key in another casing, without also calling the zone missing", () => {
    const key = "privatelink.HIS.arc.azure.com";
    const { [ARC_ZONES[0]]: _his, ...rest } = arcIds;
    expect(problemLines(existing({ ...rest, [key]: zoneId(ARC_ZONES[0]) }))).toEqual([
      `privateLink.dns.zoneIds["${key}"]: differs from the zone "${ARC_ZONES[0]}" only in its casing; zone names are written in lower case here, as Azure lists them; got "${key}". Fix: write "${ARC_ZONES[0]}"`,
    ]);
  });

  it("fails for a zone the topology does not use: a typo gets a suggestion, a known zone does not", () => {
    expect(problemLines(existing({ ...arcIds, "privatelink.vaultcore.azure.net": zoneId("privatelink.vaultcore.azure.net"), "privatelink.his.arc.azure.co": zoneId("privatelink.his.arc.azure.co") }))).toEqual([
      'privateLink.dns.zoneIds["privatelink.vaultcore.azure.net"]: is not a zone this topology uses; got "privatelink.vaultcore.azure.net". Fix: remove it',
      'privateLink.dns.zoneIds["privatelink.his.arc.azure.co"]: is not a zone this topology uses; got "privatelink.his.arc.azure.co". Fix: did you mean "privatelink.his.arc.azure.com"?',
    ]);
    expect(problemLines(existing({ ...arcIds, "contoso.com": zoneId("contoso.com") }))).toEqual(['privateLink.dns.zoneIds["contoso.com"]: is not a zone this topology uses; got "contoso.com". Fix: remove it']);
  });

  it("suggests no other zone for a known zone listed by mistake, however close (the westeurope AKS zone next to the northeurope one)", () => {
    const aks = "privatelink.northeurope.azmk8s.io";
    const input = existing({ ...arcIds, [aks]: zoneId(aks), "privatelink.westeurope.azmk8s.io": zoneId("privatelink.westeurope.azmk8s.io") });
    expect(problemLines({ ...input, subscriptionId: SUB, aksPrivateAccess: [{ name: "team", clusterId: armId("Microsoft.ContainerService/managedClusters", "aks-team"), region: "northeurope", privateFqdn: `team-1.abc.${aks}` }] })).toEqual([
      'privateLink.dns.zoneIds["privatelink.westeurope.azmk8s.io"]: is not a zone this topology uses; got "privatelink.westeurope.azmk8s.io". Fix: remove it',
    ]);
  });

  it("fails for an id that names another zone", () => {
    const id = zoneId("privatelink.blob.core.windows.net");
    expect(problemLines(existing({ ...arcIds, [ARC_ZONES[2]]: id }))).toEqual([
      `privateLink.dns.zoneIds["${ARC_ZONES[2]}"]: the id names zone privatelink.blob.core.windows.net, not ${ARC_ZONES[2]}; got "${id}". Fix: use the id of the zone named by the key`,
    ]);
  });

  it.each(["managed", "policy"] as const)("fails for zone ids in mode %s", (mode) => {
    expect(problemLines(topologyInput({ privateLink: { dns: { mode, zoneIds: arcIds } } }))).toEqual([
      `privateLink.dns.zoneIds: zone ids are only used in mode existing, and the mode is ${mode}; got ${JSON.stringify(ARC_ZONES)}. Fix: remove zoneIds or set mode: existing`,
    ]);
  });

  it("fails for a second endpoint to one resource, its name in any casing", () => {
    const endpoints = [
      { type: "keyvault" as const, resourceId: vault("kv1") },
      { type: "keyvault" as const, resourceId: vault("kv2") },
      { type: "keyvault" as const, resourceId: vault("KV1") },
      { type: "keyvault" as const, resourceId: vault("kv2") },
    ];
    expect(problemLines(topologyInput({ privateLink: { endpoints } }))).toEqual([
      `privateLink.endpoints[2].resourceId: one endpoint per resource (also endpoints[0]); got "${vault("KV1")}". Fix: remove the duplicate`,
      `privateLink.endpoints[3].resourceId: one endpoint per resource (also endpoints[1]); got "${vault("kv2")}". Fix: remove the duplicate`,
    ]);
  });
});

describe("zones and forwarders per feature", () => {
  const kv = { type: "keyvault" as const, resourceId: vault("kv1") };
  const blob = { type: "blob" as const, resourceId: armId("Microsoft.Storage/storageAccounts", "st1") };
  const automation = { type: "automation" as const, resourceId: armId("Microsoft.Automation/automationAccounts", "aa1") };

  it("Arc private link: the three Arc zones", () => {
    const t = topology();
    expect(neededZones(t)).toEqual(ARC_ZONES);
    expect(neededForwarders(t)).toEqual(["his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com"]);
  });

  it("with Monitor: the Monitor zones after them", () => {
    const t = topology({ privateLink: { monitor: {} } });
    expect(neededZones(t)).toEqual([...ARC_ZONES, ...MONITOR_ZONES]);
    expect(neededForwarders(t)).toEqual([
      "his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com",
      "monitor.azure.com", "oms.opinsights.azure.com", "ods.opinsights.azure.com", "agentsvc.azure-automation.net", "blob.core.windows.net",
    ]);
  });

  it("with Key Vault, Blob and Automation endpoints: their zones in endpoint order; Key Vault forwards two zones", () => {
    const t = topology({ privateLink: { endpoints: [automation, kv, blob] } });
    expect(neededZones(t)).toEqual([...ARC_ZONES, "privatelink.azure-automation.net", "privatelink.vaultcore.azure.net", "privatelink.blob.core.windows.net"]);
    expect(neededForwarders(t)).toEqual(["his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com", "azure-automation.net", "vault.azure.net", "vaultcore.azure.net", "blob.core.windows.net"]);
  });

  it("Monitor and a Blob endpoint share the blob zone once", () => {
    const t = topology({ privateLink: { monitor: {}, endpoints: [blob, kv] } });
    expect(neededZones(t)).toEqual([...ARC_ZONES, ...MONITOR_ZONES, "privatelink.vaultcore.azure.net"]);
    expect(neededForwarders(t)).toEqual([
      "his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com",
      "monitor.azure.com", "oms.opinsights.azure.com", "ods.opinsights.azure.com", "agentsvc.azure-automation.net", "blob.core.windows.net",
      "vault.azure.net", "vaultcore.azure.net",
    ]);
  });

  it("without private link or AKS: no zones", () => {
    const { privateLink: _pl, ...input } = topologyInput();
    expect(neededZones(validateTopology(input))).toEqual([]);
    expect(neededForwarders(validateTopology(input))).toEqual([]);
  });
});

describe("Arc gateways", () => {
  const gateways = (n: number, sub?: (i: number) => string | undefined) => Array.from({ length: n }, (_, i) => ({ name: `gw${i}`, ...(sub?.(i) ? { subscriptionId: sub(i) } : {}) }));

  it("passes at the limit: 5 gateways in one subscription", () => {
    expect(problemLines(gatewayTopology(gateways(5)))).toEqual([]);
  });

  it("fails for the 6th gateway in one subscription", () => {
    expect(problemLines(gatewayTopology(gateways(6)))).toEqual([
      `arcGateways[5]: Azure allows 5 Arc gateways per subscription, and ${SUB} would get 6 (arcGateways[0], arcGateways[1], arcGateways[2], arcGateways[3], arcGateways[4], arcGateways[5]); got 6. Fix: share gateways: any Arc resource of the tenant can use any gateway`,
    ]);
  });

  it("counts per subscription: a gateway's own, else the topology's, else the environment's", () => {
    expect(problemLines(gatewayTopology(gateways(6, (i) => (i === 0 ? OTHER : undefined))))).toEqual([]);
    expect(problemLines(gatewayTopology(gateways(7, (i) => (i < 6 ? OTHER : undefined))))).toEqual([
      `arcGateways[5]: Azure allows 5 Arc gateways per subscription, and ${OTHER} would get 6 (arcGateways[0], arcGateways[1], arcGateways[2], arcGateways[3], arcGateways[4], arcGateways[5]); got 6. Fix: share gateways: any Arc resource of the tenant can use any gateway`,
    ]);
    const { subscriptionId: _s, ...noSubscription } = gatewayTopology(gateways(6, (i) => (i === 5 ? SUB : undefined)));
    expect(problemLines(noSubscription)).toEqual([]);
    const { subscriptionId: _t, ...environment } = gatewayTopology(gateways(6));
    expect(problemLines(environment)).toEqual([
      "arcGateways[5]: Azure allows 5 Arc gateways per subscription, and (the environment's subscription) would get 6 (arcGateways[0], arcGateways[1], arcGateways[2], arcGateways[3], arcGateways[4], arcGateways[5]); got 6. Fix: share gateways: any Arc resource of the tenant can use any gateway",
    ]);
  });

  it("fails for a repeated gateway name", () => {
    expect(problemLines(gatewayTopology([{ name: "east" }, { name: "east", subscriptionId: THIRD }]))).toEqual(['arcGateways[1].name: gateway names are unique (also arcGateways[0]); they name the stacks; got "east". Fix: rename one of them']);
  });

  it("fails for a machine in two gateways (any casing), or twice in one", () => {
    expect(problemLines(gatewayTopology([{ name: "east", machines: [machine("web01"), machine("web02")] }, { name: "west", machines: [machine("WEB01")] }]))).toEqual([
      `arcGateways[1].machines[0]: a machine or cluster uses one gateway, and arcGateways[0].machines[0] already associates it; got "${machine("WEB01")}". Fix: list it once`,
    ]);
    expect(problemLines(gatewayTopology([{ name: "east", machines: [machine("web01"), machine("web01")] }]))).toEqual([
      `arcGateways[0].machines[1]: a machine or cluster uses one gateway, and arcGateways[0].machines[0] already associates it; got "${machine("web01")}". Fix: list it once`,
    ]);
  });

  it("fails for a cluster in two gateways, and passes the same name in another subscription", () => {
    const cluster = (sub: string) => ({ id: connected("edge01", "rg-k8s", sub), serviceCidr: "10.96.0.0/12" });
    expect(problemLines(gatewayTopology([{ name: "east", clusters: [cluster(SUB)] }, { name: "west", clusters: [cluster(SUB)] }]))).toEqual([
      `arcGateways[1].clusters[0].id: a machine or cluster uses one gateway, and arcGateways[0].clusters[0].id already associates it; got "${connected("edge01")}". Fix: list it once`,
    ]);
    expect(problemLines(gatewayTopology([{ name: "east", clusters: [cluster(SUB)] }, { name: "west", clusters: [cluster(OTHER)] }]))).toEqual([]);
  });

  it("fails where the location has no known his code, and passes with hisRegionCode", () => {
    expect(problemLines(gatewayTopology([{ name: "east" }], { location: "westus3" }))).toEqual([
      "arcGateways[0].hisRegionCode: the allowlist needs the short code of <code>.his.arc.azure.com for westus3, and no public source gives it; got nothing. Fix: look it up (e.g. in the agent's logs or the portal's network requirements) and set hisRegionCode",
    ]);
    expect(problemLines(gatewayTopology([{ name: "east", hisRegionCode: "wus3" }], { location: "westus3" }))).toEqual([]);
  });

  it("fails for keyVaults without the keyVault scenario, and for the scenario without vaults", () => {
    expect(problemLines(gatewayTopology([{ name: "east", scenarios: ["defender"], keyVaults: ["kv-contoso"] }]))).toEqual([
      'arcGateways[0].scenarios: keyVaults are listed but the keyVault scenario is off; got ["defender"]. Fix: add "keyVault" to scenarios or remove keyVaults',
    ]);
    expect(problemLines(gatewayTopology([{ name: "east", scenarios: ["keyVault"] }]))).toEqual([
      "arcGateways[0].keyVaults: the keyVault scenario allows <vault>.vault.azure.net per vault, and no vault is listed; got []. Fix: list the vault names",
    ]);
    expect(problemLines(gatewayTopology([{ name: "east", scenarios: ["keyVault"], keyVaults: ["kv-contoso"] }]))).toEqual([]);
  });

  it("fails for a scenario listed twice", () => {
    expect(problemLines(gatewayTopology([{ name: "east", scenarios: ["defender", "azurePolicy", "defender", "defender"] }]))).toEqual([
      'arcGateways[0].scenarios[2]: each scenario is listed once; got "defender". Fix: remove the duplicate',
      'arcGateways[0].scenarios[3]: each scenario is listed once; got "defender". Fix: remove the duplicate',
    ]);
  });
});

describe("cluster proxies", () => {
  const SUFFIXES = ["kubernetes.default.svc", ".svc.cluster.local", ".svc"];
  const gatewayCluster = (proxy: Record<string, unknown>, serviceCidr = "10.96.0.0/12") => gatewayTopology([{ name: "east", clusters: [{ id: connected("edge01"), serviceCidr, proxy: { https: "http://proxy:3128", ...proxy } }] }]);

  it("fails for a TLS-inspecting proxy through a gateway", () => {
    expect(problemLines(gatewayCluster({ tlsInspection: true }))).toEqual([
      "arcGateways[0].clusters[0].proxy.tlsInspection: the Arc gateway does not support TLS-terminating (inspecting) proxies; got true. Fix: exempt the gateway and Arc hosts from TLS inspection, then set tlsInspection: false",
    ]);
  });

  it("passes a skip range that covers the service CIDR with a wider range, and the default skip range", () => {
    expect(problemLines(gatewayCluster({ skipRange: ["10.0.0.0/8", ...SUFFIXES] }))).toEqual([]);
    expect(problemLines(gatewayCluster({}))).toEqual([]);
  });

  it("fails for a skip range without the service CIDR", () => {
    const skipRange = ["10.96.0.0/13", ...SUFFIXES];
    expect(problemLines(gatewayCluster({ skipRange }))).toEqual([
      `arcGateways[0].clusters[0].proxy.skipRange: the skip range must cover the cluster's service CIDR (10.96.0.0/12), or in-cluster traffic goes to the proxy; got ${JSON.stringify(skipRange)}. Fix: add 10.96.0.0/12, or leave skipRange out for the default`,
    ]);
  });

  it("fails for a skip range missing in-cluster names, listing them", () => {
    const skipRange = ["10.96.0.0/12", ".svc.cluster.local"];
    expect(problemLines(gatewayCluster({ skipRange }))).toEqual([
      `arcGateways[0].clusters[0].proxy.skipRange: the skip range must hold kubernetes.default.svc, .svc.cluster.local, .svc; missing kubernetes.default.svc, .svc; got ${JSON.stringify(skipRange)}. Fix: add kubernetes.default.svc, .svc`,
    ]);
  });

  it("clusterProxyProblems: nothing without a proxy; TLS inspection is an error only through a gateway", () => {
    expect(clusterProxyProblems("x", undefined, "10.96.0.0/12", true)).toEqual([]);
    expect(clusterProxyProblems("x", { https: "http://p:1", tlsInspection: true }, "10.96.0.0/12", false)).toEqual([]);
    expect(clusterProxyProblems("x", { https: "http://p:1", tlsInspection: true }, "10.96.0.0/12", true).map((p) => p.path)).toEqual(["x.proxy.tlsInspection"]);
  });
});

describe("kubernetes.clusters", () => {
  const privateLinkCluster = (overrides: Partial<KubernetesCluster> = {}) => topologyInput({ kubernetes: { clusters: [k8s({ gateway: undefined, ...overrides })] } });
  const LIMITATION = 'Azure Arc private link does not support cluster connect or custom locations (Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link")';
  const G = "9a2b3c4d-0000-4000-8000-00000000abcd";

  it("passes a private-link cluster in the scope's region, and a gateway cluster", () => {
    expect(problemLines(privateLinkCluster({ location: "westeurope" }))).toEqual([]);
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s()] } }))).toEqual([]);
  });

  it("fails for a repeated cluster name", () => {
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s(), k8s({ serviceCidr: "10.44.0.0/16" })] } }))).toEqual([
      'kubernetes.clusters[1].name: cluster names are unique (also kubernetes.clusters[0]); they name the stacks; got "edge1". Fix: rename one of them',
    ]);
  });

  it("fails for a gateway that names no entry: with a suggestion for a typo, else without", () => {
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ gateway: "eest" })] } }))).toEqual(['kubernetes.clusters[0].gateway: names no arcGateways entry; got "eest". Fix: did you mean "east"?']);
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ gateway: "frankfurt" })] } }))).toEqual([
      'kubernetes.clusters[0].gateway: names no arcGateways entry; got "frankfurt". Fix: add the gateway to arcGateways or fix the name',
    ]);
  });

  it("fails for a cluster with neither private link nor a gateway", () => {
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ gateway: undefined })] } }))).toEqual([
      'kubernetes.clusters[0]: a cluster connects through the topology\'s private link scope or an Arc gateway, and this topology has no privateLink and the cluster no gateway; got "edge1". Fix: add privateLink, or set gateway to an arcGateways entry',
    ]);
  });

  it("fails for cluster connect, custom locations and another region with private link", () => {
    expect(problemLines(privateLinkCluster({ clusterConnect: { serviceAccount: { name: "arc" }, entraObjectIds: [G] }, customLocations: true, location: "northeurope" }))).toEqual([
      `kubernetes.clusters[0].clusterConnect: ${LIMITATION}; got ["serviceAccount","entraObjectIds"]. Fix: remove clusterConnect, or connect this cluster through an Arc gateway in a topology of its own`,
      `kubernetes.clusters[0].customLocations: ${LIMITATION}; got true. Fix: set customLocations: false, or use a gateway topology`,
      "kubernetes.clusters[0].location: a private-link cluster must be in its Private Link Scope's region (westeurope); got \"northeurope\". Fix: remove location or set it to westeurope",
    ]);
    expect(problemLines(privateLinkCluster({ clusterConnect: { azureRbacPrincipalIds: [G], clusterRole: "admin" } }))).toEqual([
      `kubernetes.clusters[0].clusterConnect: ${LIMITATION}; got ["clusterRole","azureRbacPrincipalIds"]. Fix: remove clusterConnect, or connect this cluster through an Arc gateway in a topology of its own`,
    ]);
  });

  it("fails for cluster connect without a service account, object ids or principals", () => {
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ clusterConnect: {} })] } }))).toEqual([
      'kubernetes.clusters[0].clusterConnect: cluster connect needs a way to authorize: a service account, Entra object ids or Azure RBAC principals (Microsoft Learn, "Use cluster connect to securely connect to Azure Arc-enabled Kubernetes clusters"); got {"entraObjectIds":[],"clusterRole":"view","azureRbacPrincipalIds":[]}. Fix: set serviceAccount, entraObjectIds or azureRbacPrincipalIds',
    ]);
  });

  it.each([
    [{ serviceAccount: { name: "arc" } }],
    [{ entraObjectIds: [G] }],
    [{ azureRbacPrincipalIds: [G] }],
  ])("passes cluster connect with %j", (clusterConnect) => {
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ clusterConnect })] } }))).toEqual([]);
  });

  it("allows a TLS-inspecting proxy with private link, and checks its skip range", () => {
    expect(problemLines(privateLinkCluster({ proxy: { https: "http://proxy:3128", tlsInspection: true } }))).toEqual([]);
    expect(problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ proxy: { https: "http://proxy:3128", tlsInspection: true } })] } }))).toEqual([
      "kubernetes.clusters[0].proxy.tlsInspection: the Arc gateway does not support TLS-terminating (inspecting) proxies; got true. Fix: exempt the gateway and Arc hosts from TLS inspection, then set tlsInspection: false",
    ]);
    expect(problemLines(privateLinkCluster({ proxy: { https: "http://proxy:3128", skipRange: ["10.43.0.0/16", ".svc"] } }))).toEqual([
      'kubernetes.clusters[0].proxy.skipRange: the skip range must hold kubernetes.default.svc, .svc.cluster.local, .svc; missing kubernetes.default.svc, .svc.cluster.local; got ["10.43.0.0/16",".svc"]. Fix: add kubernetes.default.svc, .svc.cluster.local',
    ]);
  });

  it("fails when arcGateways lists a gateway cluster the topology creates (a given resource group, no topology subscription)", () => {
    const { subscriptionId: _s, ...input } = gatewayTopology([{ name: "east", clusters: [{ id: connected("EDGE1", "RG-Edge", OTHER), serviceCidr: "10.43.0.0/16" }] }], {
      kubernetes: { clusters: [k8s({ resourceGroup: { name: "rg-edge" } })] },
    });
    expect(problemLines(input)).toEqual([
      `arcGateways[0].clusters[0].id: is the connected cluster that kubernetes.clusters[0] creates, which its own stack associates with gateway east; a cluster uses one gateway, associated once; got "${connected("EDGE1", "RG-Edge", OTHER)}". Fix: remove it from arcGateways[0].clusters`,
    ]);
  });

  it("compares the resource group and the subscription case-insensitively on both sides", () => {
    const UPPER = "AAAAAAAA-0000-0000-0000-000000000000";
    const lower = UPPER.toLowerCase();
    const line = (id: string) => `arcGateways[0].clusters[0].id: is the connected cluster that kubernetes.clusters[0] creates, which its own stack associates with gateway east; a cluster uses one gateway, associated once; got "${id}". Fix: remove it from arcGateways[0].clusters`;
    const input = (id: string, subscriptionId: string) => gatewayTopology([{ name: "east", clusters: [{ id, serviceCidr: "10.43.0.0/16" }] }], { subscriptionId, kubernetes: { clusters: [k8s({ resourceGroup: { name: "RG-Edge" } })] } });
    expect(problemLines(input(connected("edge1", "rg-edge", lower), UPPER))).toEqual([line(connected("edge1", "rg-edge", lower))]);
    expect(problemLines(input(connected("edge1", "rg-edge", UPPER), lower))).toEqual([line(connected("edge1", "rg-edge", UPPER))]);
  });

  it("passes another cluster of the same resource group in arcGateways", () => {
    expect(problemLines(gatewayTopology([{ name: "east", clusters: [{ id: connected("edge2", "rg-contoso-k8s-edge1"), serviceCidr: "10.43.0.0/16" }] }], { kubernetes: { clusters: [k8s()] } }))).toEqual([]);
  });

  it("names the private link scope for a private-link cluster listed under arcGateways too", () => {
    const id = connected("edge1", "rg-contoso-k8s-edge1");
    expect(problemLines(topologyInput({ subscriptionId: SUB, arcGateways: [{ name: "east", clusters: [{ id, serviceCidr: "10.43.0.0/16" }] }], kubernetes: { clusters: [k8s({ gateway: undefined })] } }))).toEqual([
      'arcGateways: privateLink and arcGateways cannot share a topology: private-link and non-private-link Arc resources cannot share DNS (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"), and one topology is one on-premises DNS domain; got ["east"]. Fix: put the gateways in a topology file of their own',
      `arcGateways[0].clusters[0].id: is the connected cluster that kubernetes.clusters[0] creates, which its own stack associates with the private link scope; a cluster uses one gateway, associated once; got "${id}". Fix: remove it from arcGateways[0].clusters`,
    ]);
  });

  it("skips a gateway cluster id that does not parse (kubernetesProblems on an unvalidated topology)", () => {
    const t = parsed(gatewayTopology([{ name: "east", clusters: [{ id: connected("edge1", "rg-contoso-k8s-edge1"), serviceCidr: "10.43.0.0/16" }] }], { kubernetes: { clusters: [k8s()] } }));
    const bogus = { ...t, arcGateways: [{ ...t.arcGateways[0], clusters: [{ ...t.arcGateways[0].clusters[0], id: "edge1" }] }] };
    expect(ruleLines(bogus)).toEqual([]);
    const { subscriptionId: _s, ...noSubscription } = bogus;
    expect(ruleLines(noSubscription as Topology)).toEqual([]);
  });

  it("lists only the cluster connect fields written, leaving out explicit undefined values", () => {
    const t = parsed(topologyInput({ kubernetes: { clusters: [k8s({ gateway: undefined, clusterConnect: { entraObjectIds: [G] } })] } }));
    const c = t.kubernetes.clusters[0];
    expect(ruleLines({ ...t, kubernetes: { clusters: [{ ...c, clusterConnect: { ...c.clusterConnect!, serviceAccount: undefined } }] } })).toEqual([
      `kubernetes.clusters[0].clusterConnect: ${LIMITATION}; got ["entraObjectIds"]. Fix: remove clusterConnect, or connect this cluster through an Arc gateway in a topology of its own`,
    ]);
  });

  it("names the resource group and the gateway of a cluster, and adds clusterConnect to its gateway's scenarios (derivations)", () => {
    const t = validateTopology(
      gatewayTopology([{ name: "east", scenarios: ["defender"] }, { name: "west", scenarios: ["clusterConnect"] }, { name: "north" }], {
        kubernetes: { clusters: [k8s({ clusterConnect: { entraObjectIds: [G] } }), k8s({ name: "edge2", gateway: "west", clusterConnect: { entraObjectIds: [G] }, resourceGroup: { name: "rg-two" } }), k8s({ name: "edge3", gateway: "north" })] },
      }),
    );
    expect(t.kubernetes.clusters.map((c) => kubernetesResourceGroupName(t, c))).toEqual(["rg-contoso-k8s-edge1", "rg-two", "rg-contoso-k8s-edge3"]);
    expect(t.kubernetes.clusters.map((c) => clusterGateway(t, c)?.name)).toEqual(["east", "west", "north"]);
    expect(t.arcGateways.map((g) => gatewayScenarios(t, g))).toEqual([["defender", "clusterConnect"], ["clusterConnect"], []]);
    const pl = topology({ kubernetes: { clusters: [k8s({ gateway: undefined })] } });
    expect(clusterGateway(pl, pl.kubernetes.clusters[0])).toBeUndefined();
  });
});

describe("warnings (exact text)", () => {
  const HUB_GATEWAY = {
    path: "hub.gateway",
    message:
      'the Arc gateway preview did not support ExpressRoute or site-to-site VPN together with the gateway (Microsoft Learn, "Simplify network configuration requirements with Azure Arc gateway"); later docs dropped the rule. Check the current Arc gateway limitations before relying on both',
  };

  it("warns about a hub VPN or ExpressRoute gateway next to Arc gateways", () => {
    const { privateLink: _pl, ...input } = topologyInput({ arcGateways: [{ name: "east" }] });
    expect(topologyWarnings(validateTopology(input))).toEqual([HUB_GATEWAY]);
  });

  it("does not warn for a hub without a gateway next to Arc gateways, nor for a hub gateway alone", () => {
    const { privateLink: _pl, ...input } = topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16"] }, hub: { addressSpace: ["10.0.0.0/22"] }, arcGateways: [{ name: "east" }] });
    expect(topologyWarnings(validateTopology(input))).toEqual([]);
    expect(topologyWarnings(topology())).toEqual([]);
  });

  it("does not warn about a kubeconfig with the local backend", () => {
    expect(topologyWarnings(validateTopology(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s()] } })))).toEqual([]);
  });

  it("does not warn about the his code without private link", () => {
    const { privateLink: _pl, ...input } = topologyInput({ location: "westus3" });
    expect(topologyWarnings(validateTopology(input))).toEqual([]);
  });

  it("gives every warning, in order: AKS approval, his code, kubeconfig with cloud, hub gateway", () => {
    const t = parsed(
      topologyInput({
        location: "westus3",
        backend: { type: "cloud", organization: "contoso" },
        aksPrivateAccess: [{ name: "team", clusterId: armId("Microsoft.ContainerService/managedClusters", "aks-team"), region: "westus3", privateFqdn: "team-1.abc.privatelink.westus3.azmk8s.io" }],
        kubernetes: { clusters: [k8s({ gateway: undefined, location: "westus3" })] },
        arcGateways: [{ name: "east" }],
      }),
    );
    expect(topologyWarnings(t).map((w) => w.path)).toEqual(["aksPrivateAccess[0]", "privateLink.hisRegionCode", "kubernetes.clusters[0].connection", "hub.gateway"]);
  });
});

function access(overrides: Partial<Access> = {}): Access {
  return { name: "team", clusterId: managedCluster("aks-team"), region: "northeurope", privateFqdn: fqdn("team"), ...overrides };
}
const APP1: Spoke = { name: "app1", addressSpace: ["10.1.0.0/24"] };
const AKS_SPOKE: Spoke = { name: "aks", addressSpace: ["10.4.0.0/23"], subnets: [{ name: "nodes", addressPrefix: "10.4.0.0/24" }], arcRules: "none" };
/** The small topology (subscription set) plus an AKS spoke (hub resolver, no Arc rules) and clusters. */
function aksInput(clusters: Array<Partial<AksCluster>> = [{}], extra: Partial<TopologyInput> = {}, spoke: Partial<Spoke> = {}): TopologyInput {
  return topologyInput({
    subscriptionId: SUB,
    spokes: [APP1, { ...AKS_SPOKE, ...spoke }],
    aksClusters: clusters.map((c) => ({ name: "ops", spoke: "aks", serviceCidr: "10.100.0.0/16", ...c })),
    ...extra,
  });
}

describe("AKS derived values", () => {
  it("names a cluster aks-<name>-<cluster> and an access endpoint pe-<name>-aks-<access>", () => {
    const t = parsed(aksInput([{}], { aksPrivateAccess: [access()] }));
    expect(aksClusterName(t, t.aksClusters[0])).toBe("aks-contoso-ops");
    expect(aksAccessEndpointName(t, t.aksPrivateAccess[0])).toBe("pe-contoso-aks-team");
  });

  it("gives a spoke's subnets: the listed ones, or one spanning the first range", () => {
    const t = parsed(aksInput());
    expect(spokeSubnets(t, t.spokes[0])).toEqual([{ name: "snet-contoso-app1", addressPrefix: "10.1.0.0/24" }]);
    expect(spokeSubnets(t, t.spokes[1])).toEqual([{ name: "nodes", addressPrefix: "10.4.0.0/24" }]);
  });

  describe("the zone a cluster uses", () => {
    const zoneRef = (name: string) => ({ zoneName: name });
    // The choice, the hub zone, and the plan's private_dns_zone_id choice for the cluster.
    const choice = (cluster: Partial<AksCluster>, spoke: Partial<Spoke> = {}, extra: Partial<TopologyInput> = {}) => {
      const t = parsed(aksInput([cluster], extra, spoke));
      const c = t.aksClusters[0];
      return [aksZoneChoice(t, c), aksClusterZone(t, c), planTopology(t).hub?.aksClusters[0].privateDnsZone];
    };
    const noResolver = { hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" as const }, dnsResolver: false } };

    it("by default, in a spoke that uses the hub resolver: custom, the hub's privatelink.<location>.azmk8s.io", () => {
      expect(choice({})).toEqual(["custom", "privatelink.westeurope.azmk8s.io", { zoneName: "privatelink.westeurope.azmk8s.io" }]);
    });

    it("with a subzone: <subzone>.privatelink.<location>.azmk8s.io", () => {
      expect(choice({ subzone: "ops" })).toEqual(["custom", "ops.privatelink.westeurope.azmk8s.io", { zoneName: "ops.privatelink.westeurope.azmk8s.io" }]);
    });

    it("by default, in a spoke with zone links or without the resolver: System", () => {
      expect(choice({}, { dnsLinks: true })).toEqual(["System", undefined, "System"]);
      expect(choice({}, {}, noResolver)).toEqual(["System", undefined, "System"]);
    });

    it("as chosen: System, None, custom", () => {
      expect(choice({ privateDnsZone: "System" })).toEqual(["System", undefined, "System"]);
      expect(choice({ privateDnsZone: "None" })).toEqual(["None", undefined, "None"]);
      expect(choice({ privateDnsZone: "custom" }, { dnsLinks: true })).toEqual(["custom", "privatelink.westeurope.azmk8s.io", zoneRef("privatelink.westeurope.azmk8s.io")]);
    });

    it("in a spoke that does not exist: System", () => {
      const t = parsed(aksInput([{ spoke: "nope" }]));
      expect(aksZoneChoice(t, t.aksClusters[0])).toBe("System");
    });
  });

  it("hub zones: one per access region, then the clusters' custom zones, each once; with their forwarders", () => {
    const t = parsed(
      aksInput([{ name: "a", subzone: "a" }, { name: "b" }, { name: "c", privateDnsZone: "System", spoke: "links" }, { name: "d", subzone: "a" }], {
        aksPrivateAccess: [access({ name: "n1" }), access({ name: "w3", region: "westus3", privateFqdn: fqdn("w3", "westus3") }), access({ name: "n2", privateFqdn: fqdn("n2") }), access({ name: "we", region: "westeurope", privateFqdn: fqdn("we", "westeurope") })],
        spokes: [APP1, AKS_SPOKE, { name: "links", addressSpace: ["10.5.0.0/24"], dnsLinks: true, arcRules: "none" }],
      }),
    );
    const zones = ["privatelink.northeurope.azmk8s.io", "privatelink.westus3.azmk8s.io", "privatelink.westeurope.azmk8s.io", "a.privatelink.westeurope.azmk8s.io"];
    expect(aksZones(t)).toEqual(zones);
    expect(neededZones(t)).toEqual([...ARC_ZONES, ...zones]);
    expect(neededForwarders(t)).toEqual([...ARC_FORWARDERS, "northeurope.azmk8s.io", "westus3.azmk8s.io", "westeurope.azmk8s.io"]);
  });

  it("hub zones without private link: AKS's only", () => {
    const { privateLink: _pl, ...input } = aksInput([{ subzone: "ops" }]);
    const t = parsed(input);
    expect(neededZones(t)).toEqual(["ops.privatelink.westeurope.azmk8s.io"]);
    expect(neededForwarders(t)).toEqual(["westeurope.azmk8s.io"]);
    expect(problemLines(input)).toEqual([]);
  });

  describe("manual approval", () => {
    const manual = (a: Partial<Access>, subscriptionId?: string) => {
      const t = parsed({ ...topologyInput({ aksPrivateAccess: [access(a)] }), ...(subscriptionId ? { subscriptionId } : {}) });
      return needsManualApproval(t, t.aksPrivateAccess[0]);
    };

    it("cross-tenant: manual", () => {
      expect(manual({ crossTenant: true }, SUB)).toBe(true);
      expect(manual({ crossTenant: true })).toBe(true);
    });

    it("another subscription than the topology's: manual", () => {
      expect(manual({ clusterId: managedCluster("aks-team", "rg-team", OTHER) }, SUB)).toBe(true);
    });

    it("the topology's subscription, in any casing: automatic", () => {
      expect(manual({}, SUB)).toBe(false);
      expect(manual({ clusterId: managedCluster("aks-team", "rg-team", "AAAAAAAA-0000-0000-0000-000000000000") }, "aaaaaaaa-0000-0000-0000-000000000000")).toBe(false);
    });

    it("no topology subscription: automatic (assumed the same)", () => {
      expect(manual({ clusterId: managedCluster("aks-team", "rg-team", OTHER) })).toBe(false);
    });

    it("the topology's subscription in upper case, the cluster's in lower case: automatic", () => {
      expect(manual({ clusterId: managedCluster("aks-team", "rg-team", "aaaaaaaa-0000-0000-0000-000000000000") }, "AAAAAAAA-0000-0000-0000-000000000000")).toBe(false);
    });

    it("a cluster id that does not parse: automatic", () => {
      const t = parsed({ ...topologyInput({ aksPrivateAccess: [access()] }), subscriptionId: SUB });
      expect(needsManualApproval(t, { ...t.aksPrivateAccess[0], clusterId: "aks-team" })).toBe(false);
    });
  });
});

describe("aksClusters rules", () => {
  it("passes the base topology", () => {
    expect(problemLines(aksInput())).toEqual([]);
  });

  it("fails for a repeated cluster name", () => {
    expect(problemLines(aksInput([{}, { serviceCidr: "10.101.0.0/16" }, { serviceCidr: "10.102.0.0/16" }]))).toEqual([
      'aksClusters[1].name: aksClusters names are unique (also aksClusters[0]); they name the clusters; got "ops". Fix: rename one of them',
      'aksClusters[2].name: aksClusters names are unique (also aksClusters[0]); they name the clusters; got "ops". Fix: rename one of them',
    ]);
  });

  it("fails for a spoke that does not exist, with a suggestion for a typo, and checks nothing else of that cluster", () => {
    expect(problemLines(aksInput([{ spoke: "aks1", privateDnsZone: "None", serviceCidr: "10.4.0.0/16" }]))).toEqual(['aksClusters[0].spoke: names no spoke of this topology; got "aks1". Fix: did you mean "aks"?']);
    expect(problemLines(aksInput([{ spoke: "frontend" }]))).toEqual(['aksClusters[0].spoke: names no spoke of this topology; got "frontend". Fix: add the spoke or fix the name']);
  });

  it("fails for a subnet the spoke does not have, listing its subnets", () => {
    const spoke = { subnets: [{ name: "nodes", addressPrefix: "10.4.0.0/24" }, { name: "other", addressPrefix: "10.4.1.0/24" }] };
    expect(problemLines(aksInput([{ subnet: "node" }], {}, spoke))).toEqual(['aksClusters[0].subnet: is not a subnet of spoke aks (nodes, other); got "node". Fix: did you mean "nodes"?']);
    expect(problemLines(aksInput([{ subnet: "frontend" }], {}, spoke))).toEqual(['aksClusters[0].subnet: is not a subnet of spoke aks (nodes, other); got "frontend". Fix: use one of them']);
  });

  describe("subnet size: (nodes + 1) + (nodes + 1) x 30 + 5 addresses", () => {
    const line = (nodes: number, needed: number, subnet: string, prefix: string, size: number) =>
      `aksClusters[0].nodeCount: Azure CNI gives every pod a subnet address: ${nodes} nodes need (nodes + 1) + (nodes + 1) x 30 pods + 5 reserved = ${needed} addresses, and subnet ${subnet} (${prefix}) has ${size}; got ${nodes}. Fix: use a larger subnet or fewer nodes`;

    it("passes at the limit: 7 nodes need 253 of a /24's 256", () => {
      expect(problemLines(aksInput([{ nodeCount: 7 }]))).toEqual([]);
    });

    it("fails at 8 nodes: 284 addresses", () => {
      expect(problemLines(aksInput([{ nodeCount: 8 }]))).toEqual([line(8, 284, "nodes", "10.4.0.0/24", 256)]);
    });

    it("passes at the limit: 3 nodes need 129 of the default subnet's 256; 2 nodes need 98 of a /25's 128", () => {
      expect(problemLines(aksInput([{ nodeCount: 3 }], {}, { addressSpace: ["10.4.0.0/24"], subnets: undefined }))).toEqual([]);
      expect(problemLines(aksInput([{ nodeCount: 2 }], {}, { addressSpace: ["10.4.0.0/25"], subnets: undefined }))).toEqual([]);
    });

    it("fails at 3 nodes in the default subnet of a /25 spoke, naming it", () => {
      expect(problemLines(aksInput([{ nodeCount: 3 }], {}, { addressSpace: ["10.4.0.0/25"], subnets: undefined }))).toEqual([line(3, 129, "snet-contoso-aks", "10.4.0.0/25", 128)]);
    });

    it("checks the named subnet, not the first", () => {
      const spoke = { subnets: [{ name: "big", addressPrefix: "10.4.0.0/24" }, { name: "small", addressPrefix: "10.4.1.0/25" }] };
      expect(problemLines(aksInput([{ subnet: "small" }], {}, spoke))).toEqual([line(3, 129, "small", "10.4.1.0/25", 128)]);
      expect(problemLines(aksInput([{ subnet: "big" }], {}, spoke))).toEqual([]);
    });

    it("passes at the limit: 1,000 nodes (31,036 addresses) in a /17; fails for 1,001 and 0 nodes", () => {
      const big = { addressSpace: ["10.4.0.0/17"], subnets: undefined };
      expect(problemLines(aksInput([{ nodeCount: 1000 }], {}, big))).toEqual([]);
      expect(problemLines(aksInput([{ nodeCount: 1001 }], {}, big))).toEqual(["aksClusters[0].nodeCount: a node count is 1-1000; got 1001. Fix: e.g. 3"]);
      expect(problemLines(aksInput([{ nodeCount: 0 }], {}, big))).toEqual(["aksClusters[0].nodeCount: a node count is 1-1000; got 0. Fix: e.g. 3"]);
    });
  });

  it.each(["servers", "kubernetes"] as const)("fails for a cluster in a spoke with arcRules %s", (arcRules) => {
    expect(problemLines(aksInput([{}], {}, { arcRules }))).toEqual([
      `spokes[1].arcRules: spoke aks holds AKS cluster ops, and the Arc NSG rules deny internet outbound after the Arc service tags; AKS nodes need outbound access to more (container registries, packages, time) to start; got "${arcRules}". Fix: set arcRules: none on the cluster's spoke and control egress with a firewall`,
    ]);
  });

  describe("zone choice rules", () => {
    const noResolver = { hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" as const }, dnsResolver: false } };

    it("fails for System in a spoke that uses the hub resolver, passes it with zone links", () => {
      expect(problemLines(aksInput([{ privateDnsZone: "System" }]))).toEqual([
        'aksClusters[0].privateDnsZone: spoke aks resolves names through the hub resolver, which cannot see the zone AKS creates for System, so the nodes cannot find the API server; got "System". Fix: leave privateDnsZone out (a custom zone in the hub), or set dnsLinks: true on the spoke',
      ]);
      expect(problemLines(aksInput([{ privateDnsZone: "System" }], {}, { dnsLinks: true }))).toEqual([]);
    });

    it("fails for custom in a spoke with zone links", () => {
      expect(problemLines(aksInput([{ privateDnsZone: "custom" }], {}, { dnsLinks: true }))).toEqual([
        'aksClusters[0].privateDnsZone: AKS links a custom zone to the cluster\'s network itself, and spoke aks has dnsLinks, which links every hub zone to it: a network links a zone once; got "custom". Fix: use privateDnsZone: System, or set dnsLinks: false on the spoke',
      ]);
    });

    it("fails for custom when the hub has no resolver", () => {
      expect(problemLines(aksInput([{ privateDnsZone: "custom" }], { ...noResolver, spokes: [{ ...APP1, dnsLinks: true }, AKS_SPOKE] }))).toEqual([
        "spokes[1].dnsLinks: a spoke without zone links resolves private endpoints through the hub resolver, and hub.dnsResolver is false; got false. Fix: set dnsLinks: true or hub.dnsResolver: true",
        'aksClusters[0].privateDnsZone: a custom zone lives in the hub and is served by the hub resolver, and spoke aks does not use it (hub.dnsResolver is false); got "custom". Fix: use privateDnsZone: System, or set hub.dnsResolver: true',
      ]);
    });

    it("fails for custom with dns.mode policy (also the default in a resolver spoke); passes System with zone links there", () => {
      const line = 'aksClusters[0].privateDnsZone: dns.mode policy creates no zones, and a custom zone is one the hub holds; got "custom". Fix: use privateDnsZone: System with dnsLinks on the spoke, or dns.mode managed or existing';
      expect(problemLines(aksInput([{}], { privateLink: { dns: { mode: "policy" } } }))).toEqual([line]);
      expect(problemLines(aksInput([{}], { privateLink: { dns: { mode: "policy" } } }, { dnsLinks: true }))).toEqual([]);
    });

    it("fails for None without the public FQDN; passes None with it, in any spoke", () => {
      expect(problemLines(aksInput([{ privateDnsZone: "None" }]))).toEqual([
        'aksClusters[0].privateDnsZone: private DNS zone "None" needs the public FQDN (with no zone, clients resolve the API server through it); got "None". Fix: set publicFqdn: true, or leave privateDnsZone out',
      ]);
      expect(problemLines(aksInput([{ privateDnsZone: "None", publicFqdn: true }]))).toEqual([]);
      expect(problemLines(aksInput([{ privateDnsZone: "None", publicFqdn: true }], {}, { dnsLinks: true }))).toEqual([]);
    });

    it("fails for a subzone without a custom zone: chosen, or by default", () => {
      expect(problemLines(aksInput([{ privateDnsZone: "System", subzone: "ops" }], {}, { dnsLinks: true }))).toEqual([
        'aksClusters[0].subzone: a subzone names a custom zone, and privateDnsZone is System; got "ops". Fix: remove subzone or use privateDnsZone: custom',
      ]);
      expect(problemLines(aksInput([{ subzone: "ops" }], {}, { dnsLinks: true }))).toEqual([
        'aksClusters[0].subzone: a subzone names a custom zone, and privateDnsZone is System; got "ops". Fix: remove subzone or use privateDnsZone: custom',
      ]);
    });
  });

  describe("service CIDR and DNS service IP", () => {
    const overlap = (cidr: string, other: string, range: string, given = true) =>
      `aksClusters[0].serviceCidr: ${given ? "the service CIDR" : "the default service CIDR 10.0.0.0/16"} overlaps ${other} (${range}); cluster services would hide those addresses; got "${cidr}". Fix: set serviceCidr to an unused range, e.g. 10.100.0.0/16 (and dnsServiceIp, default its .10)`;

    it("fails when the service CIDR takes the hub's last /24, and passes right after the hub", () => {
      expect(problemLines(aksInput([{ serviceCidr: "10.0.3.0/24" }]))).toEqual([overlap("10.0.3.0/24", "hub.addressSpace[0]", "10.0.0.0/22")]);
      expect(problemLines(aksInput([{ serviceCidr: "10.0.4.0/24" }]))).toEqual([]);
    });

    it("fails once per network the service CIDR overlaps: hub, on-premises, spokes", () => {
      expect(problemLines(aksInput([{ serviceCidr: "10.0.0.0/13" }], { onPremises: { addressSpace: ["10.6.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" } } }))).toEqual([
        overlap("10.0.0.0/13", "hub.addressSpace[0]", "10.0.0.0/22"),
        overlap("10.0.0.0/13", "onPremises.addressSpace[0]", "10.6.0.0/16"),
        overlap("10.0.0.0/13", "spokes[0].addressSpace[0]", "10.1.0.0/24"),
        overlap("10.0.0.0/13", "spokes[1].addressSpace[0]", "10.4.0.0/23"),
      ]);
    });

    it("fails when the default service CIDR 10.0.0.0/16 overlaps the hub; passes it with the hub elsewhere", () => {
      expect(problemLines(aksInput([{ serviceCidr: undefined }]))).toEqual([overlap("10.0.0.0/16", "hub.addressSpace[0]", "10.0.0.0/22", false)]);
      expect(problemLines(aksInput([{ serviceCidr: undefined }], { hub: { addressSpace: ["10.200.0.0/22"], gateway: { type: "vpn" } } }))).toEqual([]);
    });

    it("fails for dnsServiceIp without serviceCidr, and checks it no further", () => {
      const hub = { hub: { addressSpace: ["10.200.0.0/22"], gateway: { type: "vpn" as const } } };
      expect(problemLines(aksInput([{ serviceCidr: undefined, dnsServiceIp: "10.0.0.1" }], hub))).toEqual([
        'aksClusters[0].dnsServiceIp: dnsServiceIp is an address of serviceCidr, and serviceCidr is not set; got "10.0.0.1". Fix: set serviceCidr too, or remove dnsServiceIp',
      ]);
    });

    it("reports the service CIDR's own problems with its path", () => {
      expect(problemLines(aksInput([{ serviceCidr: "10.100.0.0/16", dnsServiceIp: "10.100.0.1" }]))).toEqual([
        'aksClusters[0].dnsServiceIp: is the first address of serviceCidr 10.100.0.0/16, which the kubernetes service (kubernetes.default.svc) takes; got "10.100.0.1". Fix: use e.g. 10.100.0.10',
      ]);
      expect(problemLines(aksInput([{ serviceCidr: "172.31.0.0/16" }]))).toEqual([
        'aksClusters[0].serviceCidr: overlaps 172.31.0.0/16, which AKS reserves (169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24); got "172.31.0.0/16". Fix: use another private range, e.g. 10.100.0.0/16',
      ]);
    });
  });

  describe("name patterns at their length limits", () => {
    it("cluster name: 24 pass, 25 fail", () => {
      expect(problemLines(aksInput([{ name: "o".repeat(24) }]))).toEqual([]);
      expect(problemLines(aksInput([{ name: "o".repeat(25) }]))).toEqual([`aksClusters[0].name: a cluster name is 1-24 of a-z, 0-9 and '-', not starting or ending with '-'; got "${"o".repeat(25)}". Fix: e.g. ops`]);
    });

    it("subzone: 32 pass, 33 fail", () => {
      expect(problemLines(aksInput([{ subzone: "s".repeat(32) }]))).toEqual([]);
      expect(problemLines(aksInput([{ subzone: "s".repeat(33) }]))).toEqual([`aksClusters[0].subzone: a subzone is 1-32 of a-z, 0-9 and '-'; got "${"s".repeat(33)}". Fix: e.g. ops`]);
    });

    it("dnsPrefix: 54 pass, 55 fail", () => {
      expect(problemLines(aksInput([{ dnsPrefix: `A${"p".repeat(52)}9` }]))).toEqual([]);
      expect(problemLines(aksInput([{ dnsPrefix: "p".repeat(55) }]))).toEqual([`aksClusters[0].dnsPrefix: a DNS prefix is 1-54 of letters, digits and '-'; got "${"p".repeat(55)}". Fix: e.g. ops`]);
    });

    it("access name: 24 pass, 25 fail", () => {
      expect(problemLines(topologyInput({ subscriptionId: SUB, aksPrivateAccess: [access({ name: "t".repeat(24) })] }))).toEqual([]);
      expect(problemLines(topologyInput({ subscriptionId: SUB, aksPrivateAccess: [access({ name: "t".repeat(25) })] }))).toEqual([
        `aksPrivateAccess[0].name: a access name is 1-24 of a-z, 0-9 and '-', not starting or ending with '-'; got "${"t".repeat(25)}". Fix: e.g. partner`,
      ]);
    });
  });

  describe("private DNS zones per subscription (1,000, custom subzones count)", () => {
    const clusters = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}`, spoke: "aks", subzone: `z${i}`, serviceCidr: "10.100.0.0/16" }));
    const spoke: Spoke = { name: "aks", addressSpace: ["10.4.0.0/16"], arcRules: "none" };
    let base: Topology;
    let more: Topology;
    beforeAll(() => {
      base = parsed(topologyInput({ subscriptionId: SUB, spokes: [spoke], aksClusters: clusters(997) }));
      more = { ...base, aksClusters: [...base.aksClusters, { ...base.aksClusters[0], name: "c997", subzone: "z997" }] };
    });
    const ZONES_LINE = "aksClusters: the topology would create 1001 private DNS zones, and a subscription holds at most 1000; got 1001. Fix: let clusters share a zone (drop subzone)";

    it("passes at the limit: 3 Arc zones + 997 subzones = 1,000", () => {
      expect(neededZones(base)).toEqual([...ARC_ZONES, ...base.aksClusters.map((_, i) => `z${i}.privatelink.westeurope.azmk8s.io`)]);
      expect(ruleLines(base)).toEqual([]);
    });

    it("fails at 1,001 zones", () => {
      expect(ruleLines(more)).toEqual([ZONES_LINE]);
    });

    it("does not count zones the topology imports (dns.mode existing)", () => {
      const zoneIds = Object.fromEntries(neededZones(more).map((z) => [z, armId("Microsoft.Network/privateDnsZones", z, "rg-dns")]));
      expect(ruleLines({ ...more, privateLink: { ...more.privateLink!, dns: { ...more.privateLink!.dns, mode: "existing", zoneIds } } })).toEqual([]);
    });

    it("does not count zones under dns.mode policy (it creates none; each custom zone is refused instead)", () => {
      expect(ruleLines({ ...more, privateLink: { ...more.privateLink!, dns: { ...more.privateLink!.dns, mode: "policy", zoneIds: {} } } })).toEqual(
        more.aksClusters.map((_, i) => `aksClusters[${i}].privateDnsZone: dns.mode policy creates no zones, and a custom zone is one the hub holds; got "custom". Fix: use privateDnsZone: System with dnsLinks on the spoke, or dns.mode managed or existing`),
      );
    });
  });
});

describe("aksPrivateAccess rules", () => {
  const accessInput = (entries: Access[], extra: Partial<TopologyInput> = {}) => topologyInput({ subscriptionId: SUB, aksPrivateAccess: entries, ...extra });

  it("passes an automatic entry, and a manual one with a message and approval", () => {
    expect(problemLines(accessInput([access(), access({ name: "partner", clusterId: managedCluster("aks-partner"), privateFqdn: fqdn("partner"), crossTenant: true, requestMessage: "Contoso hub", approval: { tenantId: OTHER } })]))).toEqual([]);
  });

  it("fails for an entry without a hub", () => {
    expect(problemLines({ name: "contoso", location: "eastus", arcGateways: [{ name: "east" }], aksPrivateAccess: [access()] })).toEqual([
      'aksPrivateAccess: API-server endpoints live in the hub, and there is no hub; got ["team"]. Fix: add hub: { addressSpace: [...] }',
    ]);
  });

  it("without a hub, does not count endpoint addresses (60 entries: only the missing hub)", () => {
    const entries = Array.from({ length: 60 }, (_, i) => access({ name: `a${i}`, clusterId: managedCluster(`aks${i}`), privateFqdn: fqdn(`aks${i}`) }));
    expect(problemLines({ name: "contoso", location: "eastus", subscriptionId: SUB, arcGateways: [{ name: "east" }], aksPrivateAccess: entries })).toEqual([
      `aksPrivateAccess: API-server endpoints live in the hub, and there is no hub; got ${JSON.stringify(entries.map((e) => e.name)).slice(0, 197)}.... Fix: add hub: { addressSpace: [...] }`,
    ]);
  });

  it("fails for a repeated name and a repeated cluster (any casing)", () => {
    expect(problemLines(accessInput([access(), access({ privateFqdn: fqdn("two") }), access({ name: "three", clusterId: managedCluster("AKS-TEAM") })]))).toEqual([
      'aksPrivateAccess[1].name: aksPrivateAccess names are unique (also aksPrivateAccess[0]); they name the endpoints and approval stacks; got "team". Fix: rename one of them',
      `aksPrivateAccess[1].clusterId: one endpoint per cluster (also aksPrivateAccess[0]); got "${managedCluster("aks-team")}". Fix: remove the duplicate`,
      `aksPrivateAccess[2].clusterId: one endpoint per cluster (also aksPrivateAccess[0]); got "${managedCluster("AKS-TEAM")}". Fix: remove the duplicate`,
    ]);
  });

  describe("an endpoint to a cluster this topology creates", () => {
    const own = (clusterId: string, extra: Partial<TopologyInput> = {}, clusters: Array<Partial<AksCluster>> = [{}]) => aksInput(clusters, { aksPrivateAccess: [access({ clusterId, region: "westeurope", privateFqdn: fqdn("ops", "westeurope") })], ...extra });
    const line = (id: string, i = 0) => `aksPrivateAccess[0].clusterId: is aksClusters[${i}], which this topology creates in a peered spoke: the hub reaches its API server through the peering and the hub zone; got "${id}". Fix: remove this entry`;

    it("fails for its id, in any casing", () => {
      const id = managedCluster("aks-contoso-ops", "rg-contoso-connectivity");
      expect(problemLines(own(id))).toEqual([line(id)]);
      const upper = managedCluster("AKS-CONTOSO-OPS", "RG-CONTOSO-CONNECTIVITY");
      expect(problemLines(own(upper))).toEqual([line(upper)]);
    });

    it("fails for the second cluster, in the topology's own resource group, with no topology subscription", () => {
      const id = managedCluster("aks-contoso-dev", "rg-hub", OTHER);
      const { subscriptionId: _s, ...input } = own(id, { resourceGroup: { name: "rg-hub" } }, [{}, { name: "dev", serviceCidr: "10.101.0.0/16" }]);
      expect(problemLines(input)).toEqual([line(id, 1)]);
    });

    it("compares the resource group and the subscription case-insensitively on both sides", () => {
      const UPPER = "AAAAAAAA-0000-0000-0000-000000000000";
      const lower = UPPER.toLowerCase();
      const lowerId = managedCluster("aks-contoso-ops", "rg-hub", lower);
      expect(problemLines(own(lowerId, { subscriptionId: UPPER, resourceGroup: { name: "RG-Hub" } }))).toEqual([line(lowerId)]);
      const upperId = managedCluster("aks-contoso-ops", "rg-hub", UPPER);
      expect(problemLines(own(upperId, { subscriptionId: lower, resourceGroup: { name: "RG-Hub" } }))).toEqual([line(upperId)]);
    });

    it("passes a cluster of that name in another resource group or subscription", () => {
      expect(problemLines(own(managedCluster("aks-contoso-ops", "rg-other")))).toEqual([]);
      const input = own(managedCluster("aks-contoso-ops", "rg-contoso-connectivity", OTHER));
      expect(problemLines({ ...input, aksPrivateAccess: input.aksPrivateAccess!.map((a) => ({ ...a, requestMessage: "hub" })) })).toEqual([]);
    });
  });

  it("fails for an FQDN of another region", () => {
    const other = fqdn("team", "westeurope");
    expect(problemLines(accessInput([access({ privateFqdn: other })]))).toEqual([
      `aksPrivateAccess[0].privateFqdn: a cluster in northeurope has an FQDN ending with .privatelink.northeurope.azmk8s.io; got "${other}". Fix: copy it from az aks show --query privateFqdn, and check region`,
    ]);
  });

  it("fails for an FQDN that is no private cluster's", () => {
    expect(problemLines(accessInput([access({ privateFqdn: "aks.contoso.com" })]))).toEqual([
      'aksPrivateAccess[0].privateFqdn: a private cluster FQDN ends with .privatelink.<region>.azmk8s.io; got "aks.contoso.com". Fix: copy it from az aks show --query privateFqdn',
    ]);
  });

  describe("request message and approval", () => {
    it("fails for a manual connection without a message: cross-tenant, or another subscription", () => {
      expect(problemLines(accessInput([access({ crossTenant: true })]))).toEqual([
        "aksPrivateAccess[0].requestMessage: the cluster is in another tenant, so its owner approves the endpoint, and the request needs a message; got nothing. Fix: add requestMessage (at most 140 bytes in UTF-8)",
      ]);
      expect(problemLines(accessInput([access({ clusterId: managedCluster("aks-team", "rg-team", OTHER) })]))).toEqual([
        "aksPrivateAccess[0].requestMessage: the cluster is in another subscription, so its owner approves the endpoint, and the request needs a message; got nothing. Fix: add requestMessage (at most 140 bytes in UTF-8)",
      ]);
    });

    it("fails for an empty request message on a manual connection", () => {
      expect(problemLines(accessInput([access({ crossTenant: true, requestMessage: "" })]))).toEqual(['aksPrivateAccess[0].requestMessage: must not be empty; got "". Fix: write a value']);
    });

    it("passes at the limit: a one-character message", () => {
      expect(problemLines(accessInput([access({ crossTenant: true, requestMessage: "x" })]))).toEqual([]);
    });

    it("fails for a message or approval on an automatic connection", () => {
      expect(problemLines(accessInput([access({ requestMessage: "hello", approval: {} })]))).toEqual([
        'aksPrivateAccess[0].requestMessage: a request message is only sent with manual approval (cross-tenant or cross-subscription), and this cluster is in the topology\'s subscription and tenant; got "hello". Fix: remove requestMessage, or set crossTenant: true',
        "aksPrivateAccess[0].approval: the approval stack approves a manual connection, and this endpoint is approved automatically; got {}. Fix: remove approval, or set crossTenant: true",
      ]);
    });
  });

  it("fails for each entry under dns.mode policy", () => {
    expect(problemLines(accessInput([access(), access({ name: "two", clusterId: managedCluster("aks-two"), privateFqdn: fqdn("two") })], { privateLink: { dns: { mode: "policy" } } }))).toEqual([
      'aksPrivateAccess[0]: the endpoint\'s A record goes in the hub\'s privatelink.<region>.azmk8s.io zone, and dns.mode policy creates no zones; got "team". Fix: use dns.mode managed or existing',
      'aksPrivateAccess[1]: the endpoint\'s A record goes in the hub\'s privatelink.<region>.azmk8s.io zone, and dns.mode policy creates no zones; got "two". Fix: use dns.mode managed or existing',
    ]);
  });

  it("needs the region's zone id under dns.mode existing", () => {
    const zoneIds = Object.fromEntries(ARC_ZONES.map((z) => [z, armId("Microsoft.Network/privateDnsZones", z, "rg-dns")]));
    expect(problemLines(accessInput([access()], { privateLink: { dns: { mode: "existing", zoneIds } } }))).toEqual([
      `privateLink.dns.zoneIds: mode existing needs the id of every zone the topology uses; "privatelink.northeurope.azmk8s.io" is missing; got ${JSON.stringify(ARC_ZONES)}. Fix: add "privatelink.northeurope.azmk8s.io": /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/privatelink.northeurope.azmk8s.io`,
    ]);
  });

  it("aksProblems: nothing for a topology without AKS", () => {
    expect(aksProblems(parsed(topologyInput()))).toEqual([]);
  });

  it("aksProblems on an unvalidated topology: a cluster id that does not parse is not the topology's own cluster", () => {
    const t = parsed(aksInput([{}], { aksPrivateAccess: [access()] }));
    const bogus = { ...t, aksPrivateAccess: [{ ...t.aksPrivateAccess[0], clusterId: "aks-contoso-ops" }] };
    expect(aksProblems(bogus)).toEqual([]);
    const { subscriptionId: _s, ...noSubscription } = bogus;
    expect(aksProblems(noSubscription as Topology)).toEqual([]);
  });
});

describe("AKS warnings (exact text)", () => {
  const warning = (i: number, name: string) => ({
    path: `aksPrivateAccess[${i}]`,
    message: `the topology has no subscriptionId, so whether cluster ${name} is in another subscription is unknown; automatic approval is assumed. Set subscriptionId so that a cluster in another subscription gets manual approval`,
  });
  const entries = [access({ name: "partner", clusterId: managedCluster("aks-partner"), privateFqdn: fqdn("partner"), crossTenant: true, requestMessage: "hub" }), access()];

  it("warns for each entry that is not crossTenant when the topology has no subscriptionId", () => {
    const t = parsed(topologyInput({ aksPrivateAccess: entries }));
    expect(aksWarnings(t)).toEqual([warning(1, "team")]);
    expect(topologyWarnings(t)).toEqual([warning(1, "team")]);
  });

  it("does not warn with a subscriptionId", () => {
    expect(aksWarnings(parsed(topologyInput({ subscriptionId: SUB, aksPrivateAccess: entries })))).toEqual([]);
  });
});

describe("names that give the same Terraform addresses (construct ids of the hub-and-spoke stack)", () => {
  const WHY = "addresses keep only a name's lower-case words (split at '-', '_', '.' and camelCase), so the list's order would decide which keeps the plain address, and inserting or reordering entries would replace resources";
  const line = (path: string, value: string, earlierPath: string, earlier: string, address: string) => `${path}: gives the same Terraform addresses as ${earlierPath} "${earlier}" (e.g. ${address}): ${WHY}; got "${value}". Fix: rename one of them so that their words differ`;
  const spokes = (...names: string[]) => topologyInput({ spokes: names.map((name, i) => ({ name, addressSpace: [`10.${1 + i}.0.0/24`] })) });
  const subnets = (...names: string[]) => topologyInput({ spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], subnets: names.map((name, i) => ({ name, addressPrefix: `10.1.0.${i * 32}/27` })) }] });
  const accesses = (...names: string[]) => topologyInput({ subscriptionId: SUB, aksPrivateAccess: names.map((name, i) => access({ name, clusterId: managedCluster(`aks${i}`), privateFqdn: fqdn(`aks${i}`) })) });
  const clusters = (...entries: Array<Partial<AksCluster>>) => aksInput(entries.map((c, i) => ({ serviceCidr: `10.${100 + i}.0.0/16`, ...c })));

  describe("spokes[].name", () => {
    it("fails when a later spoke's name differs only in its '-' (a-b, a--b, a---b): each names the first", () => {
      expect(problemLines(spokes("a-b", "a--b", "a---b"))).toEqual([
        line("spokes[1].name", "a--b", "spokes[0].name", "a-b", "azurerm_virtual_network.spoke_a_b"),
        line("spokes[2].name", "a---b", "spokes[0].name", "a-b", "azurerm_virtual_network.spoke_a_b"),
      ]);
    });

    it("fails in either order: the later entry is the one named", () => {
      expect(problemLines(spokes("a--b", "a-b"))).toEqual([line("spokes[1].name", "a-b", "spokes[0].name", "a--b", "azurerm_virtual_network.spoke_a_b")]);
    });

    it("passes neighbours whose words differ: a-b and ab, a-b and a-b-c, a-b and b-a", () => {
      expect(problemLines(spokes("a-b", "ab", "a-b-c", "b-a"))).toEqual([]);
    });

    it("leaves an exact repeat to the uniqueness rule (one problem, not two)", () => {
      expect(problemLines(spokes("a-b", "a-b"))).toEqual(['spokes[1].name: spoke names are unique (also spokes[0]); they name the networks; got "a-b". Fix: rename one of them']);
    });
  });

  describe("spokes[].subnets[].name", () => {
    it("fails for web-1, web_1 and web.1 in one spoke, and for webApp and web-app", () => {
      expect(problemLines(subnets("web-1", "web_1", "web.1", "webApp", "web-app"))).toEqual([
        line("spokes[0].subnets[1].name", "web_1", "spokes[0].subnets[0].name", "web-1", "azurerm_subnet.spoke_app1_subnet_web_1"),
        line("spokes[0].subnets[2].name", "web.1", "spokes[0].subnets[0].name", "web-1", "azurerm_subnet.spoke_app1_subnet_web_1"),
        line("spokes[0].subnets[4].name", "web-app", "spokes[0].subnets[3].name", "webApp", "azurerm_subnet.spoke_app1_subnet_web_app"),
      ]);
    });

    it("fails for a trailing '_' and for a casing that keeps the words (Web_App after web-app)", () => {
      expect(problemLines(subnets("web", "web_", "web-app", "Web_App"))).toEqual([
        line("spokes[0].subnets[1].name", "web_", "spokes[0].subnets[0].name", "web", "azurerm_subnet.spoke_app1_subnet_web"),
        line("spokes[0].subnets[3].name", "Web_App", "spokes[0].subnets[2].name", "web-app", "azurerm_subnet.spoke_app1_subnet_web_app"),
      ]);
    });

    it("passes neighbours whose words differ: web-1 and web1, web-app and webapp, DataTier and data-tier-2", () => {
      expect(problemLines(subnets("web-1", "web1", "web-app", "webapp", "DataTier", "data-tier-2"))).toEqual([]);
    });

    it("passes the same words in different spokes (their addresses differ in the spoke's words)", () => {
      expect(problemLines(topologyInput({ spokes: [{ name: "a", addressSpace: ["10.1.0.0/24"], subnets: [{ name: "web-1", addressPrefix: "10.1.0.0/24" }] }, { name: "b", addressSpace: ["10.2.0.0/24"], subnets: [{ name: "web_1", addressPrefix: "10.2.0.0/24" }] }] }))).toEqual([]);
    });

    it("leaves names that differ only in casing to the subnet uniqueness rule (Azure: one subnet)", () => {
      expect(problemLines(subnets("web", "Web"))).toEqual(['spokes[0].subnets[1].name: subnet names are unique within a network (also used by spokes[0].subnets[0]); got "Web". Fix: rename one of them']);
    });
  });

  describe("aksClusters[].name and aksClusters[].subzone", () => {
    it("fails for cluster names ops-a and ops--a", () => {
      expect(problemLines(clusters({ name: "ops-a" }, { name: "ops--a" }))).toEqual([line("aksClusters[1].name", "ops--a", "aksClusters[0].name", "ops-a", "azurerm_kubernetes_cluster.aks_cluster_ops_a")]);
    });

    it("passes cluster names ops-a and opsa", () => {
      expect(problemLines(clusters({ name: "ops-a" }, { name: "opsa" }))).toEqual([]);
    });

    it("fails for custom-zone subzones team-a and team--a (zones team-a.privatelink... and team--a.privatelink...)", () => {
      expect(problemLines(clusters({ name: "a", subzone: "team-a" }, { name: "b", subzone: "team--a" }))).toEqual([
        line("aksClusters[1].subzone", "team--a", "aksClusters[0].subzone", "team-a", "azurerm_private_dns_zone.team_a_privatelink_westeurope_azmk8s_io"),
      ]);
    });

    it("passes one subzone shared by two clusters (one zone), and subzones team-a and teama", () => {
      expect(problemLines(clusters({ name: "a", subzone: "team-a" }, { name: "b", subzone: "team-a" }))).toEqual([]);
      expect(problemLines(clusters({ name: "a", subzone: "team-a" }, { name: "b", subzone: "teama" }))).toEqual([]);
    });

    it("counts only subzones of custom zones: a subzone with privateDnsZone None has its own problem", () => {
      expect(problemLines(clusters({ name: "a", subzone: "team-a" }, { name: "b", subzone: "team--a", privateDnsZone: "None", publicFqdn: true }))).toEqual([
        'aksClusters[1].subzone: a subzone names a custom zone, and privateDnsZone is None; got "team--a". Fix: remove subzone or use privateDnsZone: custom',
      ]);
    });
  });

  describe("aksPrivateAccess[].name", () => {
    it("fails for team-a and team--a", () => {
      expect(problemLines(accesses("team-a", "team--a"))).toEqual([line("aksPrivateAccess[1].name", "team--a", "aksPrivateAccess[0].name", "team-a", "azurerm_private_endpoint.aks_access_team_a")]);
    });

    it("passes team-a and teama", () => {
      expect(problemLines(accesses("team-a", "teama"))).toEqual([]);
    });
  });

  describe("arcGateways[].name and kubernetes.clusters[].name: they name whole stacks, and no address contains them", () => {
    it("passes gateways east-1 and east--1 with clusters edge-1 and edge--1", () => {
      expect(problemLines(gatewayTopology([{ name: "east-1" }, { name: "east--1" }], { kubernetes: { clusters: [k8s({ name: "edge-1", gateway: "east-1" }), k8s({ name: "edge--1", gateway: "east--1" })] } }))).toEqual([]);
    });
  });

  it("each message names an address the stack gives the earlier entry", () => {
    const input = (second: boolean) =>
      topologyInput({
        subscriptionId: SUB,
        spokes: [
          { name: "a-b", addressSpace: ["10.1.0.0/24"], subnets: [{ name: "web-1", addressPrefix: "10.1.0.0/26" }, ...(second ? [{ name: "web_1", addressPrefix: "10.1.0.64/26" }] : [])] },
          ...(second ? [{ name: "a--b", addressSpace: ["10.2.0.0/24"] }] : []),
          AKS_SPOKE,
        ],
        aksClusters: [{ name: "ops-a", spoke: "aks", serviceCidr: "10.100.0.0/16", subzone: "team-a" }, ...(second ? [{ name: "ops--a", spoke: "aks", serviceCidr: "10.101.0.0/16", subzone: "team--a" }] : [])],
        aksPrivateAccess: [access({ name: "team-a" }), ...(second ? [access({ name: "team--a", clusterId: managedCluster("aks-two"), privateFqdn: fqdn("two") })] : [])],
      });
    const named = problemLines(input(true)).map((l) => /\(e\.g\. ([^)]+)\)/.exec(l)?.[1]);
    expect(named).toHaveLength(5);
    const hub = buildApp(topology(input(false) as Partial<TopologyInput>)).stacks[0];
    const addresses = stackAddresses(hub).map((a) => a.address);
    expect(named.filter((a) => !addresses.includes(a as string))).toEqual([]);
  });
});

describe("privateLink.machines, privateLink.serverProxy and existing clusters (issue 15)", () => {
  const PLS_ARTICLE = 'Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"';
  const machines = (...entries: { id: string; location?: string }[]) => topologyInput({ privateLink: { machines: entries } });

  it("passes servers in the scope's region, with the region left out or written", () => {
    expect(problemLines(machines({ id: machine("web01") }, { id: machine("web02"), location: "westeurope" }))).toEqual([]);
  });

  it("fails for a server in another region than the scope's", () => {
    expect(problemLines(machines({ id: machine("web01"), location: "northeurope" }))).toEqual([
      `privateLink.machines[0].location: an Arc-enabled server must be in its Private Link Scope's region (westeurope): the scope and the Arc resource share a region (${PLS_ARTICLE}); got "northeurope". Fix: associate only servers of westeurope here; a server of northeurope needs a scope in northeurope (a topology of its own)`,
    ]);
  });

  it("fails for a server listed twice, in any casing of its id", () => {
    const upper = armId("Microsoft.HybridCompute/MACHINES", "WEB01", "RG-ARC");
    expect(problemLines(machines({ id: machine("web01") }, { id: machine("web02") }, { id: upper }))).toEqual([
      // The schema writes the type in its canonical casing; the rest stays as written.
      `privateLink.machines[2].id: is listed twice (also privateLink.machines[0]); a server is associated with the scope once; got "${upper.replace("MACHINES", "machines")}". Fix: remove the duplicate`,
    ]);
  });

  it("passes the same server name in two resource groups or subscriptions", () => {
    expect(problemLines(machines({ id: machine("web01") }, { id: armId("Microsoft.HybridCompute/machines", "web01", "rg-other") }, { id: machine("web01", OTHER) }))).toEqual([]);
  });

  it("fails for a server that an Arc gateway of the file also lists (besides the structure rule)", () => {
    const lines = problemLines(topologyInput({ privateLink: { machines: [{ id: machine("web01") }] }, arcGateways: [{ name: "east", machines: [machine("db01"), machine("WEB01")] }] }));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^arcGateways: privateLink and arcGateways cannot share a topology/);
    expect(lines[1]).toBe(
      `privateLink.machines[0].id: is also associated with an Arc gateway (arcGateways[0].machines[1]); a server connects through one Private Link Scope or one gateway; got "${machine("web01")}". Fix: remove it from arcGateways[0].machines[1] or from privateLink.machines`,
    );
  });

  it("fails for an id of another type, a region that is not one, and a missing id", () => {
    const vm = armId("Microsoft.HybridCompute/virtualMachines", "a", "rg-arc");
    expect(problemLines(topologyInput({ privateLink: { machines: [{ id: vm }, { id: machine("b"), location: "West Europe" }, {} as never] } }))).toEqual([
      `privateLink.machines[0].id: must be the id of a Microsoft.HybridCompute/machines resource, not Microsoft.HybridCompute/virtualMachines; got "${vm}". Fix: use /subscriptions/<subscription id>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/machines/<machine>`,
      'privateLink.machines[1].location: must be an Azure region name (lower case, no spaces, as `az account list-locations` prints it); got "West Europe". Fix: did you mean "westeurope"?',
      "privateLink.machines[2].id: is required (a string). Fix: add it",
    ]);
  });

  it("a bare id (as arcGateways[].machines takes it) gets a fix that writes the entry; other strings the plain message", () => {
    expect(problemLines(topologyInput({ privateLink: { machines: [machine("web01") as never] } }))).toEqual([
      `privateLink.machines[0]: must be an object { id, ... }, not a bare id; got "${machine("web01")}". Fix: write { id: ${machine("web01")} }`,
    ]);
    expect(problemLines(topologyInput({ privateLink: { machines: ["web01" as never] } }))).toEqual(['privateLink.machines[0]: must be an object; got "web01". Fix: write an object']);
    expect(problemLines(gatewayTopology([{ name: "east", clusters: [connected("edge1") as never] }]))).toEqual([
      `arcGateways[0].clusters[0]: must be an object { id, ... }, not a bare id; got "${connected("edge1")}". Fix: write { id: ${connected("edge1")} }`,
    ]);
  });

  it("serverProxy: defaults bypassArc to true; refuses credentials in the URL, a URL without a scheme and a missing URL", () => {
    expect(topology({ privateLink: { serverProxy: { url: "http://proxy.contoso.com:3128" } } }).privateLink?.serverProxy).toEqual({ url: "http://proxy.contoso.com:3128", bypassArc: true });
    expect(topology({ privateLink: { serverProxy: { url: "https://10.0.0.5", bypassArc: false } } }).privateLink?.serverProxy).toEqual({ url: "https://10.0.0.5", bypassArc: false });
    expect(problemLines(topologyInput({ privateLink: { serverProxy: { url: "http://user:pw@proxy:3128" } } }))).toEqual([
      'privateLink.serverProxy.url: a proxy URL with credentials would put them in plain text in the Terraform and the agents\' settings; got "http://***@proxy:3128". Fix: use a proxy that authenticates the network (source addresses) and write http(s)://host:port',
    ]);
    expect(problemLines(topologyInput({ privateLink: { serverProxy: { url: "proxy:3128" } } }))).toEqual([
      'privateLink.serverProxy.url: a proxy URL is http(s)://host:port, the host a DNS name or IPv4 address; got "proxy:3128". Fix: e.g. http://proxy.contoso.com:3128',
    ]);
    expect(problemLines(topologyInput({ privateLink: { serverProxy: {} as never } }))).toEqual(["privateLink.serverProxy.url: is required (a string). Fix: add it"]);
  });

  it("fails for an existing cluster with private link, saying how to re-onboard it", () => {
    expect(problemLines(topologyInput({ kubernetes: { clusters: [k8s({ gateway: undefined, existing: true })] } }))).toEqual([
      "kubernetes.clusters[0].existing: an existing connected cluster cannot join a Private Link Scope: private link is set only when the cluster is connected (az connectedk8s update has no private-link option, and ARM's PATCH does not change privateLinkState); got true. Fix: re-onboard it: run az connectedk8s delete -g 'rg-contoso-k8s-edge1' -n 'edge1' with its kubeconfig (this removes the agents and the Azure resource, and with them its extensions, configurations and role assignments; the resource group stays), then remove existing: true, set resourceGroup: { name: rg-contoso-k8s-edge1, create: false } and apply stack contoso-k8s-edge1, which connects it again through the scope",
    ]);
    // A group the entry already does not create: nothing to change there.
    expect(problemLines(topologyInput({ kubernetes: { clusters: [k8s({ gateway: undefined, existing: true, resourceGroup: { name: "rg-edge", create: false } })] } }))[0]).toMatch(
      /-g 'rg-edge' -n 'edge1' .*the resource group stays\), then remove existing: true and apply stack contoso-k8s-edge1, which connects it again through the scope$/,
    );
  });

  it("fails for an existing cluster through a gateway, pointing at that gateway's clusters list", () => {
    expect(problemLines(gatewayTopology([{ name: "east" }, { name: "west" }], { kubernetes: { clusters: [k8s({ gateway: "west", existing: true, resourceGroup: { name: "rg-edge", create: false } })] } }))).toEqual([
      `kubernetes.clusters[0].existing: this entry installs the agents and creates the connected cluster's Azure resource, which already exists; got true. Fix: remove this entry and list the cluster in arcGateways[1].clusters: { id: /subscriptions/${SUB}/resourceGroups/rg-edge/providers/Microsoft.Kubernetes/connectedClusters/edge1, serviceCidr: 10.43.0.0/16 }`,
    ]);
    // Without the topology's subscription, a placeholder; a proxy is carried over.
    const { subscriptionId: _s, ...noSub } = gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ existing: true, proxy: { https: "http://proxy:3128" } })] } });
    expect(problemLines(noSub)).toEqual([
      "kubernetes.clusters[0].existing: this entry installs the agents and creates the connected cluster's Azure resource, which already exists; got true. Fix: remove this entry and list the cluster in arcGateways[0].clusters: { id: /subscriptions/<id>/resourceGroups/rg-contoso-k8s-edge1/providers/Microsoft.Kubernetes/connectedClusters/edge1, serviceCidr: 10.43.0.0/16, proxy: as in this entry }",
    ]);
  });

  it("says nothing of existing: true when the cluster has neither private link nor a gateway (its own problem says to add one)", () => {
    const lines = problemLines(gatewayTopology([{ name: "east" }], { kubernetes: { clusters: [k8s({ gateway: undefined, existing: true })] } }));
    expect(lines).toEqual([expect.stringMatching(/^kubernetes\.clusters\[0\]: a cluster connects through the topology's private link scope or an Arc gateway/)]);
  });

  it("passes existing: false, the default", () => {
    expect(problemLines(topologyInput({ kubernetes: { clusters: [k8s({ gateway: undefined, existing: false })] } }))).toEqual([]);
    expect(topology({ kubernetes: { clusters: [k8s({ gateway: undefined })] } }).kubernetes.clusters[0].existing).toBe(false);
  });
});

describe("privateLink.location: the scope in another region than the hub (issue 16)", () => {
  const KUBERNETES_ARTICLE = 'Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link"';

  it("defaults to the topology's location; servers then belong to the scope's region, not the hub's", () => {
    expect(arcScopeLocation(topology())).toBe("westeurope");
    expect(arcScopeLocation(topology({ privateLink: { location: "eastus" } }))).toBe("eastus");
    expect(problemLines(topologyInput({ privateLink: { location: "eastus", machines: [{ id: machine("web01") }, { id: machine("web02"), location: "eastus" }] } }))).toEqual([]);
    // A server of the hub's region: the fix says where the scope's region comes from.
    expect(problemLines(topologyInput({ privateLink: { location: "eastus", machines: [{ id: machine("web01"), location: "westeurope" }, { id: machine("web02"), location: "northeurope" }] } }))).toEqual([
      `privateLink.machines[0].location: an Arc-enabled server must be in its Private Link Scope's region (eastus): the scope and the Arc resource share a region (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"); got "westeurope". Fix: the scope is in eastus because of privateLink.location: remove it to put the scope in the hub's region westeurope, or associate only servers of eastus here`,
      `privateLink.machines[1].location: an Arc-enabled server must be in its Private Link Scope's region (eastus): the scope and the Arc resource share a region (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"); got "northeurope". Fix: associate only servers of eastus here; a server of northeurope needs a scope in northeurope (a topology of its own)`,
    ]);
  });

  it("reports a cluster in a third region at once, against the hub's region the fix leads to", () => {
    const lines = problemLines(topologyInput({ privateLink: { location: "eastus" }, kubernetes: { clusters: [k8s({ gateway: undefined, location: "northeurope" })] } }));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^privateLink\.location: /);
    expect(lines[1]).toBe(`kubernetes.clusters[0].location: a private-link cluster must be in its Private Link Scope's region (westeurope, once the scope shares the hub's region); got "northeurope". Fix: remove location or set it to westeurope`);
  });

  it("fails for private-link clusters when the scope and the hub are in different regions, naming both fields, once", () => {
    const clusters = [k8s({ gateway: undefined }), k8s({ name: "edge2", gateway: undefined, location: "eastus" })];
    expect(problemLines(topologyInput({ privateLink: { location: "eastus" }, kubernetes: { clusters } }))).toEqual([
      `privateLink.location: Arc-enabled Kubernetes private link needs the cluster, its Private Link Scope and the private endpoint's network in one region (${KUBERNETES_ARTICLE}); the scope would be in eastus and the hub network in location westeurope, and kubernetes.clusters[0], kubernetes.clusters[1] use the scope; got "eastus". Fix: leave privateLink.location out (the scope then shares the hub's region westeurope), or connect these clusters from a topology whose location is their region`,
    ]);
  });

  it("passes the scope's region written equal to the hub's, with a cluster there", () => {
    expect(problemLines(topologyInput({ privateLink: { location: "westeurope" }, kubernetes: { clusters: [k8s({ gateway: undefined })] } }))).toEqual([]);
  });

  it("warns about the short his code of the scope's region, not the hub's", () => {
    const warnings = (privateLink: NonNullable<TopologyInput["privateLink"]>) => topologyWarnings(topology({ privateLink })).map((w) => w.path);
    expect(warnings({ location: "swedencentral" })).toContain("privateLink.hisRegionCode");
    expect(warnings({ location: "swedencentral", hisRegionCode: "sdc" })).not.toContain("privateLink.hisRegionCode");
    expect(topologyWarnings(topology({ location: "swedencentral", privateLink: { location: "eastus" } })).map((w) => w.path)).not.toContain("privateLink.hisRegionCode");
  });
});

describe("privateLink.dns fallback to internet (issue 16)", () => {
  const BLOB = "privatelink.blob.core.windows.net";
  const dns = (extra: Record<string, unknown>) => topologyInput({ privateLink: { dns: extra as never } });

  it("defaults to off; true or a list of used zones passes", () => {
    expect(topology().privateLink?.dns).toEqual({ mode: "managed", zoneIds: {}, fallbackToInternet: false, fallbackToInternetZones: [] });
    expect(problemLines(dns({ fallbackToInternet: true }))).toEqual([]);
    expect(problemLines(dns({ fallbackToInternetZones: ["privatelink.his.arc.azure.com"] }))).toEqual([]);
    expect(problemLines(topologyInput({ privateLink: { dns: { fallbackToInternetZones: [BLOB] }, endpoints: [{ type: "blob", resourceId: armId("Microsoft.Storage/storageAccounts", "st1") }] } }))).toEqual([]);
  });

  it("fails in mode policy (the stack creates no links), for either field", () => {
    expect(problemLines(dns({ mode: "policy", fallbackToInternet: true }))).toEqual([
      "privateLink.dns.fallbackToInternet: in mode policy the stack creates no zone links, and fallback to internet is a setting of the links (resolution_policy NxDomainRedirect); got true. Fix: set it on the links Azure Policy or the DNS team creates, and remove it here",
    ]);
    expect(problemLines(dns({ mode: "policy", fallbackToInternetZones: ["privatelink.his.arc.azure.com"] }))).toEqual([
      'privateLink.dns.fallbackToInternetZones: in mode policy the stack creates no zone links, and fallback to internet is a setting of the links (resolution_policy NxDomainRedirect); got ["privatelink.his.arc.azure.com"]. Fix: set it on the links Azure Policy or the DNS team creates, and remove it here',
    ]);
  });

  it("passes in mode existing (the links are the stack's)", () => {
    const zoneIds = Object.fromEntries(ARC_ZONES.map((z) => [z, zoneId(z)]));
    expect(problemLines(dns({ mode: "existing", zoneIds, fallbackToInternet: true }))).toEqual([]);
  });

  it("takes zone names in any casing (DNS is case-insensitive), and counts them once", () => {
    expect(problemLines(dns({ fallbackToInternetZones: ["PrivateLink.His.Arc.Azure.Com"] }))).toEqual([]);
    expect(planTopology(topology({ privateLink: { dns: { fallbackToInternetZones: ["PrivateLink.His.Arc.Azure.Com"] } } })).hub?.dns.fallbackZones).toEqual(["privatelink.his.arc.azure.com"]);
    expect(problemLines(dns({ fallbackToInternetZones: ["privatelink.his.arc.azure.com", "PrivateLink.His.Arc.Azure.Com"] }))).toEqual([
      'privateLink.dns.fallbackToInternetZones[1]: is listed twice (also fallbackToInternetZones[0]); got "PrivateLink.His.Arc.Azure.Com". Fix: remove the duplicate',
    ]);
  });

  it("warns when fallback covers the Arc zones, not for other zones, not in mode policy", () => {
    const warn = (d: Record<string, unknown>, extra: Partial<TopologyInput> = {}) => topologyWarnings(topology({ privateLink: { dns: d as never }, ...extra })).filter((w) => w.path.startsWith("privateLink.dns"));
    expect(warn({ fallbackToInternet: true })).toEqual([
      {
        path: "privateLink.dns.fallbackToInternet",
        message: `fallback to internet covers the Arc zones (${ARC_ZONES.join(", ")}): a missing record or a broken link then resolves Arc's names publicly, and with the scope's public access off the agents fail without pointing at DNS. Fall back only for zones shared with resources that have no endpoint here (fallbackToInternetZones, e.g. privatelink.blob.core.windows.net)`,
      },
    ]);
    expect(warn({ fallbackToInternetZones: ["privatelink.His.arc.azure.com"] }).map((w) => [w.path, w.message.slice(0, 80)])).toEqual([["privateLink.dns.fallbackToInternetZones", "fallback to internet covers the Arc zones (privatelink.his.arc.azure.com): a mis"]]);
    expect(warn({ fallbackToInternetZones: ["privatelink.blob.core.windows.net"] }, { privateLink: { dns: { fallbackToInternetZones: ["privatelink.blob.core.windows.net"] }, endpoints: [{ type: "blob", resourceId: armId("Microsoft.Storage/storageAccounts", "st1") }] } })).toEqual([]);
    expect(warn({})).toEqual([]);
  });

  it("fails for both fields at once, a zone the topology does not use (with a suggestion), and a zone listed twice", () => {
    expect(problemLines(dns({ fallbackToInternet: true, fallbackToInternetZones: ["privatelink.his.arc.azure.com"] }))).toEqual([
      'privateLink.dns.fallbackToInternetZones: fallbackToInternet: true already applies to every zone; got ["privatelink.his.arc.azure.com"]. Fix: remove fallbackToInternetZones, or set fallbackToInternet: false to keep only these',
    ]);
    expect(problemLines(dns({ fallbackToInternetZones: [BLOB, "privatelink.his.arc.azure.co", "privatelink.his.arc.azure.com", "privatelink.his.arc.azure.com"] }))).toEqual([
      `privateLink.dns.fallbackToInternetZones[0]: is not a zone this topology uses (${ARC_ZONES.join(", ")}); got "${BLOB}". Fix: list zones the topology uses`,
      `privateLink.dns.fallbackToInternetZones[1]: is not a zone this topology uses (${ARC_ZONES.join(", ")}); got "privatelink.his.arc.azure.co". Fix: did you mean "privatelink.his.arc.azure.com"?`,
      'privateLink.dns.fallbackToInternetZones[3]: is listed twice (also fallbackToInternetZones[2]); got "privatelink.his.arc.azure.com". Fix: remove the duplicate',
    ]);
  });
});

describe("onPremises.dns: Azure to on-premises (issue 16)", () => {
  const withDns = (dns: Record<string, unknown>, extra: Partial<TopologyInput> = {}) => topologyInput({ onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" }, dns: dns as never }, ...extra });
  const LOOP = (i: number, domain: string, relation: string, zone: string) =>
    `onPremises.dns.domains[${i}]: ${relation} the zone ${zone}, which on-premises DNS forwards to the hub resolver: its queries would loop between the two resolvers; got "${domain}". Fix: forward only on-premises domains here, nothing at, above or below ${zone}`;

  it("passes servers and domains with and without the final dot", () => {
    expect(problemLines(withDns({ servers: ["172.16.0.10", "172.16.0.11"], domains: ["corp.contoso.com", "contoso.local."] }))).toEqual([]);
  });

  it("fails without the hub resolver", () => {
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: ["corp.contoso.com"] }, { hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" }, dnsResolver: false }, privateLink: undefined }))).toEqual([
      "hub.dnsResolver: onPremises.dns forwards through an outbound endpoint of the hub's DNS Private Resolver, and the resolver is off; got false. Fix: set hub.dnsResolver: true (the default), or remove onPremises.dns",
    ]);
    const lines = problemLines(withDns({ servers: ["172.16.0.10"], domains: ["corp.contoso.com"] }, { hub: undefined, privateLink: undefined, spokes: [], arcGateways: [{ name: "east" }] }));
    expect(lines).toContain('onPremises.dns: the forwarding rules run on an outbound endpoint of the hub\'s DNS Private Resolver, and the topology has no hub; got "(no hub)". Fix: add a hub (its resolver is on by default), or remove onPremises.dns');
  });

  it("servers: 1-6, each once, IPv4", () => {
    const six = Array.from({ length: 6 }, (_, i) => `172.16.0.${i + 1}`);
    expect(problemLines(withDns({ servers: six, domains: ["corp"] }))).toEqual([]);
    expect(problemLines(withDns({ servers: [...six, "172.16.0.7"], domains: ["corp"] }))).toEqual(["onPremises.dns.servers: a forwarding rule takes at most 6 target DNS servers (Azure limit); got 7. Fix: list at most 6"]);
    expect(problemLines(withDns({ servers: [], domains: ["corp"] }))).toEqual(["onPremises.dns.servers: lists no DNS server to forward to; got []. Fix: list the on-premises DNS servers, e.g. [172.16.0.10]"]);
    expect(problemLines(withDns({ servers: ["172.16.0.10", "172.16.0.10"], domains: ["corp"] }))).toEqual(['onPremises.dns.servers[1]: is listed twice (also servers[0]); got "172.16.0.10". Fix: remove the duplicate']);
    expect(problemLines(withDns({ servers: ["dns1.corp"], domains: ["corp"] }))).toEqual(['onPremises.dns.servers[0]: a target DNS server is an IPv4 address; got "dns1.corp". Fix: e.g. 172.16.0.10']);
  });

  it("domains: at least one, at most 1,000, each once (casing and final dot aside), DNS names", () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `d${i}.corp`);
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: many(1000) }))).toEqual([]);
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: many(1001) }))).toEqual(["onPremises.dns.domains: a DNS forwarding ruleset holds at most 1000 rules, one per domain (Azure limit); got 1001. Fix: forward parent domains instead of each child"]);
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: [] }))).toEqual(["onPremises.dns.domains: lists no domain to forward; got []. Fix: list the on-premises domains, e.g. [corp.contoso.com]"]);
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: ["corp.contoso.com", "CORP.contoso.com."] }))).toEqual(['onPremises.dns.domains[1]: is listed twice (also domains[0]); got "CORP.contoso.com.". Fix: remove the duplicate']);
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: ["corp..com"] }))).toEqual([
      `onPremises.dns.domains[0]: a domain is a DNS name of labels of letters, digits, '_' and '-' ('-' not at a label's ends), with or without the final dot; got "corp..com". Fix: e.g. corp.contoso.com`,
    ]);
  });

  it("fails for a domain at, above or below a zone forwarded to Azure (a loop), and passes its neighbours", () => {
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: ["his.arc.azure.com", "azure.com", "x.guestconfiguration.azure.com.", "arc.azure.com", "contoso.azure.com"] }))).toEqual([
      LOOP(0, "his.arc.azure.com", "is", "his.arc.azure.com"),
      LOOP(1, "azure.com", "contains", "his.arc.azure.com"),
      LOOP(2, "x.guestconfiguration.azure.com.", "lies inside", "guestconfiguration.azure.com"),
      LOOP(3, "arc.azure.com", "contains", "his.arc.azure.com"),
    ]);
    // Not the zones themselves: names that only share a suffix of characters.
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: ["xhis.arc.azure.com", "myazure.com"] }))).toEqual([]);
  });

  it("counts the ruleset's links: the hub and the spokes with dnsLinks, at most 500", () => {
    const spokes = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, addressSpace: [`10.${Math.floor(i / 256) + 1}.${i % 256}.0/24`], dnsLinks: true }));
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: ["corp"] }, { spokes: spokes(499) }))).toEqual([]);
    expect(problemLines(withDns({ servers: ["172.16.0.10"], domains: ["corp"] }, { spokes: spokes(500) }))).toEqual([
      "onPremises.dns: the ruleset would be linked to the hub and 500 spokes with dnsLinks, and a ruleset has at most 500 virtual network links (Azure limit); got 501. Fix: let more spokes use the hub resolver (dnsLinks: false): they need no link",
    ]);
  });

  it("warns about a server in neither an on-premises range nor a spoke", () => {
    const warnings = topologyWarnings(validateTopology(withDns({ servers: ["172.16.0.10", "10.1.0.4", "10.50.0.4"], domains: ["corp"] }))).filter((w) => w.path.startsWith("onPremises"));
    expect(warnings).toEqual([
      {
        path: "onPremises.dns.servers[2]",
        message: "10.50.0.4 is in neither onPremises.addressSpace (172.16.0.0/16) nor a spoke: the resolver's outbound endpoint reaches it only if the hub routes there (another peered network, a route); otherwise check the address",
      },
    ]);
  });

  it.each([
    ["10.0.0.100", "10.0.0.96/28, the hub resolver's inbound subnet (a query sent there comes back to the ruleset: a loop)"],
    ["10.0.0.116", "10.0.0.112/28, the hub resolver's outbound subnet (the forwarded queries leave from it)"],
    ["10.0.0.5", "10.0.0.0/26, the hub's private endpoint subnet (no DNS server lives there)"],
    ["10.0.0.70", "10.0.0.64/27, the hub layout's GatewaySubnet range, kept for the gateway (no DNS server lives there)"],
    ["168.63.129.16", "168.63.129.16/32, Azure DNS, which the resolver asks for everything else already"],
    ["0.0.0.0", "0.0.0.0/8, not an address a DNS server has"],
    ["127.0.0.1", "127.0.0.0/8, a loopback address"],
    ["169.254.169.254", "169.254.0.0/16, a link-local address"],
    ["224.0.0.1", "224.0.0.0/4, a multicast address"],
    ["255.255.255.255", "240.0.0.0/4, a reserved address"],
  ])("fails for the target %s", (server, why) => {
    expect(problemLines(withDns({ servers: [server], domains: ["corp"] }))).toEqual([`onPremises.dns.servers[0]: is in ${why}; got "${server}". Fix: target the on-premises DNS servers (or DNS servers in a spoke)`]);
  });

  it("refuses the resolver's addresses with the resolver off too (turning it on must not refuse them later), and the gateway range without a gateway", () => {
    const off = { hub: { addressSpace: ["10.0.0.0/22"], dnsResolver: false }, privateLink: undefined, spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], dnsLinks: true }] };
    const input = topologyInput({ ...(off as Partial<TopologyInput>), onPremises: { addressSpace: ["172.16.0.0/16"], dns: { servers: ["10.0.0.100", "10.0.0.70"], domains: ["corp"] } } });
    expect(problemLines(input)).toEqual([
      "hub.dnsResolver: onPremises.dns forwards through an outbound endpoint of the hub's DNS Private Resolver, and the resolver is off; got false. Fix: set hub.dnsResolver: true (the default), or remove onPremises.dns",
      `onPremises.dns.servers[0]: is in 10.0.0.96/28, the hub resolver's inbound subnet (a query sent there comes back to the ruleset: a loop); got "10.0.0.100". Fix: target the on-premises DNS servers (or DNS servers in a spoke)`,
      `onPremises.dns.servers[1]: is in 10.0.0.64/27, the hub layout's GatewaySubnet range, kept for the gateway (no DNS server lives there); got "10.0.0.70". Fix: target the on-premises DNS servers (or DNS servers in a spoke)`,
    ]);
  });

  it("passes a target in the hub outside its subnets of the layout: the reserved half of the first /24 and the hub's other ranges", () => {
    expect(problemLines(withDns({ servers: ["10.0.0.128", "10.0.0.255", "10.0.1.4"], domains: ["corp"] }))).toEqual([]);
  });

  it("names the forwarded zone itself before a zone inside it", () => {
    const lines = problemLines(withDns({ servers: ["172.16.0.10"], domains: ["azure-automation.net"] }, { privateLink: { endpoints: [{ type: "automation", resourceId: armId("Microsoft.Automation/automationAccounts", "aa1") }], monitor: { linkedResourceIds: [] } } }));
    expect(lines).toEqual([LOOP(0, "azure-automation.net", "is", "azure-automation.net")]);
  });
});
