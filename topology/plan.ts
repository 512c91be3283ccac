/**
 * The resolved plan: one pure function from a validated topology to every
 * fact the stacks, the command line and the hand-off files need (names,
 * addresses, zones, forwarders, endpoints, records, approvals, grants,
 * dependencies, warnings), decided once and typed. No cdktf here: the
 * stacks read the plan and compose constructs; values only Terraform knows
 * (ids of resources it creates, the signed-in subscription) stay theirs.
 *
 * Strings in the plan are plain text as the file gave them: the stacks
 * escape what they write into Terraform (`terraformLiteral`).
 */
import * as path from "node:path";
import { aksApprovalCommands } from "../lib/aks/facts";
import { aksPrivateZoneName } from "../lib/aks/zone";
import { arcGatewayAllowlist, AllowlistEntry, GatewayScenario } from "../lib/arc-gateway/allowlist";
import { arcPrivateDnsCheckHosts } from "../lib/arc/onboarding";
import { ARC_RESOURCE_PROVIDERS } from "../lib/arc/private-link-scope";
import { proxySkipRange } from "../lib/arc-gateway/proxy";
import { ArcConnectivityError, ArmId, armIdKey, boundedName, nameSegment, parseArmId, parseCidr, Problem, resourceName, shortHash, uniqueLabels } from "../lib/core";
import { PRIVATE_LINK_SERVICES, zonesFor } from "../lib/core/private-link-services";
import { GatewayType } from "../lib/network";
import { forwardingDomain } from "../lib/network/domains";
import { hubAddresses } from "../lib/network/layout";
import { MAX_PRIVATE_ENDPOINT_NAME_LENGTH } from "../lib/private-endpoint";
import {
  aksAccessEndpointName,
  aksApprovalStackName,
  aksClusterName,
  aksClusterZone,
  aksZoneChoice,
  arcGatewayResourceGroupName,
  arcGatewayResourceName,
  arcGatewayStackName,
  arcPrivateLinkScopeName,
  arcScopeLocation,
  clusterGateway,
  connectivityResourceGroupName,
  gatewayScenarios,
  gatewayType,
  HubTopology,
  hasHub,
  hubSpokeStackName,
  kubernetesResourceGroupName,
  kubernetesStackName,
  needsManualApproval,
  neededForwarders,
  neededZones,
  SpokeDns,
  spokeDns,
  spokeSubnets,
  localStateFile,
  workspaceName,
  azureStateKey,
} from "./facts";
import { topologyWarnings } from "./rules";
import { PolicyPlan, topologyConstructs } from "./suppressions";
import { AksClusterConfig, ArcGatewayConfig, DNS_MODES, EndpointType, KubernetesClusterConfig, SpokeConfig, Topology } from "./schema";

/** Where a stack keeps its state: a local file, one Terraform Cloud / Enterprise workspace, or one blob in Azure Storage. */
export type BackendPlan = LocalBackendPlan | CloudBackendPlan | AzurermBackendPlan;

/** One Terraform Cloud / Enterprise workspace per stack. */
export interface CloudBackendPlan {
  readonly type: "cloud";
  readonly hostname: string;
  readonly organization: string;
  readonly workspace: string;
  /** The Terraform Cloud project of the workspace; absent: the organization's default project. */
  readonly project?: string;
}

/** One state blob per stack in an Azure Storage container, reached with Entra ID (the backend block sets `use_azuread_auth`). */
export interface AzurermBackendPlan {
  readonly type: "azurerm";
  readonly storageAccountName: string;
  readonly containerName: string;
  /** The blob: `<keyPrefix><stack>.tfstate`. */
  readonly key: string;
  readonly resourceGroupName?: string;
  readonly subscriptionId?: string;
  readonly tenantId?: string;
}

/** A local state file. */
export interface LocalBackendPlan {
  readonly type: "local";
  /** The state file relative to the stack's folder (`<out>/stacks/<stack>/`), with `/`: what the backend block says. */
  readonly path: string;
  /** The state file as the topology names it: relative to the project root (default `state/terraform.<stack>.tfstate`), or absolute. */
  readonly stateFile: string;
}

