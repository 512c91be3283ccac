/**
 * Facts derived from a topology that both the rules (to check a file) and
 * the plan (to resolve it) need: names, zones, DNS choices, approvals. Each
 * is decided here once; the stacks never call these, they read the plan.
 */
import { aksEndpointName } from "../lib/aks/facts";
import { aksPrivateZoneName } from "../lib/aks/zone";
import { cidrProblem, LabelledCidr, parseArmId, parseCidr, resourceName } from "../lib/core";
import { forwarderZones, zonesFor } from "../lib/core/private-link-services";
import { GatewayType, SubnetSpec, spokeSubnetSpecs } from "../lib/network";
import { AksClusterConfig, AksPrivateAccessConfig, ArcGatewayConfig, BackendConfig, HubConfig, KubernetesClusterConfig, SpokeConfig, Topology } from "./schema";

/** A topology with a hub: the input of the hub-and-spoke stack's plan. */
export type HubTopology = Topology & { readonly hub: HubConfig };

export function hasHub(t: Topology): t is HubTopology {
  return t.hub !== undefined;
}

// Stack names are part of the API: they name the output folders and the Terraform Cloud workspaces.

/** `<name>-connectivity`. */
export function hubSpokeStackName(t: Pick<Topology, "name">): string {
  return `${t.name}-connectivity`;
}

/** `<name>-gateway-<gateway name>`. */
export function arcGatewayStackName(t: Pick<Topology, "name">, g: Pick<ArcGatewayConfig, "name">): string {
  return `${t.name}-gateway-${g.name}`;
}

/** `<name>-aks-approval-<access name>`. */
export function aksApprovalStackName(t: Pick<Topology, "name">, a: Pick<AksPrivateAccessConfig, "name">): string {
  return `${t.name}-aks-approval-${a.name}`;
}

/** `<name>-k8s-<cluster>`. */
export function kubernetesStackName(t: Pick<Topology, "name">, c: Pick<KubernetesClusterConfig, "name">): string {
  return `${t.name}-k8s-${c.name}`;
}

/** The default folder of local state files, relative to the project root: `state/` (ignored by git: state holds the onboarding private key). */
export const DEFAULT_STATE_FOLDER = "state";

/**
 * The state file of a stack with the local backend: `backend.path` with each
 * `{stack}` replaced, else `state/terraform.<stack>.tfstate`; relative to the
 * project root (the folder the command runs in) unless absolute.
 */
export function localStateFile(backend: Extract<BackendConfig, { type: "local" }>, stackName: string): string {
  return backend.path?.replaceAll("{stack}", stackName) ?? `${DEFAULT_STATE_FOLDER}/terraform.${stackName}.tfstate`;
}

/** The Terraform Cloud / Enterprise workspace of a stack: `workspacePrefix` + stack name. */
export function workspaceName(backend: Extract<BackendConfig, { type: "cloud" }>, stackName: string): string {
  return `${backend.workspacePrefix}${stackName}`;
}

/** The state blob of a stack with the azurerm backend: `<keyPrefix><stack>.tfstate`. */
export function azureStateKey(backend: Pick<Extract<BackendConfig, { type: "azurerm" }>, "keyPrefix">, stackName: string): string {
  return `${backend.keyPrefix}${stackName}.tfstate`;
}

/** What names the stacks of a topology (structural, so that the schema can check state keys before the topology type exists). */
export interface StackNaming {
  readonly name: string;
  readonly hub?: object;
  readonly arcGateways: ReadonlyArray<{ readonly name: string }>;
  readonly aksPrivateAccess: ReadonlyArray<{ readonly name: string; readonly approval?: object }>;
  readonly kubernetes: { readonly clusters: ReadonlyArray<{ readonly name: string }> };
}

/** The names of the stacks a topology makes (the plan's, without their order): hub, gateways, AKS approvals, Kubernetes clusters. */
export function stackNames(t: StackNaming): string[] {
  return [
    ...(t.hub ? [hubSpokeStackName(t)] : []),
    ...t.arcGateways.map((g) => arcGatewayStackName(t, g)),
    ...t.aksPrivateAccess.filter((a) => a.approval).map((a) => aksApprovalStackName(t, a)),
    ...t.kubernetes.clusters.map((c) => kubernetesStackName(t, c)),
  ];
}

/** The resource group of the hub-and-spoke stack: `resourceGroup.name`, default `rg-<name>-connectivity`. */
export function connectivityResourceGroupName(t: Pick<Topology, "name" | "resourceGroup">): string {
  return t.resourceGroup?.name ?? resourceName("resourceGroup", t.name, "connectivity");
}

/**
 * The Arc Private Link Scope's region: `privateLink.location`, default the
 * topology's `location` (the hub's). Servers and clusters that join the
 * scope must be in it; its private endpoint stays in the hub, which may be
 * in another region (Microsoft Learn, "Use Azure Private Link to securely
 * connect servers to Azure Arc").
 */
export function arcScopeLocation(t: Pick<Topology, "location" | "privateLink">): string {
  return t.privateLink?.location ?? t.location;
}

/** The name of the Arc Private Link Scope: `pls-<name>-arc`. */
export function arcPrivateLinkScopeName(t: Pick<Topology, "name">): string {
  return resourceName("arcPrivateLinkScope", t.name, "arc");
}

/** The gateway's resource group: `resourceGroup.name`, default `rg-<name>-arcgw-<gateway>`. */
export function arcGatewayResourceGroupName(t: Pick<Topology, "name">, g: Pick<ArcGatewayConfig, "name" | "resourceGroup">): string {
  return g.resourceGroup?.name ?? resourceName("resourceGroup", t.name, "arcgw", g.name);
}

