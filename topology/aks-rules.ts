/**
 * The topology rules of private AKS (the blog post "Azure Aks Private
 * Clusters" (2023)): the problems a file can have. The derived values (which
 * zone a cluster uses, when an endpoint needs manual approval) are in
 * facts.ts.
 */
import { AKS_DEFAULT_SERVICE_CIDR, aksServiceCidrProblems, aksSubnetAddressesNeeded } from "../lib/aks/facts";
import { aksPrivateZoneName, aksRecordName } from "../lib/aks/zone";
import { overlaps, parseArmId, parseCidr, problem, Problem, suggest, uniqueNames } from "../lib/core";
import { MAX_REQUEST_MESSAGE_LENGTH } from "../lib/private-endpoint";
import { aksClusterName, aksZoneChoice, connectivityResourceGroupName, needsManualApproval, networkRanges, spokeDns, spokeSubnets } from "./facts";
import { Topology } from "./schema";

function clusterProblems(t: Topology): Problem[] {
  const unique = uniqueNames("aksClusters", "aksClusters", "they name the clusters");
  const problems = t.aksClusters.flatMap((c, i) => unique(c.name, i));
  const networks = networkRanges(t);
  t.aksClusters.forEach((c, i) => {
    const at = `aksClusters[${i}]`;
    const spoke = t.spokes.find((s) => s.name === c.spoke);
    if (!spoke) {
      const near = suggest(c.spoke, t.spokes.map((s) => s.name));
      problems.push(problem(`${at}.spoke`, c.spoke, "names no spoke of this topology", near ? `did you mean "${near}"?` : "add the spoke or fix the name"));
      return;
    }
    const subnets = spokeSubnets(t, spoke);
    const subnet = c.subnet ? subnets.find((s) => s.name === c.subnet) : subnets[0];
    if (!subnet) {
      const near = suggest(c.subnet ?? "", subnets.map((s) => s.name));
      problems.push(problem(`${at}.subnet`, c.subnet, `is not a subnet of spoke ${spoke.name} (${subnets.map((s) => s.name).join(", ")})`, near ? `did you mean "${near}"?` : "use one of them"));
    } else {
      const size = 2 ** (32 - parseCidr(subnet.addressPrefix).prefix);
      const needed = aksSubnetAddressesNeeded(c.nodeCount);
      if (size < needed) {
        problems.push(problem(`${at}.nodeCount`, c.nodeCount, `Azure CNI gives every pod a subnet address: ${c.nodeCount} nodes need (nodes + 1) + (nodes + 1) x 30 pods + 5 reserved = ${needed} addresses, and subnet ${subnet.name} (${subnet.addressPrefix}) has ${size}`, "use a larger subnet or fewer nodes"));
      }
    }
    if (spoke.arcRules !== "none") {
      problems.push(
        problem(
          `spokes[${t.spokes.indexOf(spoke)}].arcRules`,
          spoke.arcRules,
          `spoke ${spoke.name} holds AKS cluster ${c.name}, and the Arc NSG rules deny internet outbound after the Arc service tags; AKS nodes need outbound access to more (container registries, packages, time) to start`,
          "set arcRules: none on the cluster's spoke and control egress with a firewall",
        ),
      );
    }
    const choice = aksZoneChoice(t, c);
    const dns = spokeDns(t, spoke);
    if (choice === "System" && dns === "resolver") {
      problems.push(problem(`${at}.privateDnsZone`, choice, `spoke ${spoke.name} resolves names through the hub resolver, which cannot see the zone AKS creates for System, so the nodes cannot find the API server`, "leave privateDnsZone out (a custom zone in the hub), or set dnsLinks: true on the spoke"));
    }
    if (choice === "custom" && dns !== "resolver") {
      problems.push(
        problem(
          `${at}.privateDnsZone`,
          choice,
          dns === "links"
            ? `AKS links a custom zone to the cluster's network itself, and spoke ${spoke.name} has dnsLinks, which links every hub zone to it: a network links a zone once`
            : `a custom zone lives in the hub and is served by the hub resolver, and spoke ${spoke.name} does not use it (hub.dnsResolver is false)`,
          dns === "links" ? "use privateDnsZone: System, or set dnsLinks: false on the spoke" : "use privateDnsZone: System, or set hub.dnsResolver: true",
        ),
      );
    }
    if (choice === "custom" && t.privateLink?.dns.mode === "policy") {
      problems.push(problem(`${at}.privateDnsZone`, choice, "dns.mode policy creates no zones, and a custom zone is one the hub holds", "use privateDnsZone: System with dnsLinks on the spoke, or dns.mode managed or existing"));
    }
    if (choice === "None" && !c.publicFqdn) {
      problems.push(problem(`${at}.privateDnsZone`, choice, 'private DNS zone "None" needs the public FQDN (with no zone, clients resolve the API server through it)', "set publicFqdn: true, or leave privateDnsZone out"));
    }
    if (c.subzone && choice !== "custom") {
      problems.push(problem(`${at}.subzone`, c.subzone, `a subzone names a custom zone, and privateDnsZone is ${choice}`, "remove subzone or use privateDnsZone: custom"));
    }
    const serviceCidr = parseCidr(c.serviceCidr ?? AKS_DEFAULT_SERVICE_CIDR);
    for (const other of networks.filter((n) => overlaps(serviceCidr, n.cidr))) {
      problems.push(problem(`${at}.serviceCidr`, serviceCidr.text, `${c.serviceCidr ? "the service CIDR" : `the default service CIDR ${AKS_DEFAULT_SERVICE_CIDR}`} overlaps ${other.label} (${other.cidr.text}); cluster services would hide those addresses`, "set serviceCidr to an unused range, e.g. 10.100.0.0/16 (and dnsServiceIp, default its .10)"));
    }
    if (c.dnsServiceIp && !c.serviceCidr) problems.push(problem(`${at}.dnsServiceIp`, c.dnsServiceIp, "dnsServiceIp is an address of serviceCidr, and serviceCidr is not set", "set serviceCidr too, or remove dnsServiceIp"));
    else {
      for (const [field, rule, fix] of aksServiceCidrProblems(serviceCidr.text, c.dnsServiceIp)) {
        problems.push(problem(`${at}.${field}`, field === "serviceCidr" ? serviceCidr.text : c.dnsServiceIp, rule, fix));
      }
    }
  });
  return problems;
}