/**
 * Where the output goes, which decides the local state paths written into
 * the backends (relative to each stack folder, so the output does not depend
 * on the machine).
 */
export interface PlanOptions {
  /** The project root: relative state paths start here. @default a root of its own, so the paths come out as for the layout below */
  readonly projectRoot?: string;
  /** The output folder (the stacks go to `<outDir>/stacks/<stack>`), absolute or relative to the project root. @default cdktf.out */
  readonly outDir?: string;
}

/** What every stack has. */
export interface StackPlanBase {
  /** The stack's name: its output folder and workspace. */
  readonly stackName: string;
  readonly backend: BackendPlan;
  /** Stacks (by name) to apply before this one. */
  readonly dependsOn: readonly string[];
  /** Tags on every resource that takes them (plain text). */
  readonly tags: Readonly<Record<string, string>>;
}

/** A resource group: created by the stack, or an existing one used by name. */
export interface ResourceGroupPlan {
  readonly name: string;
  readonly create: boolean;
}

export interface PrivateEndpointPlan {
  /** Construct id suffix: `<type>-<name>`, plus a hash of the whole id for a later target with the name of an earlier one (`uniqueLabels`). */
  readonly label: string;
  /** Azure name, at most 64 characters. */
  readonly name: string;
  readonly type: EndpointType;
  readonly resourceId: string;
  readonly subresource: string;
  /** Zones of its zone group, in order. */
  readonly zones: readonly string[];
}

export interface SpokePlan {
  readonly name: string;
  readonly addressSpace: readonly string[];
  /** The subnets as written (undefined: one spanning the spoke). */
  readonly subnets?: SpokeConfig["subnets"];
  /** How the spoke resolves names: zone links, the hub resolver, or Azure DNS. */
  readonly dns: SpokeDns;
  readonly arcRules: SpokeConfig["arcRules"];
  /** The NSG's name, when arcRules is not `none`. */
  readonly nsgName?: string;
}

export interface AksEndpointPlan {
  /** The `aksPrivateAccess` entry's name. */
  readonly name: string;
  readonly endpointName: string;
  readonly clusterId: string;
  readonly region: string;
  readonly privateFqdn: string;
  /** The hub zone of its A record: `privatelink.<region>.azmk8s.io`. */
  readonly zoneName: string;
  /** Cross-tenant or cross-subscription: the owner approves; the request message and the owner's commands. */
  readonly manualApproval?: { readonly requestMessage?: string; readonly commands: { readonly list: string; readonly approve: string } };
}

export interface AksClusterPlan {
  /** The `aksClusters` entry's name. */
  readonly name: string;
  readonly clusterName: string;
  readonly spoke: string;
  readonly subnet: string;
  /** `System`, `None`, or the hub zone (custom). */
  readonly privateDnsZone: "System" | "None" | { readonly zoneName: string };
  readonly dnsPrefix?: string;
  readonly publicFqdn: boolean;
  readonly vmSize: string;
  readonly nodeCount: number;
  readonly kubernetesVersion?: string;
  readonly serviceCidr?: string;
  readonly dnsServiceIp?: string;
  readonly adminGroupObjectIds: readonly string[];
}