/** The gateway resource's name: `arcgw-<name>-<gateway>`. */
export function arcGatewayResourceName(t: Pick<Topology, "name">, g: Pick<ArcGatewayConfig, "name">): string {
  return `arcgw-${t.name}-${g.name}`;
}

/** The resource group of a connected cluster the topology creates: `resourceGroup.name`, default `rg-<name>-k8s-<cluster>`. */
export function kubernetesResourceGroupName(t: Pick<Topology, "name">, c: Pick<KubernetesClusterConfig, "name" | "resourceGroup">): string {
  return c.resourceGroup?.name ?? resourceName("resourceGroup", t.name, "k8s", c.name);
}

/** The Azure name of a cluster the topology creates. */
export function aksClusterName(t: Topology, c: AksClusterConfig): string {
  return resourceName("kubernetesCluster", t.name, c.name);
}

/** Name of the hub endpoint of an `aksPrivateAccess` entry. */
export function aksAccessEndpointName(t: Topology, a: AksPrivateAccessConfig): string {
  return aksEndpointName(t.name, a.name);
}

export function gatewayType(t: Topology): GatewayType | undefined {
  const type = t.hub?.gateway?.type;
  return type === "vpn" ? "Vpn" : type === "expressroute" ? "ExpressRoute" : undefined;
}

/** How a spoke's machines resolve names: zone links, the hub resolver, or Azure DNS without the hub's zones. */
export type SpokeDns = "links" | "resolver" | "azure";

export function spokeDns(t: Topology, s: SpokeConfig): SpokeDns {
  if (s.dnsLinks) return "links";
  return t.hub?.dnsResolver ? "resolver" : "azure";
}

/** The address ranges of the hub, on-premises and the spokes, labelled with their field paths (valid CIDRs only). */
export function networkRanges(t: Pick<Topology, "hub" | "onPremises" | "spokes">): LabelledCidr[] {
  const labelled = (prefix: string, texts: readonly string[] = []) => texts.flatMap((text, i) => (cidrProblem(text) === undefined ? [{ label: `${prefix}.addressSpace[${i}]`, cidr: parseCidr(text) }] : []));
  return [...labelled("hub", t.hub?.addressSpace), ...labelled("onPremises", t.onPremises?.addressSpace), ...t.spokes.flatMap((s, si) => labelled(`spokes[${si}]`, s.addressSpace))];
}

/** The spoke's subnets as the spoke network builds them (one spanning the spoke by default). */
export function spokeSubnets(t: Topology, s: SpokeConfig): readonly SubnetSpec[] {
  return spokeSubnetSpecs({ prefix: t.name, name: s.name, addressSpace: s.addressSpace, subnets: s.subnets });
}

/** `custom` in a spoke that uses the hub resolver (it can serve only the hub's zones), else `System`. */
export function aksZoneChoice(t: Topology, c: AksClusterConfig): NonNullable<AksClusterConfig["privateDnsZone"]> {
  if (c.privateDnsZone) return c.privateDnsZone;
  const spoke = t.spokes.find((s) => s.name === c.spoke);
  return spoke && spokeDns(t, spoke) === "resolver" ? "custom" : "System";
}

/** The hub zone a cluster with a custom zone uses, or undefined. */
export function aksClusterZone(t: Topology, c: AksClusterConfig): string | undefined {
  return aksZoneChoice(t, c) === "custom" ? aksPrivateZoneName(t.location, c.subzone) : undefined;
}

/** Hub zones of private AKS: one `privatelink.<region>.azmk8s.io` per region with endpoints, then the clusters' custom zones. */
export function aksZones(t: Topology): string[] {
  const access = t.aksPrivateAccess.map((a) => aksPrivateZoneName(a.region));
  const clusters = t.aksClusters.flatMap((c) => aksClusterZone(t, c) ?? []);
  return [...new Set([...access, ...clusters])];
}

/** The private DNS zones a topology needs, in a stable order: private link's, then private AKS's. */
export function neededZones(t: Topology): string[] {
  const pl = t.privateLink;
  const zones = pl ? [...zonesFor("arc"), ...(pl.monitor ? zonesFor("monitor") : []), ...pl.endpoints.flatMap((e) => zonesFor(e.type))] : [];
  return [...new Set([...zones, ...aksZones(t)])];
}

/** Public zones on-premises DNS servers forward to the hub resolver. */
export function neededForwarders(t: Topology): string[] {
  return [...new Set(neededZones(t).flatMap(forwarderZones))];
}

/**
 * Cross-tenant clusters, and clusters in another subscription than the
 * topology's, need the owner's approval. With no topology subscription the
 * deployment's is unknown here: same subscription is assumed (a warning says so).
 */
export function needsManualApproval(t: Topology, a: AksPrivateAccessConfig): boolean {
  if (a.crossTenant) return true;
  const sub = parseArmId(a.clusterId)?.subscriptionId;
  return t.subscriptionId !== undefined && sub !== undefined && sub.toLowerCase() !== t.subscriptionId.toLowerCase();
}

/** The arcGateways entry a cluster connects through, if any. */
export function clusterGateway(t: Topology, c: KubernetesClusterConfig): ArcGatewayConfig | undefined {
  return c.gateway ? t.arcGateways.find((g) => g.name === c.gateway) : undefined;
}

/** A gateway's scenarios plus `clusterConnect` when a cluster with cluster connect uses it. */
export function gatewayScenarios(t: Topology, g: ArcGatewayConfig): ArcGatewayConfig["scenarios"] {
  const connect = t.kubernetes.clusters.some((c) => c.gateway === g.name && c.clusterConnect);
  return connect && !g.scenarios.includes("clusterConnect") ? [...g.scenarios, "clusterConnect"] : g.scenarios;
}
