/**
 * Cross-field rules of a topology: the documented Azure limits that one
 * field alone cannot show, and names that would give the same Terraform
 * addresses. Each returns problems with field paths; the constructs check
 * the same Azure limits again for users who skip the file.
 */
import { aksPrivateZoneName } from "../lib/aks/zone";
import { MAX_ARC_GATEWAYS_PER_SUBSCRIPTION } from "../lib/arc-gateway";
import { armIdKey, constructIdWords, findOverlaps, hisRegionCode, parseCidr, problem, Problem, readableTerraformName, suggest, uniqueNames } from "../lib/core";
import { knownZones, MAX_LINKS_PER_ZONE, MAX_PRIVATE_DNS_ZONES_PER_SUBSCRIPTION, PRIVATE_LINK_SERVICES } from "../lib/dns";
import {
  DEFAULT_GATEWAY_SKU,
  DNS_RESOLVER_RESERVED,
  GATEWAY_SKUS,
  HUB_ENDPOINT_ADDRESSES,
  HUB_MIN_PREFIX,
  hubAddresses,
  MAX_PEERINGS_PER_VIRTUAL_NETWORK,
  reservedRangeProblems,
  resolverSubnetsInReservedRange,
  subnetProblems,
} from "../lib/network";
import { aksProblems, aksWarnings } from "./aks-rules";
import { aksClusterZone, arcScopeLocation, gatewayType, networkRanges, neededZones, spokeDns } from "./facts";
import { clusterProxyProblems, kubernetesProblems } from "./kubernetes-rules";
import { ENDPOINT_TYPES, Topology } from "./schema";
import { dnsWarnings, fallbackProblems, onPremisesDnsProblems } from "./dns-rules";
import { suppressionProblems } from "./suppressions";

function structureProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  if (!t.hub && t.aksClusters.length > 0) problems.push(problem("aksClusters", t.aksClusters.map((c) => c.name), "clusters go in spokes, and there is no hub", "add hub and spokes"));
  if (!t.hub && t.arcGateways.length === 0) {
    problems.push({ path: "(file)", message: "a topology builds a hub (private link) or Arc gateways, and this one has neither. Fix: add hub (with privateLink) or arcGateways" });
  }
  if (!t.hub && t.privateLink) problems.push(problem("privateLink", "privateLink", "the Arc Private Link Scope's endpoint lives in the hub, and there is no hub", "add hub: { addressSpace: [...] }"));
  if (!t.hub && t.spokes.length > 0) problems.push(problem("spokes", t.spokes.length, "spokes peer with the hub, and there is no hub", "add hub: { addressSpace: [...] } or remove spokes"));
  if (t.privateLink && t.arcGateways.length > 0) {
    problems.push(
      problem(
        "arcGateways",
        t.arcGateways.map((g) => g.name),
        `privateLink and arcGateways cannot share a topology: private-link and non-private-link Arc resources cannot share DNS (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"), and one topology is one on-premises DNS domain`,
        "put the gateways in a topology file of their own",
      ),
    );
  }
  return problems;
}

function addressProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  for (const [a, b] of findOverlaps(networkRanges(t))) {
    problems.push(problem(b.label, b.cidr.text, `overlaps ${a.label} (${a.cidr.text}); hub, spokes and on-premises ranges must be disjoint for peering and routing`, "give each network its own range"));
  }
  if (t.hub) {
    problems.push(...reservedRangeProblems("hub", t.hub.addressSpace));
    const first = parseCidr(t.hub.addressSpace[0]);
    if (first.prefix > HUB_MIN_PREFIX) {
      problems.push(problem("hub.addressSpace[0]", first.text, `the fixed hub layout needs a /${HUB_MIN_PREFIX} or larger (endpoints .0/26, GatewaySubnet .64/27, resolver .96/28 and .112/28)`, `use a /${HUB_MIN_PREFIX} or larger`));
    } else if (t.hub.dnsResolver) {
      const inReserved = resolverSubnetsInReservedRange(hubAddresses(first));
      if (inReserved.length > 0) {
        problems.push(
          problem(
            "hub.addressSpace[0]",
            first.text,
            `the DNS Private Resolver subnets would be ${inReserved.join(" and ")}, inside ${DNS_RESOLVER_RESERVED.first}-${DNS_RESOLVER_RESERVED.last}, which the resolver service reserves (Microsoft Learn, "What is Azure DNS Private Resolver?")`,
            "give the hub a first range outside 10.0.1.0-10.0.16.255 (e.g. 10.0.0.0/22 puts the resolver at 10.0.0.96), or set hub.dnsResolver: false",
          ),
        );
      }
    }
  }
  t.spokes.forEach((s, i) => {
    problems.push(...reservedRangeProblems(`spokes[${i}]`, s.addressSpace));
    if (s.subnets) problems.push(...subnetProblems(`spokes[${i}]`, s.addressSpace, s.subnets));
  });
  return problems;
}