/** The hub-and-spoke stack. */
export interface HubStackPlan extends StackPlanBase {
  readonly subscriptionId?: string;
  /**
   * The resource providers the stack's azurerm provider registers, and the
   * only ones (`resource_provider_registrations = "none"`): Microsoft.Network
   * always, the Arc ones with private link, Microsoft.Insights with a Monitor
   * scope, Microsoft.ContainerService and Microsoft.ManagedIdentity with AKS
   * clusters. Sorted.
   */
  readonly resourceProviders: readonly string[];
  readonly location: string;
  readonly resourceGroup: ResourceGroupPlan;
  readonly hub: {
    readonly name: string;
    readonly addressSpace: readonly string[];
    readonly gateway?: { readonly type: GatewayType; readonly sku?: string };
    readonly dnsResolver: boolean;
    /** The private endpoints' subnet of the hub layout (`hubAddresses`): where every endpoint's address comes from. */
    readonly endpointSubnet: string;
    /** The resolver's static inbound IP (the hub layout's `<first /24>.100`): the target of on-premises conditional forwarders; undefined without a resolver. */
    readonly resolverInboundIp?: string;
  };
  /** The connection to on-premises through the hub gateway. */
  readonly onPremises?: { readonly gatewayType: GatewayType; readonly vpn?: { readonly gatewayAddress: string; readonly addressSpace: readonly string[] }; readonly expressRoute?: { readonly circuitId: string } };
  readonly dns: {
    readonly mode: (typeof DNS_MODES)[number];
    /** Every zone the stack creates, imports or (policy) leaves to Azure Policy, in order. */
    readonly zones: readonly string[];
    /** Mode existing: zone name -> id. */
    readonly existingZoneIds?: Readonly<Record<string, string>>;
    /** Subscriptions (lower case) of existing zones outside the topology's subscription, in order of first use, each with the alias of its provider (`zones-<subscription id>`). */
    readonly zoneProviders: ReadonlyArray<{ readonly subscriptionId: string; readonly alias: string }>;
    /** Public zones on-premises DNS servers forward to the hub resolver. */
    readonly forwarderZones: readonly string[];
    /** Zones whose links resolve a name they do not hold publicly (`resolution_policy = "NxDomainRedirect"`), in order. */
    readonly fallbackZones: readonly string[];
    /**
     * Azure to on-premises (`onPremises.dns`): the DNS servers (port 53), the
     * forwarded domains (lower case, final dot), the spokes the ruleset is
     * linked to besides the hub (those with `dnsLinks`), and the outbound
     * subnet the queries come from.
     */
    readonly toOnPremises?: { readonly servers: readonly string[]; readonly domains: readonly string[]; readonly linkedSpokes: readonly string[]; readonly outboundSubnet: string };
  };
  readonly privateLink?: {
    readonly scopeName: string;
    readonly publicNetworkAccess: boolean;
    readonly zones: readonly string[];
    readonly monitor?: { readonly name: string; readonly ingestionAccessMode: "Open" | "PrivateOnly"; readonly queryAccessMode: "Open" | "PrivateOnly"; readonly linkedResourceIds: readonly string[]; readonly zones: readonly string[] };
    readonly endpoints: readonly PrivateEndpointPlan[];
    /** Names that must resolve to private IPs on-premises. */
    readonly dnsCheckHosts: readonly string[];
    /** Resource group the onboarding commands put machines and clusters in. */
    readonly machinesResourceGroup?: string;
    /** The scope's region: the onboarding commands' and the checks'. */
    readonly location: string;
    /** Existing Arc-enabled servers to associate with the scope; `label` is the construct id suffix (`stableTargetLabel`). */
    readonly machines: ReadonlyArray<{ readonly id: string; readonly label: string }>;
    /** The proxy servers use for the public route (Entra ID, Resource Manager). */
    readonly serverProxy?: { readonly url: string; readonly bypassArc: boolean };
  };
  readonly spokes: readonly SpokePlan[];
  readonly aksEndpoints: readonly AksEndpointPlan[];
  readonly aksClusters: readonly AksClusterPlan[];
}

export interface GatewayClusterPlan {
  readonly id: string;
  /** Construct id suffix: `<rg>-<name>-<hash of the id>` (`stableTargetLabel`). */
  readonly label: string;
  /** Output key: `<rg>/<name>`, or the whole id where two share it. */
  readonly key: string;
  /** The connected cluster's subscription, resource group and name, from its id. */
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly clusterName: string;
  readonly skipRange: readonly string[];
  readonly proxy?: { readonly https: string; readonly http?: string; readonly certificateFile?: string };
}

