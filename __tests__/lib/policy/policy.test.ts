/**
 * The policy pack (lib/policy): each rule fails on a construct that breaks
 * it and passes on one that complies, as synthesized (escape-hatch
 * overrides count); the pack as an Aspect; suppressions by construct path
 * (the path and below it, never a sibling), unused suppressions.
 */
import { ArcPrivateLinkScope as ArcScopeResource } from "@cdktf/provider-azurerm/lib/arc-private-link-scope";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { MonitorPrivateLinkScope as MonitorScopeResource } from "@cdktf/provider-azurerm/lib/monitor-private-link-scope";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PrivateDnsARecord } from "@cdktf/provider-azurerm/lib/private-dns-a-record";
import { PrivateEndpoint as PrivateEndpointResource } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetworkGatewayConnection } from "@cdktf/provider-azurerm/lib/virtual-network-gateway-connection";
import { Aspects, Fn, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { PrivateAksCluster } from "../../../lib/aks";
import { AksApiServerEndpoint } from "../../../lib/aks/api-server-endpoint";
import { ArcPrivateLinkScope } from "../../../lib/arc";
import { AzapiResource } from "../../../lib/azapi";
import { DefaultTags, SubnetRef } from "../../../lib/core";
import { MonitorPrivateLinkScope } from "../../../lib/monitor";
import { HubNetwork, SpokeNetwork } from "../../../lib/network";
import { ArcNetworkSecurityGroup } from "../../../lib/nsg";
import {
  ARC_POLICY_RULES,
  ArcPolicyPack,
  checkPolicy,
  isBroadPortRange,
  NSG_NOT_SUPPORTED,
  PolicyReport,
  POLICY_RULE_IDS,
  referencedAddresses,
  suppresses,
  terraformArguments,
} from "../../../lib/policy";
import { PrivateEndpoint } from "../../../lib/private-endpoint";

const SUB = "00000000-0000-0000-0000-000000000000";
const subnet: SubnetRef = { subnetId: "/subnets/endpoints", name: "snet-endpoints", location: "westeurope", virtualNetworkId: "/vnets/hub", virtualNetworkKey: "hub" };
const base = { resourceGroupName: "rg", location: "westeurope" };

function newStack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "s");
  new AzurermProvider(s, "azurerm", { features: [{}] });
  return s;
}

/** `rule id: construct path below the stack: detail` of each standing finding. */
function found(report: PolicyReport): string[] {
  return report.findings.map((f) => `${f.rule.id}: ${f.path.split("/").slice(1).join("/")}: ${f.detail}`);
}

/** The standing findings of one rule in a stack. */
function findingsOf(id: string, s: TerraformStack, requiredTags: string[] = []): string[] {
  const rule = ARC_POLICY_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(id);
  return found(checkPolicy(s, { rules: [rule], requiredTags }));
}

describe("the rules", () => {
  it("are ARC-001 to ARC-008, each with a level, a title, a one-line reason and fix", () => {
    expect(POLICY_RULE_IDS).toEqual(["ARC-001", "ARC-002", "ARC-003", "ARC-004", "ARC-005", "ARC-006", "ARC-007", "ARC-008"]);
    expect(ARC_POLICY_RULES.map((r) => [r.id, r.level])).toEqual([
      ["ARC-001", "error"],
      ["ARC-002", "error"],
      ["ARC-003", "error"],
      ["ARC-004", "error"],
      ["ARC-005", "warning"],
      ["ARC-006", "warning"],
      ["ARC-007", "warning"],
      ["ARC-008", "warning"],
    ]);
    for (const r of ARC_POLICY_RULES) for (const text of [r.title, r.reason, r.fix]) expect({ id: r.id, text, oneLine: text.length > 0 && !text.includes("\n") }).toEqual({ id: r.id, text, oneLine: true });
  });
});

