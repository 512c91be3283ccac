/**
 * Topology rules of Arc-enabled Kubernetes clusters whose agents Terraform
 * installs (`kubernetes.clusters`), and of cluster proxies in general.
 */
import { PROXY_SKIP_SUFFIXES, skipRangeCoversServiceCidr } from "../lib/arc-gateway";
import { parseArmId, problem, Problem, shellQuote, suggest, uniqueNames } from "../lib/core";
import { arcScopeLocation, clusterGateway, kubernetesResourceGroupName, kubernetesStackName } from "./facts";
import { ArcGatewayConfig, KubernetesClusterConfig, Topology } from "./schema";

type ClusterProxy = NonNullable<ArcGatewayConfig["clusters"][number]["proxy"]>;

/** A cluster proxy's problems: TLS inspection (with a gateway), and a skip range missing the service CIDR or an in-cluster name. */
export function clusterProxyProblems(path: string, proxy: ClusterProxy | undefined, serviceCidr: string, viaGateway: boolean): Problem[] {
  if (!proxy) return [];
  const problems: Problem[] = [];
  if (viaGateway && proxy.tlsInspection) {
    problems.push(problem(`${path}.proxy.tlsInspection`, true, "the Arc gateway does not support TLS-terminating (inspecting) proxies", "exempt the gateway and Arc hosts from TLS inspection, then set tlsInspection: false"));
  }
  const skip = proxy.skipRange;
  if (skip && !skipRangeCoversServiceCidr(skip, serviceCidr)) {
    problems.push(problem(`${path}.proxy.skipRange`, skip, `the skip range must cover the cluster's service CIDR (${serviceCidr}), or in-cluster traffic goes to the proxy`, `add ${serviceCidr}, or leave skipRange out for the default`));
  }
  const missing = skip ? PROXY_SKIP_SUFFIXES.filter((x) => !skip.includes(x)) : [];
  if (missing.length > 0) problems.push(problem(`${path}.proxy.skipRange`, skip, `the skip range must hold ${PROXY_SKIP_SUFFIXES.join(", ")}; missing ${missing.join(", ")}`, `add ${missing.join(", ")}`));
  return problems;
}