/** One Arc gateway's stack. */
export interface GatewayStackPlan extends StackPlanBase {
  /** The `arcGateways` entry's name. */
  readonly name: string;
  readonly subscriptionId?: string;
  readonly resourceProviders: readonly string[];
  readonly location: string;
  readonly resourceGroup: ResourceGroupPlan;
  readonly gatewayName: string;
  readonly apiVersion?: string;
  /** Servers to associate; `label` is the construct id suffix (`stableTargetLabel`). */
  readonly machines: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  readonly clusters: readonly GatewayClusterPlan[];
  /** The topology's region: the allowlist's and the commands'. */
  readonly region: string;
  readonly scenarios: readonly GatewayScenario[];
  /** Hosts to allow, the gateway's own first (a placeholder until apply). */
  readonly allowlist: readonly AllowlistEntry[];
  /** The allowlist's hosts for Arc-enabled servers, and for Arc-enabled Kubernetes, in its order. */
  readonly allowlistHosts: { readonly servers: readonly string[]; readonly kubernetes: readonly string[] };
  readonly serverProxyUrl?: string;
}

/** The cluster owner's approval stack of an `aksPrivateAccess` entry. */
export interface ApprovalStackPlan extends StackPlanBase {
  /** The `aksPrivateAccess` entry's name. */
  readonly name: string;
  /** The cluster's subscription and the owner's tenant. */
  readonly subscriptionId?: string;
  /** @default - the environment's tenant */
  readonly tenantId?: string;
  readonly clusterId: string;
  readonly endpointResourceGroup: string;
  readonly endpointName: string;
  readonly endpointSubscriptionId?: string;
  readonly description: string;
}

/** One Arc-enabled Kubernetes cluster's stack. */
export interface KubernetesStackPlan extends StackPlanBase {
  /** The `kubernetes.clusters` entry's name: the connected cluster's name. */
  readonly name: string;
  readonly subscriptionId?: string;
  readonly location: string;
  readonly resourceGroup: ResourceGroupPlan;
  readonly connection: KubernetesClusterConfig["connection"];
  /** Through an Arc gateway of another stack, or the hub stack's private link scope (ids built from names: no stack reads another's state). */
  readonly connectivity:
    | {
        readonly type: "gateway";
        readonly gateway: string;
        /** The gateway's subscription (its own, else the topology's); undefined: the signed-in one. */
        readonly subscriptionId?: string;
        readonly resourceGroupName: string;
        readonly gatewayName: string;
      }
    | { readonly type: "privateLink"; readonly resourceGroupName: string; readonly scopeName: string };
  readonly distribution: string;
  readonly infrastructure: string;
  readonly chart: KubernetesClusterConfig["chart"];
  readonly proxy?: { readonly https: string; readonly http?: string; readonly noProxy: readonly string[]; readonly certificatePem?: string };
  readonly clusterConnect?: NonNullable<KubernetesClusterConfig["clusterConnect"]>;
}

export interface Plan {
  readonly name: string;
  readonly location: string;
  readonly hub?: HubStackPlan;
  readonly gateways: readonly GatewayStackPlan[];
  readonly approvals: readonly ApprovalStackPlan[];
  readonly kubernetes: readonly KubernetesStackPlan[];
  /** Things worth saying that do not stop the synth, with field paths. */
  readonly warnings: readonly Problem[];
  /** The policy pack's suppressions and required tags, and the construct path of each topology entry (topology/suppressions.ts). */
  readonly policy: PolicyPlan;
}

/** Where the output and the state start from: absolute, resolved once per plan. */
interface Layout {
  readonly root: string;
  readonly out: string;
}

function layoutOf(options: PlanOptions): Layout {
  // Without a project root the paths are computed in a root of their own, so they depend only on the layout.
  const root = path.resolve(options.projectRoot ?? path.join(path.sep, "project"));
  return { root, out: path.resolve(root, options.outDir ?? "cdktf.out") };
}

/** `child` is the folder `parent` or inside it (absolute paths; a sibling whose name starts with `parent`'s is outside). */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function localBackendPlan(t: Topology, layout: Layout, stackName: string): LocalBackendPlan {
  const b = t.backend as Extract<Topology["backend"], { type: "local" }>;
  const stateFile = localStateFile(b, stackName);
  const absolute = path.resolve(layout.root, stateFile);
  if (isWithin(layout.out, absolute)) {
    throw new ArcConnectivityError([
      {
        path: "backend.path",
        message: `the state file of stack ${stackName} would be ${absolute}, inside the output folder ${layout.out}, which every synth replaces; got ${b.path === undefined ? `the default ${stateFile}` : JSON.stringify(b.path)}. Fix: write the output elsewhere (--out) or set backend.path outside it`,
      },
    ]);
  }
  const relative = path.relative(path.join(layout.out, "stacks", stackName), absolute).split(path.sep).join("/");
  return { type: "local", path: relative, stateFile };
}

