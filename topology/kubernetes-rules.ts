/**
 * Topology rules of Arc-enabled Kubernetes clusters whose agents Terraform
 * installs (`kubernetes.clusters`), and of cluster proxies in general.
 */
import { PROXY_SKIP_SUFFIXES, skipRangeCoversServiceCidr } from "../lib/arc-gateway";
import { parseArmId, problem, Problem, suggest, uniqueNames } from "../lib/core";
import { clusterGateway, kubernetesResourceGroupName } from "./facts";
import { ArcGatewayConfig, Topology } from "./schema";

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

/** Every problem of `kubernetes.clusters` in a schema-valid topology. */
export function kubernetesProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const unique = uniqueNames("kubernetes.clusters", "cluster", "they name the stacks");
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
      const location = c.location ?? t.location;
      if (location !== t.location) problems.push(problem(`${at}.location`, location, `a private-link cluster must be in its Private Link Scope's region (${t.location})`, `remove location or set it to ${t.location}`));
    }
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