describe("ARC-001 public network access on an Arc or Monitor scope", () => {
  it("fails when the Arc scope allows public network access", () => {
    const s = newStack();
    new ArcPrivateLinkScope(s, "Arc", { name: "pls-a", ...base, publicNetworkAccessEnabled: true });
    expect(findingsOf("ARC-001", s)).toEqual(["ARC-001: Arc/Resource: public_network_access_enabled is true on the Arc Private Link Scope"]);
  });

  it("fails when a Monitor scope's ingestion or query access mode is Open", () => {
    const s = newStack();
    new MonitorPrivateLinkScope(s, "Monitor", { name: "ampls-a", resourceGroupName: "rg", ingestionAccessMode: "Open", queryAccessMode: "Open" });
    expect(findingsOf("ARC-001", s)).toEqual(["ARC-001: Monitor/Resource: ingestion_access_mode is Open on the Azure Monitor Private Link Scope", "ARC-001: Monitor/Resource: query_access_mode is Open on the Azure Monitor Private Link Scope"]);
  });

  it("fails when an override turns public access on behind the construct's back", () => {
    const s = newStack();
    const scope = new ArcScopeResource(s, "Raw", { name: "pls-raw", ...base });
    scope.addOverride("public_network_access_enabled", true);
    expect(findingsOf("ARC-001", s)).toEqual(["ARC-001: Raw: public_network_access_enabled is true on the Arc Private Link Scope"]);
  });

  it("fails when an Arc scope written through azapi has publicNetworkAccess Enabled; Disabled, another type, or no body pass", () => {
    const s = newStack();
    const at = { parentId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg", location: "westeurope" };
    new AzapiResource(s, "ArmScope", { ...at, type: "Microsoft.HybridCompute/privateLinkScopes@2024-07-10", name: "pls-arm", body: { properties: { publicNetworkAccess: "Enabled" } } });
    new AzapiResource(s, "CasedScope", { ...at, type: "microsoft.hybridcompute/PRIVATELINKSCOPES", name: "pls-cased", body: { properties: { publicNetworkAccess: "Enabled" } } });
    new AzapiResource(s, "PrivateScope", { ...at, type: "Microsoft.HybridCompute/privateLinkScopes@2024-07-10", name: "pls-private", body: { properties: { publicNetworkAccess: "Disabled" } } });
    new AzapiResource(s, "NoBody", { ...at, type: "Microsoft.HybridCompute/privateLinkScopes@2024-07-10", name: "pls-nobody" });
    new AzapiResource(s, "NoProperties", { ...at, type: "Microsoft.HybridCompute/privateLinkScopes@2024-07-10", name: "pls-noprops", body: { location: "westeurope" } });
    new AzapiResource(s, "Other", { ...at, type: "Microsoft.HybridCompute/gateways@2026-07-15", name: "gw", body: { properties: { publicNetworkAccess: "Enabled" } } });
    expect(findingsOf("ARC-001", s)).toEqual([
      "ARC-001: ArmScope: properties.publicNetworkAccess is Enabled on the Arc Private Link Scope",
      "ARC-001: CasedScope: properties.publicNetworkAccess is Enabled on the Arc Private Link Scope",
    ]);
  });

  it("passes when both scopes are private only (the constructs' defaults)", () => {
    const s = newStack();
    new ArcPrivateLinkScope(s, "Arc", { name: "pls-a", ...base });
    new MonitorPrivateLinkScope(s, "Monitor", { name: "ampls-a", resourceGroupName: "rg" });
    new MonitorScopeResource(s, "Raw", { name: "ampls-raw", resourceGroupName: "rg", ingestionAccessMode: "PrivateOnly", queryAccessMode: "PrivateOnly" });
    expect(findingsOf("ARC-001", s)).toEqual([]);
  });
});

describe("ARC-002 NSG allow rule open to any address or the internet on broad ports", () => {
  const rule = (name: string, over: Record<string, string>) => ({
    name,
    priority: 200,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourcePortRange: "*",
    sourceAddressPrefix: "VirtualNetwork",
    destinationAddressPrefix: "VirtualNetwork",
    destinationPortRange: "443",
    ...over,
  });

  it("knows broad ports: every port, or a range of 1,024 or more", () => {
    expect(["*", "0-65535", "1024-2047", " 1-65535 "].map(isBroadPortRange)).toEqual([true, true, true, true]);
    expect(["443", "1024-2046", "8000-8080", "22"].map(isBroadPortRange)).toEqual([false, false, false, false]);
  });

  it("fails when an inline allow rule lets the internet or any address in, or out to the internet, on broad ports", () => {
    const s = newStack();
    new NetworkSecurityGroup(s, "Nsg", {
      name: "nsg",
      ...base,
      securityRule: [
        rule("AnyIn", { sourceAddressPrefix: "*", destinationPortRange: "*" }),
        rule("InternetIn", { sourceAddressPrefix: "Internet", destinationPortRange: "1000-3000", priority: "201" }),
        rule("AllOut", { direction: "Outbound", destinationAddressPrefix: "0.0.0.0/0", destinationPortRange: "*", priority: "202" }),
      ] as never,
    });
    expect(findingsOf("ARC-002", s)).toEqual([
      "ARC-002: Nsg: security rule AnyIn allows inbound from * on ports *",
      "ARC-002: Nsg: security rule InternetIn allows inbound from Internet on ports 1000-3000",
      "ARC-002: Nsg: security rule AllOut allows outbound to 0.0.0.0/0 on ports *",
    ]);
  });

  it("fails on a standalone rule with address and port lists", () => {
    const s = newStack();
    new NetworkSecurityRule(s, "Rule", {
      name: "Wide",
      ...base,
      networkSecurityGroupName: "nsg",
      priority: 300,
      direction: "Outbound",
      access: "Allow",
      protocol: "*",
      sourcePortRange: "*",
      sourceAddressPrefix: "VirtualNetwork",
      destinationAddressPrefixes: ["10.0.0.0/8", "0.0.0.0/0"],
      destinationPortRanges: ["443", "1024-65535"],
    });
    expect(findingsOf("ARC-002", s)).toEqual(["ARC-002: Rule: security rule Wide allows outbound to 0.0.0.0/0 on ports 1024-65535"]);
  });

  it("passes on the Arc profiles (service tags on 443, the internet denied), narrow ports, deny rules and `*` as the local side", () => {
    const s = newStack();
    new ArcNetworkSecurityGroup(s, "Arc", { name: "nsg-arc", ...base, profile: "kubernetes" });
    new NetworkSecurityGroup(s, "Nsg", {
      name: "nsg",
      ...base,
      securityRule: [
        rule("Https", { sourceAddressPrefix: "Internet", destinationPortRange: "443" }),
        rule("DenyAll", { access: "Deny", sourceAddressPrefix: "*", destinationPortRange: "*", priority: "201" }),
        rule("VnetOut", { direction: "Outbound", sourceAddressPrefix: "*", destinationAddressPrefix: "VirtualNetwork", destinationPortRange: "*", priority: "202" }),
      ] as never,
    });
    expect(findingsOf("ARC-002", s)).toEqual([]);
  });
});

describe("ARC-003 a sensitive value written in plain text", () => {
  it("fails on a literal shared key, a provider secret, credentials in a URL and a sensitive variable's default, and never shows the secret", () => {
    const s = newStack();
    new VirtualNetworkGatewayConnection(s, "Vpn", { name: "cn", ...base, type: "IPsec", virtualNetworkGatewayId: "/gw", localNetworkGatewayId: "/lgw", sharedKey: "hunter2-hunter2" });
    new AzurermProvider(s, "other", { alias: "other", features: [{}], clientSecret: "s3cr3t-value" });
    new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope", tags: { proxy: "http://user:pa55@proxy.contoso.com:3128" } });
    new TerraformVariable(s, "kube_token", { type: "string", sensitive: true, default: "eyJhbGciOi" });
    const report = checkPolicy(s, { rules: ARC_POLICY_RULES.filter((r) => r.id === "ARC-003") });
    expect(found(report)).toEqual([
      "ARC-003: Vpn: shared_key is written in plain text",
      "ARC-003: other: client_secret is written in plain text",
      "ARC-003: Rg: tags.proxy holds a URL with a user name and password in plain text",
      "ARC-003: kube_token: variable kube_token is sensitive and has a default written in the configuration",
    ]);
    expect(JSON.stringify(report.findings.map((f) => [f.detail, f.value]))).not.toMatch(/hunter2|s3cr3t|pa55|eyJhbGciOi/);
  });

  it("passes when secrets come from sensitive variables without a default (the hub stack's VPN key)", () => {
    const s = newStack();
    const key = new TerraformVariable(s, "vpn_shared_key", { type: "string", sensitive: true, nullable: false });
    new VirtualNetworkGatewayConnection(s, "Vpn", { name: "cn", ...base, type: "IPsec", virtualNetworkGatewayId: "/gw", localNetworkGatewayId: "/lgw", sharedKey: key.stringValue });
    new TerraformVariable(s, "authorization_key", { type: "string", sensitive: true, nullable: true }).addOverride("default", null);
    new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope", tags: { proxy: "http://proxy.contoso.com:3128", note: "${var.token}" } });
    expect(findingsOf("ARC-003", s)).toEqual([]);
  });
});

describe("ARC-004 a manual private endpoint connection without a request message", () => {
  const connection = { name: "psc-x", privateConnectionResourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`, subresourceNames: ["management"], isManualConnection: true };

  it("fails when a manual connection has no request message, or an empty one", () => {
    const s = newStack();
    new PrivateEndpointResource(s, "None", { name: "pe-none", ...base, subnetId: "/subnets/x", privateServiceConnection: connection });
    new PrivateEndpointResource(s, "Empty", { name: "pe-empty", ...base, subnetId: "/subnets/x", privateServiceConnection: { ...connection, requestMessage: " " } });
    expect(findingsOf("ARC-004", s)).toEqual(["ARC-004: None: private service connection psc-x is manual and has no request message", "ARC-004: Empty: private service connection psc-x is manual and has no request message"]);
  });

  it("passes with a message, and on automatic connections (the PrivateEndpoint construct)", () => {
    const s = newStack();
    new PrivateEndpointResource(s, "Message", { name: "pe-m", ...base, subnetId: "/subnets/x", privateServiceConnection: { ...connection, requestMessage: "Contoso hub, for kubectl" } });
    new PrivateEndpoint(s, "Auto", { name: "pe-auto", resourceGroupName: "rg", subnet, targetResourceId: connection.privateConnectionResourceId, subresourceNames: ["management"], privateDnsZoneIds: ["/zones/z"] });
    expect(findingsOf("ARC-004", s)).toEqual([]);
  });
});

describe("ARC-005 a private AKS cluster with a public FQDN or local accounts", () => {
  const cluster = { name: "aks", ...base, dnsPrefix: "aks", defaultNodePool: { name: "system", vmSize: "Standard_D4ds_v5", nodeCount: 1 }, identity: { type: "SystemAssigned" } };

  it("fails on a public FQDN, and on local accounts left on (azurerm's default)", () => {
    const s = newStack();
    new PrivateAksCluster(s, "Fqdn", { name: "aks1", ...base, subnet, publicFqdnEnabled: true });
    new KubernetesCluster(s, "Local", { ...cluster, privateClusterEnabled: true });
    expect(findingsOf("ARC-005", s)).toEqual([
      "ARC-005: Fqdn/Resource: private_cluster_public_fqdn_enabled is true: the API server has a public FQDN",
      "ARC-005: Local: local_account_disabled is not true: the cluster has local accounts",
    ]);
  });

  it("passes on the PrivateAksCluster defaults, and on clusters that are not private", () => {
    const s = newStack();
    new PrivateAksCluster(s, "Aks", { name: "aks1", ...base, subnet });
    new KubernetesCluster(s, "Public", cluster);
    expect(findingsOf("ARC-005", s)).toEqual([]);
  });
});

describe("ARC-006 a subnet without an NSG where Azure allows one", () => {
  it("fails on subnets no association references; GatewaySubnet and the other reserved subnets are exempt", () => {
    const s = newStack();
    new HubNetwork(s, "Hub", { name: "c", ...base, addressSpace: ["10.0.0.0/22"], gateway: { type: "Vpn" } });
    for (const name of NSG_NOT_SUPPORTED.filter((n) => n !== "GatewaySubnet")) new Subnet(s, name, { name, resourceGroupName: "rg", virtualNetworkName: "v", addressPrefixes: ["10.9.0.0/26"] });
    expect(findingsOf("ARC-006", s)).toEqual([
      "ARC-006: Hub/EndpointSubnet: subnet snet-c-endpoints has no network security group",
      "ARC-006: Hub/ResolverInboundSubnet: subnet snet-c-dns-inbound has no network security group",
      "ARC-006: Hub/ResolverOutboundSubnet: subnet snet-c-dns-outbound has no network security group",
    ]);
  });

  it("passes on subnets an NSG is attached to (a spoke with the Arc rules, a raw association)", () => {
    const s = newStack();
    const spoke = new SpokeNetwork(s, "Spoke", { prefix: "c", name: "a", ...base, addressSpace: ["10.1.0.0/24"], subnets: [{ name: "web", addressPrefix: "10.1.0.0/25" }, { name: "db", addressPrefix: "10.1.0.128/25" }] });
    new ArcNetworkSecurityGroup(spoke, "SecurityGroup", { name: "nsg", ...base, profile: "servers", subnets: [...spoke.subnets.values()] });
    const raw = new Subnet(s, "Raw", { name: "raw", resourceGroupName: "rg", virtualNetworkName: "v", addressPrefixes: ["10.2.0.0/24"] });
    new SubnetNetworkSecurityGroupAssociation(s, "RawNsg", { subnetId: raw.id, networkSecurityGroupId: "/nsgs/x" });
    expect(findingsOf("ARC-006", s)).toEqual([]);
  });
});

describe("ARC-007 a private endpoint with neither a zone group nor an A record, outside policy mode", () => {
  it("fails on an endpoint with no zone group and no record", () => {
    const s = newStack();
    new PrivateEndpoint(s, "Bare", { name: "pe-bare", resourceGroupName: "rg", subnet, targetResourceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`, subresourceNames: ["vault"] });
    expect(findingsOf("ARC-007", s)).toEqual(["ARC-007: Bare/Resource: private endpoint pe-bare has no zone group and no A record"]);
  });

  it("passes with a zone group, a policy-owned zone group, or an A record pointing at the endpoint (the AKS API-server endpoint)", () => {
    const s = newStack();
    const target = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`;
    new PrivateEndpoint(s, "Zoned", { name: "pe-z", resourceGroupName: "rg", subnet, targetResourceId: target, subresourceNames: ["vault"], privateDnsZoneIds: ["/zones/privatelink.vaultcore.azure.net"] });
    new PrivateEndpoint(s, "Policy", { name: "pe-p", resourceGroupName: "rg", subnet, targetResourceId: target, subresourceNames: ["vault"], dnsZoneGroupManagedByPolicy: true });
    new AksApiServerEndpoint(s, "Aks", {
      name: "pe-aks",
      resourceGroupName: "rg",
      subnet,
      clusterId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks`,
      clusterRegion: "westeurope",
      privateFqdn: "aks-1.abc.privatelink.westeurope.azmk8s.io",
      zone: { zoneName: "privatelink.westeurope.azmk8s.io", resourceGroupName: "rg" },
    });
    expect(findingsOf("ARC-007", s)).toEqual([]);
  });

  it("fails when the only A record points at another endpoint", () => {
    const s = newStack();
    const target = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`;
    const other = new PrivateEndpoint(s, "Other", { name: "pe-o", resourceGroupName: "rg", subnet, targetResourceId: target, subresourceNames: ["vault"], privateDnsZoneIds: ["/zones/z"] });
    new PrivateEndpoint(s, "Bare", { name: "pe-bare", resourceGroupName: "rg", subnet, targetResourceId: target, subresourceNames: ["vault"] });
    new PrivateDnsARecord(s, "Record", { name: "kv", zoneName: "z", resourceGroupName: "rg", ttl: 300, records: [other.privateIpAddress] });
    expect(findingsOf("ARC-007", s)).toEqual(["ARC-007: Bare/Resource: private endpoint pe-bare has no zone group and no A record"]);
  });
});

describe("ARC-008 a resource without the topology's tags", () => {
  it("fails on a taggable resource without every required tag name", () => {
    const s = newStack();
    new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope", tags: { owner: "platform" } });
    expect(findingsOf("ARC-008", s, ["owner", "costCenter"])).toEqual(["ARC-008: Rg: azurerm_resource_group has no tag costCenter"]);
  });

  it("passes once DefaultTags tags the stack (names compare case-insensitively), and on resources that take no tags", () => {
    const s = newStack();
    new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope", tags: { OWNER: "me" } });
    new SubnetNetworkSecurityGroupAssociation(s, "Assoc", { subnetId: "/subnets/x", networkSecurityGroupId: "/nsgs/x" });
    DefaultTags.apply(s, { owner: "platform", costCenter: "4711" });
    expect(findingsOf("ARC-008", s, ["owner", "costCenter"])).toEqual([]);
  });
});

describe("the pack", () => {
  it("is an Aspect: added to a stack, it visits every construct at synthesis and reports after the other aspects ran", () => {
    const s = newStack();
    // Added before DefaultTags, so it visits each resource first: the rules still read the tags DefaultTags writes.
    const pack = new ArcPolicyPack({ requiredTags: ["owner"] });
    Aspects.of(s).add(pack);
    DefaultTags.apply(s, { owner: "platform" });
    new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope" });
    new ArcPrivateLinkScope(s, "Arc", { name: "pls-a", ...base, publicNetworkAccessEnabled: true });
    Testing.synth(s);
    const report = pack.report();
    expect(found(report)).toEqual(["ARC-001: Arc/Resource: public_network_access_enabled is true on the Arc Private Link Scope"]);
    expect(report.errors.map((f) => f.rule.id)).toEqual(["ARC-001"]);
    expect(report.warnings).toEqual([]);
  });

  it("reads a resource's arguments as synthesized, overrides merged in", () => {
    const s = newStack();
    const rg = new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope", tags: { a: "1" } });
    rg.addOverride("tags.b", "2");
    rg.addOverride("managed_by", "me");
    expect(terraformArguments(rg)).toMatchObject({ name: "rg", location: "westeurope", tags: { a: "1", b: "2" }, managed_by: "me" });
  });

  it("finds the addresses references point at, in strings, lists and function calls", () => {
    const s = newStack();
    const rg = new ResourceGroup(s, "Rg", { name: "rg", location: "westeurope" });
    const address = `azurerm_resource_group.${rg.friendlyUniqueId}`;
    expect(referencedAddresses({ a: `x-${rg.name}`, b: [rg.id], c: { d: rg.location }, e: Fn.lower(rg.managedBy) })).toEqual([`${address}.name`, `${address}.id`, `${address}.location`, `${address}.managed_by`]);
    expect(referencedAddresses(["plain", 3, null])).toEqual([]);
  });
});

describe("suppressions by construct path", () => {
  /** Three spokes' subnets without an NSG: `s/a/Subnet`, `s/a/Inner/Subnet`, `s/ab/Subnet`. */
  function spokes(): TerraformStack {
    const s = newStack();
    const a = new Construct(s, "a");
    new Subnet(a, "Subnet", { name: "a", resourceGroupName: "rg", virtualNetworkName: "v", addressPrefixes: ["10.1.0.0/24"] });
    new Subnet(new Construct(a, "Inner"), "Subnet", { name: "a2", resourceGroupName: "rg", virtualNetworkName: "v", addressPrefixes: ["10.1.1.0/24"] });
    new Subnet(new Construct(s, "ab"), "Subnet", { name: "ab", resourceGroupName: "rg", virtualNetworkName: "v", addressPrefixes: ["10.2.0.0/24"] });
    return s;
  }

  it("match the finding on the path and below it, never a sibling whose name starts the same", () => {
    const s = spokes();
    const suppression = { rule: "ARC-006", paths: ["s/a"], reason: "tested on purpose" };
    const report = checkPolicy(s, { suppressions: [suppression] });
    expect(found(report)).toEqual(["ARC-006: ab/Subnet: subnet ab has no network security group"]);
    expect(report.suppressed.map((f) => [f.path, f.suppressedBy])).toEqual([
      ["s/a/Subnet", suppression],
      ["s/a/Inner/Subnet", suppression],
    ]);
    expect(report.unusedSuppressions).toEqual([]);
  });

  it("match only their rule; one that matches nothing is reported unused", () => {
    const s = spokes();
    const otherRule = { rule: "ARC-002", paths: ["s/a"], reason: "tested on purpose" };
    const nowhere = { rule: "ARC-006", paths: ["s/none"], reason: "tested on purpose" };
    const exact = { rule: "ARC-006", paths: ["s/ab/Subnet"], reason: "tested on purpose" };
    const report = checkPolicy(s, { suppressions: [otherRule, nowhere, exact] });
    expect(found(report)).toEqual(["ARC-006: a/Subnet: subnet a has no network security group", "ARC-006: a/Inner/Subnet: subnet a2 has no network security group"]);
    expect(report.unusedSuppressions).toEqual([otherRule, nowhere]);
  });

  it("each suppression that matches a finding is used, also where an earlier one already accepts it", () => {
    const s = spokes();
    const wide = { rule: "ARC-006", paths: ["s/a"], reason: "tested on purpose" };
    const narrow = { rule: "ARC-006", paths: ["s/a/Inner"], reason: "tested on purpose" };
    const report = checkPolicy(s, { suppressions: [wide, narrow] });
    expect(report.suppressed.map((f) => [f.path, f.suppressedBy])).toEqual([
      ["s/a/Subnet", wide],
      ["s/a/Inner/Subnet", wide],
    ]);
    expect(report.unusedSuppressions).toEqual([]);
  });

  it("suppresses() compares whole path segments", () => {
    const rule = ARC_POLICY_RULES[0];
    const s = { rule: rule.id, paths: ["x/Spoke-a"], reason: "tested on purpose" };
    expect([["x/Spoke-a"], ["x/Spoke-a/Subnet"], ["x/Spoke-ab"], ["x"]].map(([path]) => suppresses(s, { rule, path }))).toEqual([true, true, false, false]);
  });
});