function backendPlan(t: Topology, layout: Layout, stackName: string): BackendPlan {
  const b = t.backend;
  switch (b.type) {
    case "cloud":
      return { type: "cloud", hostname: b.hostname, organization: b.organization, workspace: workspaceName(b, stackName), ...(b.project === undefined ? {} : { project: b.project }) };
    case "azurerm":
      return {
        type: "azurerm",
        storageAccountName: b.storageAccountName,
        containerName: b.containerName,
        key: azureStateKey(b, stackName),
        ...(b.resourceGroupName === undefined ? {} : { resourceGroupName: b.resourceGroupName }),
        ...(b.subscriptionId === undefined ? {} : { subscriptionId: b.subscriptionId }),
        ...(b.tenantId === undefined ? {} : { tenantId: b.tenantId }),
      };
    default:
      return localBackendPlan(t, layout, stackName);
  }
}

function base(t: Topology, layout: Layout, stackName: string, dependsOn: readonly string[] = []): StackPlanBase {
  return { stackName, backend: backendPlan(t, layout, stackName), dependsOn, tags: t.tags };
}

function privateLinkPlan(t: HubTopology): HubStackPlan["privateLink"] {
  const pl = t.privateLink;
  if (!pl) return undefined;
  // `<type>-<name>`, plus a hash of the whole id for a later target that shares an earlier one's name (other resource groups or subscriptions).
  const labels = uniqueLabels(pl.endpoints.map((e) => ({ id: e.resourceId, base: `${e.type}-${nameSegment((parseArmId(e.resourceId) as ArmId).name)}` })));
  // `<rg>-<name>-<hash of the id>`, always: a server's address depends on its id alone. With first-come labels,
  // removing or reordering same-named servers would move an address to another server, and the replaced
  // destroy-time action would PATCH a server that stays in the list out of the scope.
  const machineLabels = pl.machines.map((m) => stableTargetLabel(m.id));
  return {
    scopeName: arcPrivateLinkScopeName(t),
    publicNetworkAccess: pl.publicNetworkAccess,
    zones: zonesFor("arc"),
    monitor: pl.monitor
      ? { name: resourceName("monitorPrivateLinkScope", t.name), ingestionAccessMode: pl.monitor.ingestionAccessMode, queryAccessMode: pl.monitor.queryAccessMode, linkedResourceIds: pl.monitor.linkedResourceIds, zones: zonesFor("monitor") }
      : undefined,
    endpoints: pl.endpoints.map((e, i) => ({
      label: labels[i],
      name: boundedName(resourceName("privateEndpoint", t.name, labels[i]), MAX_PRIVATE_ENDPOINT_NAME_LENGTH),
      type: e.type,
      resourceId: e.resourceId,
      subresource: PRIVATE_LINK_SERVICES[e.type].subresource,
      zones: zonesFor(e.type),
    })),
    dnsCheckHosts: arcPrivateDnsCheckHosts(arcScopeLocation(t), pl.hisRegionCode),
    machinesResourceGroup: pl.machinesResourceGroup,
    location: arcScopeLocation(t),
    machines: pl.machines.map((m, i) => ({ id: m.id, label: machineLabels[i] })),
    serverProxy: pl.serverProxy ? { url: pl.serverProxy.url, bypassArc: pl.serverProxy.bypassArc } : undefined,
  };
}