/** Private IP addresses the hub's endpoints take in the endpoint subnet, by what takes them. */
export function hubEndpointAddresses(t: Topology): Array<{ readonly what: string; readonly count: number; readonly each: number }> {
  const pl = t.privateLink;
  const uses: Array<{ what: string; count: number; each: number }> = [];
  if (pl) {
    uses.push({ what: "the Arc Private Link Scope", count: 1, each: PRIVATE_LINK_SERVICES.arc.addresses });
    if (pl.monitor) uses.push({ what: "Azure Monitor", count: 1, each: PRIVATE_LINK_SERVICES.monitor.addresses });
    for (const type of ENDPOINT_TYPES) {
      const count = pl.endpoints.filter((e) => e.type === type).length;
      if (count > 0) uses.push({ what: `${type} endpoints`, count, each: PRIVATE_LINK_SERVICES[type].addresses });
    }
  }
  if (t.aksPrivateAccess.length > 0) uses.push({ what: "AKS API-server endpoints", count: t.aksPrivateAccess.length, each: PRIVATE_LINK_SERVICES.aks.addresses });
  return uses;
}

function capacityProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  if (t.spokes.length > MAX_PEERINGS_PER_VIRTUAL_NETWORK) {
    problems.push(problem("spokes", t.spokes.length, `the hub peers with every spoke, and a virtual network has at most ${MAX_PEERINGS_PER_VIRTUAL_NETWORK} peerings (Azure limit)`, "spread the spokes over more hubs (one topology file each)"));
  }
  if (t.hub) {
    const uses = hubEndpointAddresses(t);
    const needed = uses.reduce((n, u) => n + u.count * u.each, 0);
    const endpoints = uses.reduce((n, u) => n + u.count, 0);
    if (needed > HUB_ENDPOINT_ADDRESSES) {
      const detail = uses.map((u) => `${u.what} ${u.count > 1 ? `${u.count} x ${u.each}` : u.each}`).join(", ");
      problems.push(
        problem(
          t.aksPrivateAccess.length > 0 ? "aksPrivateAccess" : "privateLink.endpoints",
          `${endpoints} endpoints`,
          `the hub's endpoint subnet (a /26: ${HUB_ENDPOINT_ADDRESSES} usable addresses) cannot hold these private endpoints: each takes one address per DNS record it serves, and they need ${needed} (${detail})`,
          `free at least ${needed - HUB_ENDPOINT_ADDRESSES} address${needed - HUB_ENDPOINT_ADDRESSES === 1 ? "" : "es"} by removing endpoints, or put some in a topology file of their own`,
        ),
      );
    }
    const zones = neededZones(t).length;
    if (t.privateLink?.dns.mode !== "existing" && t.privateLink?.dns.mode !== "policy" && zones > MAX_PRIVATE_DNS_ZONES_PER_SUBSCRIPTION) {
      problems.push(problem("aksClusters", zones, `the topology would create ${zones} private DNS zones, and a subscription holds at most ${MAX_PRIVATE_DNS_ZONES_PER_SUBSCRIPTION}`, "let clusters share a zone (drop subzone)"));
    }
  }
  return problems;
}

function spokeProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const unique = uniqueNames("spokes", "spoke", "they name the networks");
  t.spokes.forEach((s, i) => {
    problems.push(...unique(s.name, i));
    if (s.name === "hub") problems.push(problem(`spokes[${i}].name`, s.name, '"hub" names the hub network', "choose another name"));
  });
  const pl = t.privateLink;
  const hubZones = pl?.dns.mode !== "policy" && neededZones(t).length > 0;
  if (t.hub && hubZones) {
    t.spokes.forEach((s, i) => {
      if (spokeDns(t, s) === "azure") problems.push(problem(`spokes[${i}].dnsLinks`, s.dnsLinks, "a spoke without zone links resolves private endpoints through the hub resolver, and hub.dnsResolver is false", "set dnsLinks: true or hub.dnsResolver: true"));
    });
  }
  const linked = 1 + t.spokes.filter((s) => s.dnsLinks).length;
  if (hubZones && linked > MAX_LINKS_PER_ZONE) {
    problems.push(problem("spokes", linked, `each private DNS zone would get ${linked} virtual network links (hub + spokes with dnsLinks); Azure allows ${MAX_LINKS_PER_ZONE}`, "set dnsLinks: false on some spokes: they then use the hub resolver"));
  }
  return problems;
}

function gatewayProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const type = gatewayType(t);
  const op = t.onPremises;
  const gatewayIs = t.hub?.gateway ? t.hub.gateway.type : "not set";
  if (op?.vpn && op.expressRoute) {
    problems.push(problem("onPremises", ["vpn", "expressRoute"], "the hub has one gateway, so on-premises connects by vpn or expressRoute, not both", "keep one of them"));
  }
  if (op?.vpn && type !== "Vpn") {
    problems.push(problem("onPremises.vpn", op.vpn, `a site-to-site VPN needs hub.gateway.type vpn (hub.gateway is ${gatewayIs})`, "set hub.gateway: { type: vpn } or remove onPremises.vpn"));
  }
  if (op?.expressRoute && type !== "ExpressRoute") {
    problems.push(problem("onPremises.expressRoute", op.expressRoute, `an ExpressRoute connection needs hub.gateway.type expressroute (hub.gateway is ${gatewayIs})`, "set hub.gateway: { type: expressroute } or remove onPremises.expressRoute"));
  }
  const sku = t.hub?.gateway?.sku;
  if (type && sku && !GATEWAY_SKUS[type].includes(sku)) {
    problems.push(problem("hub.gateway.sku", sku, `is not a SKU azurerm 4.55 accepts for a gateway of type ${t.hub?.gateway?.type} (${GATEWAY_SKUS[type].join(", ")})`, `use one of them, e.g. ${DEFAULT_GATEWAY_SKU[type]}`));
  }
  return problems;
}

function privateLinkProblems(t: Topology): Problem[] {
  const pl = t.privateLink;
  if (!pl) return [];
  const problems: Problem[] = [];
  const needed = neededZones(t);
  const given = Object.keys(pl.dns.zoneIds);
  if (pl.dns.mode === "existing") {
    for (const zone of needed) {
      // A key that differs only in casing gets its own message below.
      if (!given.some((g) => g.toLowerCase() === zone)) problems.push(problem(`privateLink.dns.zoneIds`, given, `mode existing needs the id of every zone the topology uses; "${zone}" is missing`, `add "${zone}": /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${zone}`));
    }
    const known = knownZones(t.location);
    for (const zone of given) {
      if (!needed.includes(zone) && needed.includes(zone.toLowerCase())) {
        problems.push(problem(`privateLink.dns.zoneIds["${zone}"]`, zone, `differs from the zone "${zone.toLowerCase()}" only in its casing; zone names are written in lower case here, as Azure lists them`, `write "${zone.toLowerCase()}"`));
      } else if (!needed.includes(zone)) {
        const near = known.includes(zone) ? undefined : suggest(zone, needed);
        problems.push(problem(`privateLink.dns.zoneIds["${zone}"]`, zone, "is not a zone this topology uses", near ? `did you mean "${near}"?` : "remove it"));
      } else {
        const id = pl.dns.zoneIds[zone];
        const last = id.split("/").pop() ?? "";
        if (last.toLowerCase() !== zone) problems.push(problem(`privateLink.dns.zoneIds["${zone}"]`, id, `the id names zone ${last}, not ${zone}`, "use the id of the zone named by the key"));
      }
    }
  } else if (given.length > 0) {
    problems.push(problem("privateLink.dns.zoneIds", given, `zone ids are only used in mode existing, and the mode is ${pl.dns.mode}`, "remove zoneIds or set mode: existing"));
  }
  problems.push(...existingMachineProblems(t, pl), ...fallbackProblems(pl, needed));
  const seen = new Map<string, number>();
  pl.endpoints.forEach((e, i) => {
    const key = e.resourceId.toLowerCase();
    if (seen.has(key)) problems.push(problem(`privateLink.endpoints[${i}].resourceId`, e.resourceId, `one endpoint per resource (also endpoints[${seen.get(key)}])`, "remove the duplicate"));
    else seen.set(key, i);
  });
  return problems;
}