function accessProblems(t: Topology): Problem[] {
  const unique = uniqueNames("aksPrivateAccess", "aksPrivateAccess", "they name the endpoints and approval stacks");
  const problems = t.aksPrivateAccess.flatMap((a, i) => unique(a.name, i));
  const seen = new Map<string, number>();
  const rg = connectivityResourceGroupName(t);
  const created = new Map(t.aksClusters.map((c, i) => [aksClusterName(t, c), i]));
  t.aksPrivateAccess.forEach((a, i) => {
    const at = `aksPrivateAccess[${i}]`;
    const key = a.clusterId.toLowerCase();
    if (seen.has(key)) problems.push(problem(`${at}.clusterId`, a.clusterId, `one endpoint per cluster (also aksPrivateAccess[${seen.get(key)}])`, "remove the duplicate"));
    else seen.set(key, i);
    const id = parseArmId(a.clusterId);
    const own = id && id.resourceGroup.toLowerCase() === rg.toLowerCase() ? created.get(id.name.toLowerCase()) : undefined;
    const sameSubscription = !t.subscriptionId || t.subscriptionId.toLowerCase() === id?.subscriptionId.toLowerCase();
    if (own !== undefined && sameSubscription) {
      problems.push(problem(`${at}.clusterId`, a.clusterId, `is aksClusters[${own}], which this topology creates in a peered spoke: the hub reaches its API server through the peering and the hub zone`, "remove this entry"));
    }
    if (!aksRecordName(a.privateFqdn, a.region)) {
      problems.push(problem(`${at}.privateFqdn`, a.privateFqdn, `a cluster in ${a.region} has an FQDN ending with .${aksPrivateZoneName(a.region)}`, "copy it from az aks show --query privateFqdn, and check region"));
    }
    const manual = needsManualApproval(t, a);
    if (manual && !a.requestMessage) {
      problems.push(problem(`${at}.requestMessage`, a.requestMessage, `the cluster is ${a.crossTenant ? "in another tenant" : "in another subscription"}, so its owner approves the endpoint, and the request needs a message`, `add requestMessage (at most ${MAX_REQUEST_MESSAGE_LENGTH} bytes in UTF-8)`));
    }
    if (!manual && a.requestMessage) {
      problems.push(problem(`${at}.requestMessage`, a.requestMessage, "a request message is only sent with manual approval (cross-tenant or cross-subscription), and this cluster is in the topology's subscription and tenant", "remove requestMessage, or set crossTenant: true"));
    }
    if (!manual && a.approval) {
      problems.push(problem(`${at}.approval`, a.approval, "the approval stack approves a manual connection, and this endpoint is approved automatically", "remove approval, or set crossTenant: true"));
    }
    if (t.privateLink?.dns.mode === "policy") {
      problems.push(problem(`${at}`, a.name, "the endpoint's A record goes in the hub's privatelink.<region>.azmk8s.io zone, and dns.mode policy creates no zones", "use dns.mode managed or existing"));
    }
  });
  return problems;
}

/** Every problem of the private-AKS parts of a schema-valid topology. */
export function aksProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  if (!t.hub && t.aksPrivateAccess.length > 0) problems.push(problem("aksPrivateAccess", t.aksPrivateAccess.map((a) => a.name), "API-server endpoints live in the hub, and there is no hub", "add hub: { addressSpace: [...] }"));
  return [...problems, ...clusterProblems(t), ...accessProblems(t)];
}

/** Things worth saying about private AKS that do not stop the synth. */
export function aksWarnings(t: Topology): Problem[] {
  if (t.subscriptionId) return [];
  return t.aksPrivateAccess
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => !a.crossTenant)
    .map(({ a, i }) => ({
      path: `aksPrivateAccess[${i}]`,
      message: `the topology has no subscriptionId, so whether cluster ${a.name} is in another subscription is unknown; automatic approval is assumed. Set subscriptionId so that a cluster in another subscription gets manual approval`,
    }));
}