function aksClusterPlan(t: HubTopology, c: AksClusterConfig): AksClusterPlan {
  const spoke = t.spokes.find((s) => s.name === c.spoke) as SpokeConfig;
  const zone = aksClusterZone(t, c);
  return {
    name: c.name,
    clusterName: aksClusterName(t, c),
    spoke: c.spoke,
    subnet: c.subnet ?? spokeSubnets(t, spoke)[0].name,
    privateDnsZone: zone ? { zoneName: zone } : aksZoneChoice(t, c) === "None" ? "None" : "System",
    dnsPrefix: c.dnsPrefix,
    publicFqdn: c.publicFqdn,
    vmSize: c.vmSize,
    nodeCount: c.nodeCount,
    kubernetesVersion: c.kubernetesVersion,
    serviceCidr: c.serviceCidr,
    dnsServiceIp: c.dnsServiceIp,
    adminGroupObjectIds: c.adminGroupObjectIds,
  };
}

/**
 * What the hub stack creates needs these resource providers registered
 * (Microsoft Learn, "Azure resource providers and types"; the Arc ones from
 * "Connected Machine agent prerequisites" and "Quickstart: Connect an
 * existing Kubernetes cluster to Azure Arc": the scope serves both kinds).
 */
function hubResourceProviders(t: HubTopology): string[] {
  const pl = t.privateLink;
  return [
    "Microsoft.Network",
    ...(pl ? ARC_RESOURCE_PROVIDERS : []),
    ...(pl?.monitor ? ["Microsoft.Insights"] : []),
    ...(t.aksClusters.length > 0 ? ["Microsoft.ContainerService", "Microsoft.ManagedIdentity"] : []),
  ].sort();
}

function hubPlan(t: HubTopology, layout: Layout): HubStackPlan {
  const pl = t.privateLink;
  const gwType = gatewayType(t);
  const op = t.onPremises;
  const mode = pl?.dns.mode ?? "managed";
  const zones = neededZones(t);
  const existingZoneIds = mode === "existing" ? pl?.dns.zoneIds : undefined;
  const own = t.subscriptionId?.toLowerCase();
  // The rules have checked the first range (a /24 or larger): the layout's addresses are fixed by it.
  const layoutAddresses = hubAddresses(parseCidr(t.hub.addressSpace[0]));
  const zoneSubscriptions = existingZoneIds
    ? [...new Set(zones.flatMap((z) => parseArmId(existingZoneIds[z])?.subscriptionId.toLowerCase() ?? []))].filter((s) => s !== own)
    : [];
  return {
    ...base(t, layout, hubSpokeStackName(t)),
    subscriptionId: t.subscriptionId,
    resourceProviders: hubResourceProviders(t),
    location: t.location,
    resourceGroup: { name: connectivityResourceGroupName(t), create: t.resourceGroup?.create !== false },
    hub: {
      name: t.name,
      addressSpace: t.hub.addressSpace,
      gateway: gwType ? { type: gwType, sku: t.hub.gateway?.sku } : undefined,
      dnsResolver: t.hub.dnsResolver,
      endpointSubnet: layoutAddresses.endpoints,
      resolverInboundIp: t.hub.dnsResolver ? layoutAddresses.resolverInboundIp : undefined,
    },
    onPremises:
      gwType && op && (op.vpn || op.expressRoute)
        ? { gatewayType: gwType, vpn: op.vpn ? { gatewayAddress: op.vpn.gatewayAddress, addressSpace: op.addressSpace } : undefined, expressRoute: op.expressRoute ? { circuitId: op.expressRoute.circuitId } : undefined }
        : undefined,
    dns: {
      mode,
      zones,
      existingZoneIds,
      zoneProviders: zoneSubscriptions.map((subscriptionId) => ({ subscriptionId, alias: `zones-${subscriptionId}` })),
      forwarderZones: neededForwarders(t),
      fallbackZones: pl?.dns.fallbackToInternet ? zones : (pl?.dns.fallbackToInternetZones ?? []).map((z) => z.toLowerCase()),
      toOnPremises: op?.dns
        ? { servers: op.dns.servers, domains: op.dns.domains.map(forwardingDomain), linkedSpokes: t.spokes.filter((s) => s.dnsLinks).map((s) => s.name), outboundSubnet: layoutAddresses.resolverOutbound }
        : undefined,
    },
    privateLink: privateLinkPlan(t),
    spokes: t.spokes.map((s) => ({
      name: s.name,
      addressSpace: s.addressSpace,
      subnets: s.subnets,
      dns: spokeDns(t, s),
      arcRules: s.arcRules,
      nsgName: s.arcRules === "none" ? undefined : resourceName("networkSecurityGroup", t.name, s.name),
    })),
    aksEndpoints: t.aksPrivateAccess.map((a) => {
      const endpointName = aksAccessEndpointName(t, a);
      return {
        name: a.name,
        endpointName,
        clusterId: a.clusterId,
        region: a.region,
        privateFqdn: a.privateFqdn,
        zoneName: aksPrivateZoneName(a.region),
        manualApproval: needsManualApproval(t, a) ? { requestMessage: a.requestMessage, commands: aksApprovalCommands(a.clusterId, `Approved: ${endpointName}`) } : undefined,
      };
    }),
    aksClusters: t.aksClusters.map((c) => aksClusterPlan(t, c)),
  };
}