/** The fields of an object that hold something (defaults such as empty lists left out), for messages. */
function writtenKeys(o: object): string[] {
  return Object.entries(o)
    .filter(([k, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0) && !(k === "clusterRole" && v === "view"))
    .map(([k]) => k);
}

const LIMITATION = `Azure Arc private link does not support cluster connect or custom locations (Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link")`;

/**
 * Why `existing: true` cannot be built. Private link: an existing connected
 * cluster cannot join a Private Link Scope. `privateLinkState` and
 * `privateLinkScopeResourceId` of `Microsoft.Kubernetes/connectedClusters`
 * are set only when the resource is created: the API's PATCH model
 * (ConnectedClusterPatch) carries neither, and the Azure CLI's
 * `az connectedk8s update` takes no private-link option, only `connect`
 * does (Azure/azure-cli-extensions, src/connectedk8s/azext_connectedk8s/_params.py,
 * read at 009f7ce); the Kubernetes article's `update --enable-private-link`
 * came from a preview build. So the cluster must be disconnected and
 * connected again. Gateway: this entry creates the cluster's resource,
 * and an existing cluster joins a gateway through `arcGateways[].clusters`.
 */
function existingClusterProblem(t: Topology, c: KubernetesClusterConfig, at: string): Problem | undefined {
  const rg = kubernetesResourceGroupName(t, c);
  // Neither private link nor a gateway: the entry's own problem says to add one.
  if (!c.gateway && !t.privateLink) return undefined;
  if (!c.gateway) {
    return problem(
      `${at}.existing`,
      true,
      `an existing connected cluster cannot join a Private Link Scope: private link is set only when the cluster is connected (az connectedk8s update has no private-link option, and ARM's PATCH does not change privateLinkState)`,
      `re-onboard it: run az connectedk8s delete -g ${shellQuote(rg)} -n ${shellQuote(c.name)} with its kubeconfig (this removes the agents and the Azure resource, and with them its extensions, configurations and role assignments; the resource group stays), then remove existing: true${c.resourceGroup?.create === false ? "" : `, set resourceGroup: { name: ${rg}, create: false }`} and apply stack ${kubernetesStackName(t, c)}, which connects it again through the scope`,
    );
  }
  const gi = t.arcGateways.findIndex((g) => g.name === c.gateway);
  const list = gi >= 0 ? `arcGateways[${gi}].clusters` : `the clusters of arcGateways entry ${c.gateway}`;
  return problem(
    `${at}.existing`,
    true,
    `this entry installs the agents and creates the connected cluster's Azure resource, which already exists`,
    `remove this entry and list the cluster in ${list}: { id: /subscriptions/${t.subscriptionId ?? "<id>"}/resourceGroups/${rg}/providers/Microsoft.Kubernetes/connectedClusters/${c.name}, serviceCidr: ${c.serviceCidr}${c.proxy ? ", proxy: as in this entry" : ""} }`,
  );
}

/** Every problem of `kubernetes.clusters` in a schema-valid topology. */
export function kubernetesProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const unique = uniqueNames("kubernetes.clusters", "cluster", "they name the stacks");
  const viaScope = t.privateLink ? t.kubernetes.clusters.filter((c) => !c.gateway) : [];
  if (viaScope.length > 0 && arcScopeLocation(t) !== t.location) {
    problems.push(
      problem(
        "privateLink.location",
        arcScopeLocation(t),
        `Arc-enabled Kubernetes private link needs the cluster, its Private Link Scope and the private endpoint's network in one region (Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link"); the scope would be in ${arcScopeLocation(t)} and the hub network in location ${t.location}, and ${viaScope.map((c) => `kubernetes.clusters[${t.kubernetes.clusters.indexOf(c)}]`).join(", ")} ${viaScope.length === 1 ? "uses" : "use"} the scope`,
        `leave privateLink.location out (the scope then shares the hub's region ${t.location}), or connect these clusters from a topology whose location is their region`,
      ),
    );
  }
  t.kubernetes.clusters.forEach((c, i) => {
    const at = `kubernetes.clusters[${i}]`;
    problems.push(...unique(c.name, i));
    if (c.gateway && !clusterGateway(t, c)) {
      const near = suggest(c.gateway, t.arcGateways.map((g) => g.name));
      problems.push(problem(`${at}.gateway`, c.gateway, "names no arcGateways entry", near ? `did you mean "${near}"?` : "add the gateway to arcGateways or fix the name"));
    }
    if (!t.privateLink && !c.gateway) {
      problems.push(problem(`${at}`, c.name, "a cluster connects through the topology's private link scope or an Arc gateway, and this topology has no privateLink and the cluster no gateway", "add privateLink, or set gateway to an arcGateways entry"));
    }
    if (t.privateLink) {
      if (c.clusterConnect) problems.push(problem(`${at}.clusterConnect`, writtenKeys(c.clusterConnect), LIMITATION, "remove clusterConnect, or connect this cluster through an Arc gateway in a topology of its own"));
      if (c.customLocations) problems.push(problem(`${at}.customLocations`, true, LIMITATION, "set customLocations: false, or use a gateway topology"));
      const scopeRegion = arcScopeLocation(t);
      const location = c.location ?? t.location;
      // With the scope in another region than the hub, the problem at privateLink.location names both fields, and its fix puts
      // the scope in the hub's region: a cluster elsewhere is reported now, against that region, not after the fix.
      if (location !== scopeRegion && location !== t.location) {
        problems.push(problem(`${at}.location`, location, `a private-link cluster must be in its Private Link Scope's region (${scopeRegion === t.location ? scopeRegion : `${t.location}, once the scope shares the hub's region`})`, `remove location or set it to ${t.location}`));
      }
    }
    const existing = c.existing ? existingClusterProblem(t, c, at) : undefined;
    if (existing) problems.push(existing);
    const cc = c.clusterConnect;
    if (cc && !cc.serviceAccount && cc.entraObjectIds.length === 0 && cc.azureRbacPrincipalIds.length === 0) {
      problems.push(problem(`${at}.clusterConnect`, cc, `cluster connect needs a way to authorize: a service account, Entra object ids or Azure RBAC principals (Microsoft Learn, "Use cluster connect to securely connect to Azure Arc-enabled Kubernetes clusters")`, "set serviceAccount, entraObjectIds or azureRbacPrincipalIds"));
    }
    problems.push(...clusterProxyProblems(at, c.proxy, c.serviceCidr, c.gateway !== undefined));
    // A cluster this topology creates is associated with its gateway by its own stack; listing it under arcGateways too would associate it twice.
    const rg = kubernetesResourceGroupName(t, c).toLowerCase();
    t.arcGateways.forEach((g, gi) =>
      g.clusters.forEach((gc, ci) => {
        const id = parseArmId(gc.id);
        const sameSubscription = !t.subscriptionId || !id || id.subscriptionId.toLowerCase() === t.subscriptionId.toLowerCase();
        if (id && sameSubscription && id.resourceGroup.toLowerCase() === rg && id.name.toLowerCase() === c.name.toLowerCase()) {
          problems.push(problem(`arcGateways[${gi}].clusters[${ci}].id`, gc.id, `is the connected cluster that ${at} creates, which its own stack associates with ${c.gateway ? `gateway ${c.gateway}` : "the private link scope"}; a cluster uses one gateway, associated once`, `remove it from arcGateways[${gi}].clusters`));
        }
      }),
    );
  });
  return problems;
}