/**
 * `privateLink.machines`: each server in the scope's region (Microsoft Learn,
 * "Use Azure Private Link to securely connect servers to Azure Arc": the Arc
 * resource and the scope share a region), listed once, and not also
 * associated with an Arc gateway (a server connects through one scope or
 * one gateway).
 */
function existingMachineProblems(t: Topology, pl: NonNullable<Topology["privateLink"]>): Problem[] {
  const problems: Problem[] = [];
  const scopeRegion = arcScopeLocation(t);
  const seen = new Map<string, number>();
  const viaGateway = new Map<string, string>();
  t.arcGateways.forEach((g, gi) => g.machines.forEach((m, j) => viaGateway.set(armIdKey(m), `arcGateways[${gi}].machines[${j}]`)));
  pl.machines.forEach((m, i) => {
    const at = `privateLink.machines[${i}]`;
    const key = armIdKey(m.id);
    const first = seen.get(key);
    if (first !== undefined) problems.push(problem(`${at}.id`, m.id, `is listed twice (also privateLink.machines[${first}]); a server is associated with the scope once`, "remove the duplicate"));
    else seen.set(key, i);
    const location = m.location ?? scopeRegion;
    if (location !== scopeRegion) {
      const fix =
        location === t.location
          ? `the scope is in ${scopeRegion} because of privateLink.location: remove it to put the scope in the hub's region ${location}, or associate only servers of ${scopeRegion} here`
          : `associate only servers of ${scopeRegion} here; a server of ${location} needs a scope in ${location} (a topology of its own)`;
      problems.push(problem(`${at}.location`, location, `an Arc-enabled server must be in its Private Link Scope's region (${scopeRegion}): the scope and the Arc resource share a region (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc")`, fix));
    }
    const gateway = viaGateway.get(key);
    if (gateway) problems.push(problem(`${at}.id`, m.id, `is also associated with an Arc gateway (${gateway}); a server connects through one Private Link Scope or one gateway`, `remove it from ${gateway} or from privateLink.machines`));
  });
  return problems;
}

function arcGatewayProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const unique = uniqueNames("arcGateways", "gateway", "they name the stacks");
  const perSubscription = new Map<string, string[]>();
  const users = new Map<string, string>();
  t.arcGateways.forEach((g, i) => {
    const at = `arcGateways[${i}]`;
    problems.push(...unique(g.name, i));
    const sub = g.subscriptionId ?? t.subscriptionId ?? "(the environment's subscription)";
    perSubscription.set(sub, [...(perSubscription.get(sub) ?? []), at]);
    if (!hisRegionCode(t.location, g.hisRegionCode)) {
      problems.push(problem(`${at}.hisRegionCode`, g.hisRegionCode, `the allowlist needs the short code of <code>.his.arc.azure.com for ${t.location}, and no public source gives it`, "look it up (e.g. in the agent's logs or the portal's network requirements) and set hisRegionCode"));
    }
    const useOnce = (id: string, path: string) => {
      const key = id.toLowerCase();
      const other = users.get(key);
      if (other) problems.push(problem(path, id, `a machine or cluster uses one gateway, and ${other} already associates it`, "list it once"));
      else users.set(key, path);
    };
    g.machines.forEach((m, j) => useOnce(m, `${at}.machines[${j}]`));
    g.clusters.forEach((c, j) => {
      const cp = `${at}.clusters[${j}]`;
      useOnce(c.id, `${cp}.id`);
      problems.push(...clusterProxyProblems(cp, c.proxy, c.serviceCidr, true));
    });
    if (g.scenarios.includes("keyVault") && g.keyVaults.length === 0) {
      problems.push(problem(`${at}.keyVaults`, g.keyVaults, "the keyVault scenario allows <vault>.vault.azure.net per vault, and no vault is listed", "list the vault names"));
    }
    if (g.keyVaults.length > 0 && !g.scenarios.includes("keyVault")) {
      problems.push(problem(`${at}.scenarios`, g.scenarios, "keyVaults are listed but the keyVault scenario is off", 'add "keyVault" to scenarios or remove keyVaults'));
    }
    const seenScenario = new Set<string>();
    g.scenarios.forEach((sc, j) => {
      if (seenScenario.has(sc)) problems.push(problem(`${at}.scenarios[${j}]`, sc, "each scenario is listed once", "remove the duplicate"));
      seenScenario.add(sc);
    });
  });
  for (const [sub, paths] of perSubscription) {
    if (paths.length > MAX_ARC_GATEWAYS_PER_SUBSCRIPTION) {
      problems.push(problem(paths[MAX_ARC_GATEWAYS_PER_SUBSCRIPTION], paths.length, `Azure allows ${MAX_ARC_GATEWAYS_PER_SUBSCRIPTION} Arc gateways per subscription, and ${sub} would get ${paths.length} (${paths.join(", ")})`, "share gateways: any Arc resource of the tenant can use any gateway"));
    }
  }
  return problems;
}

/** An entry of a list whose names become construct ids: its field path and name. */
interface NamedEntry {
  readonly path: string;
  readonly name: string;
}

/**
 * Entries of one list whose names give the same Terraform addresses: the
 * stacks name a resource after the lower-case words of its construct ids
 * (`constructIdWords`, as `readableTerraformName` does), so `a-b` and
 * `a--b` (`web-1`, `web_1` and `web.1`; `webApp` and `web-app`) would get
 * the same address, and only the one created first keeps it (the others
 * get a hash suffix): inserting or reordering such names would move the
 * plain address to another entry, and Terraform would replace the
 * resources of both. One problem per entry
 * whose words an earlier entry already has, naming it and one address they
 * share (`address` of the earlier name). A name that `repeat` says an
 * earlier entry already has is left to the list's uniqueness rule.
 */
function sameAddressProblems(entries: readonly NamedEntry[], address: (name: string) => string, repeat: (name: string) => string): Problem[] {
  const byWords = new Map<string, NamedEntry>();
  const names = new Set<string>();
  const problems: Problem[] = [];
  for (const e of entries) {
    const words = constructIdWords(e.name).join("_");
    const earlier = byWords.get(words);
    if (earlier === undefined) byWords.set(words, e);
    else if (!names.has(repeat(e.name))) {
      problems.push(
        problem(
          e.path,
          e.name,
          `gives the same Terraform addresses as ${earlier.path} "${earlier.name}" (e.g. ${address(earlier.name)}): addresses keep only a name's lower-case words (split at '-', '_', '.' and camelCase), so the list's order would decide which keeps the plain address, and inserting or reordering entries would replace resources`,
          "rename one of them so that their words differ",
        ),
      );
    }
    names.add(repeat(e.name));
  }
  return problems;
}

/** `<type>.<name>` of the resource at `path` (construct ids below the stack), as the stacks name it. */
const addressOf = (type: string, ...path: string[]) => `${type}.${readableTerraformName(path, type)}`;
const exact = (name: string) => name;

/**
 * The lists whose names become construct ids in the hub-and-spoke stack
 * (stacks/hub-spoke-stack.ts, lib/network/spoke.ts, lib/dns/zones.ts):
 * spokes (`Spoke-<name>`), each spoke's subnets (`Subnet-<name>`,
 * `Association-<name>`), private AKS clusters (`AksCluster-<name>`), AKS
 * private access (`AksAccess-<name>`) and the clusters' custom zones
 * (`<subzone>.privatelink.<location>.azmk8s.io`). Arc gateway and
 * Kubernetes cluster names name whole stacks, whose addresses do not
 * contain them.
 */
function addressNameProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  problems.push(...sameAddressProblems(t.spokes.map((s, i) => ({ path: `spokes[${i}].name`, name: s.name })), (n) => addressOf("azurerm_virtual_network", `Spoke-${n}`, "VirtualNetwork"), exact));
  t.spokes.forEach((s, i) => {
    const subnets = (s.subnets ?? []).map((n, j) => ({ path: `spokes[${i}].subnets[${j}].name`, name: n.name }));
    // Subnet names that differ only in casing are one subnet to Azure: subnetProblems reports them.
    problems.push(...sameAddressProblems(subnets, (n) => addressOf("azurerm_subnet", `Spoke-${s.name}`, `Subnet-${n}`), (n) => n.toLowerCase()));
  });
  problems.push(...sameAddressProblems(t.aksClusters.map((c, i) => ({ path: `aksClusters[${i}].name`, name: c.name })), (n) => addressOf("azurerm_kubernetes_cluster", `AksCluster-${n}`, "Resource"), exact));
  problems.push(...sameAddressProblems(t.aksPrivateAccess.map((a, i) => ({ path: `aksPrivateAccess[${i}].name`, name: a.name })), (n) => addressOf("azurerm_private_endpoint", `AksAccess-${n}`, "Endpoint", "Resource"), exact));
  // Clusters with the same subzone share a zone; only a custom zone is created from it.
  const subzones = t.aksClusters.flatMap((c, i) => (c.subzone !== undefined && aksClusterZone(t, c) !== undefined ? [{ path: `aksClusters[${i}].subzone`, name: c.subzone }] : []));
  problems.push(...sameAddressProblems(subzones, (n) => addressOf("azurerm_private_dns_zone", "Zone", aksPrivateZoneName(t.location, n), "Resource"), exact));
  return problems;
}

/** Every cross-field problem of a schema-valid topology. */
export function topologyProblems(t: Topology): Problem[] {
  return [...structureProblems(t), ...addressProblems(t), ...capacityProblems(t), ...spokeProblems(t), ...gatewayProblems(t), ...onPremisesDnsProblems(t), ...privateLinkProblems(t), ...arcGatewayProblems(t), ...aksProblems(t), ...kubernetesProblems(t), ...addressNameProblems(t), ...suppressionProblems(t)];
}

/** Things worth saying that do not stop the synth. */
export function topologyWarnings(t: Topology): Problem[] {
  const warnings: Problem[] = [...aksWarnings(t)];
  if (t.privateLink && !hisRegionCode(arcScopeLocation(t), t.privateLink.hisRegionCode)) {
    warnings.push({
      path: "privateLink.hisRegionCode",
      message: `no public source gives the short code of <code>.his.arc.azure.com for ${arcScopeLocation(t)}, so arc_dns_check_hosts leaves out the regional his host. Set privateLink.hisRegionCode (read it from the endpoint's DNS configuration after apply, or from the agent's logs)`,
    });
  }
  warnings.push(...dnsWarnings(t));
  t.kubernetes.clusters.forEach((c, i) => {
    if (t.backend.type === "cloud" && c.connection.type === "kubeconfig") {
      warnings.push({
        path: `kubernetes.clusters[${i}].connection`,
        message: `the kubernetes and helm providers read the kubeconfig file ${JSON.stringify(c.connection.path)} where Terraform runs, and a remote Terraform Cloud run does not have it. Use connection: { type: token } (variables kube_host, kube_token, kube_cluster_ca_certificate), or run this workspace locally (execution mode local or an agent)`,
      });
    }
  });
  if (t.arcGateways.length > 0 && t.hub?.gateway) {
    warnings.push({
      path: "hub.gateway",
      message: `the Arc gateway preview did not support ExpressRoute or site-to-site VPN together with the gateway (Microsoft Learn, "Simplify network configuration requirements with Azure Arc gateway"); later docs dropped the rule. Check the current Arc gateway limitations before relying on both`,
    });
  }
  return warnings;
}