/** `<resource group><sep><name>` of an ARM id. */
function rgAndName(id: string, sep: string): string {
  const p = parseArmId(id) as ArmId;
  return `${p.resourceGroup}${sep}${p.name}`;
}

/**
 * The construct id suffix of an Arc resource that an association changes in
 * place (a server or cluster joined to a scope or a gateway):
 * `<rg>-<name>-<hash of the id>`. It depends on the id alone. First-come
 * labels (`uniqueLabels`) would give a same-named target's address to
 * another one when the list changes, and Terraform would then replace the
 * old destroy-time action, whose PATCH or PUT would detach a target that
 * stays in the list.
 */
function stableTargetLabel(id: string): string {
  return `${rgAndName(id, "-").toLowerCase()}-${shortHash(armIdKey(id))}`;
}

function gatewayPlan(t: Topology, layout: Layout, g: ArcGatewayConfig): GatewayStackPlan {
  // Construct ids `<rg>-<name>`, plus a hash of the whole id for a later one that shares an earlier one's (other subscriptions).
  // Construct ids `<rg>-<name>-<hash of the id>`, always (as privateLink.machines): an association's destroy-time
  // detach must never move to another target when the list changes around it.
  const machineLabels = g.machines.map((id) => stableTargetLabel(id));
  const clusterLabels = g.clusters.map((c) => stableTargetLabel(c.id));
  // Output keys `<rg>/<name>`, or the whole id for a later cluster that shares an earlier one's.
  const clusterKeys = uniqueLabels(g.clusters.map((c) => ({ id: c.id, base: rgAndName(c.id, "/") }))).map((key, i) => (key === rgAndName(g.clusters[i].id, "/") ? key : g.clusters[i].id));
  const scenarios = gatewayScenarios(t, g);
  const allowlist = arcGatewayAllowlist({ region: t.location, hisCode: g.hisRegionCode, scenarios, keyVaultNames: g.keyVaults, servers: true, kubernetes: true });
  return {
    ...base(t, layout, arcGatewayStackName(t, g)),
    name: g.name,
    subscriptionId: g.subscriptionId ?? t.subscriptionId,
    // The gateway and the machines' settings are HybridCompute; a cluster's association also updates its
    // Microsoft.Kubernetes/connectedClusters resource. Targets in other subscriptions need them registered there.
    resourceProviders: ["Microsoft.HybridCompute", "Microsoft.HybridConnectivity", ...(g.clusters.length > 0 ? ["Microsoft.Kubernetes"] : [])].sort(),
    location: g.location ?? t.location,
    resourceGroup: { name: arcGatewayResourceGroupName(t, g), create: g.resourceGroup?.create !== false },
    gatewayName: arcGatewayResourceName(t, g),
    apiVersion: g.apiVersion,
    machines: g.machines.map((id, i) => ({ id, label: machineLabels[i] })),
    clusters: g.clusters.map((c, i) => {
      const parsed = parseArmId(c.id) as ArmId;
      return {
        id: c.id,
        label: clusterLabels[i],
        key: clusterKeys[i],
        subscriptionId: parsed.subscriptionId,
        resourceGroup: parsed.resourceGroup,
        clusterName: parsed.name,
        skipRange: c.proxy?.skipRange ?? proxySkipRange(c.serviceCidr),
        proxy: c.proxy ? { https: c.proxy.https, http: c.proxy.http, certificateFile: c.proxy.certificateFile } : undefined,
      };
    }),
    region: t.location,
    scenarios,
    allowlist,
    // Each entry names the agent kinds that need it, so the per-kind lists are filters of the full one.
    allowlistHosts: { servers: allowlist.filter((e) => e.for.includes("servers")).map((e) => e.host), kubernetes: allowlist.filter((e) => e.for.includes("kubernetes")).map((e) => e.host) },
    serverProxyUrl: g.serverProxy?.url,
  };
}

function kubernetesPlan(t: Topology, layout: Layout, c: KubernetesClusterConfig): KubernetesStackPlan {
  const gateway = clusterGateway(t, c);
  return {
    ...base(t, layout, kubernetesStackName(t, c), [gateway ? arcGatewayStackName(t, gateway) : hubSpokeStackName(t)]),
    name: c.name,
    subscriptionId: t.subscriptionId,
    location: c.location ?? t.location,
    resourceGroup: { name: kubernetesResourceGroupName(t, c), create: c.resourceGroup?.create !== false },
    connection: c.connection,
    connectivity: gateway
      ? { type: "gateway", gateway: gateway.name, subscriptionId: gateway.subscriptionId ?? t.subscriptionId, resourceGroupName: arcGatewayResourceGroupName(t, gateway), gatewayName: arcGatewayResourceName(t, gateway) }
      : { type: "privateLink", resourceGroupName: connectivityResourceGroupName(t), scopeName: arcPrivateLinkScopeName(t) },
    distribution: c.distribution,
    infrastructure: c.infrastructure,
    chart: c.chart,
    proxy: c.proxy ? { https: c.proxy.https, http: c.proxy.http, noProxy: c.proxy.skipRange ?? proxySkipRange(c.serviceCidr), certificatePem: c.proxy.certificatePem } : undefined,
    clusterConnect: c.clusterConnect,
  };
}

/**
 * Resolves a validated topology (`validateTopology` / `loadTopology`) into
 * the plan: the stacks in build order (hub, gateways, approvals, clusters),
 * each with every name and choice decided, and the warnings.
 *
 * @throws ArcConnectivityError when a local state file would be inside the output folder (`backend.path`).
 */
export function planTopology(t: Topology, options: PlanOptions = {}): Plan {
  const layout = layoutOf(options);
  const hub = hasHub(t) ? hubPlan(t, layout) : undefined;
  const approvals = t.aksPrivateAccess.flatMap((a): ApprovalStackPlan[] => {
    if (!a.approval) return [];
    const endpointName = aksAccessEndpointName(t, a);
    return [
      {
        ...base(t, layout, aksApprovalStackName(t, a), hub ? [hub.stackName] : []),
        name: a.name,
        subscriptionId: parseArmId(a.clusterId)?.subscriptionId,
        tenantId: a.approval.tenantId,
        clusterId: a.clusterId,
        endpointResourceGroup: connectivityResourceGroupName(t),
        endpointName,
        // The hub stack's subscription, when the topology names it (else the hub's environment decides it at apply).
        endpointSubscriptionId: t.subscriptionId,
        description: `Approved for ${t.name}: ${endpointName}`.slice(0, 140),
      },
    ];
  });
  return {
    name: t.name,
    location: t.location,
    hub,
    gateways: t.arcGateways.map((g) => gatewayPlan(t, layout, g)),
    approvals,
    kubernetes: t.kubernetes.clusters.map((c) => kubernetesPlan(t, layout, c)),
    warnings: topologyWarnings(t),
    policy: { suppressions: t.suppressions, requiredTags: Object.keys(t.tags), constructs: topologyConstructs(t, (i) => hub?.privateLink?.endpoints[i]?.label ?? "") },
  };
}

/** Every stack of a plan, in build order. */
export function planStacks(plan: Plan): StackPlanBase[] {
  return [...(plan.hub ? [plan.hub] : []), ...plan.gateways, ...plan.approvals, ...plan.kubernetes];
}

