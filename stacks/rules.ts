/**
 * Cross-field rules of a topology: the documented Azure limits that one
 * field alone cannot show. Each returns problems with field paths; the
 * constructs check the same rules again for users who skip the file.
 */
import { cidrProblem, findOverlaps, LabelledCidr, parseCidr, problem, Problem, suggest } from "../lib/core";
import { forwarderZones, knownZones, MAX_LINKS_PER_ZONE, zonesFor } from "../lib/dns";
import { DEFAULT_GATEWAY_SKU, GATEWAY_SKUS, GatewayType, HUB_MIN_PREFIX, subnetProblems } from "../lib/network";
import { Topology } from "./topology";

export function gatewayType(t: Topology): GatewayType | undefined {
  const type = t.hub.gateway?.type;
  return type === "vpn" ? "Vpn" : type === "expressroute" ? "ExpressRoute" : undefined;
}

/** The private DNS zones a topology needs, in a stable order. */
export function neededZones(t: Topology): string[] {
  const pl = t.privateLink;
  if (!pl) return [];
  const zones = [...zonesFor("arc"), ...(pl.monitor ? zonesFor("monitor") : []), ...pl.endpoints.flatMap((e) => zonesFor(e.type))];
  return [...new Set(zones)];
}

/** Public zones on-premises DNS servers forward to the hub resolver. */
export function neededForwarders(t: Topology): string[] {
  return [...new Set(neededZones(t).flatMap(forwarderZones))];
}

function addressProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const ranges: LabelledCidr[] = [];
  const add = (label: string, text: string) => {
    if (cidrProblem(text) === undefined) ranges.push({ label, cidr: parseCidr(text) });
  };
  t.hub.addressSpace.forEach((a, i) => add(`hub.addressSpace[${i}]`, a));
  t.onPremises.addressSpace.forEach((a, i) => add(`onPremises.addressSpace[${i}]`, a));
  t.spokes.forEach((s, si) => s.addressSpace.forEach((a, i) => add(`spokes[${si}].addressSpace[${i}]`, a)));
  for (const [a, b] of findOverlaps(ranges)) {
    problems.push(problem(b.label, b.cidr.text, `overlaps ${a.label} (${a.cidr.text}); hub, spokes and on-premises ranges must be disjoint for peering and routing`, "give each network its own range"));
  }
  const first = parseCidr(t.hub.addressSpace[0]);
  if (first.prefix > HUB_MIN_PREFIX) {
    problems.push(problem("hub.addressSpace[0]", first.text, `the fixed hub layout needs a /${HUB_MIN_PREFIX} or larger (endpoints .0/26, GatewaySubnet .64/27, resolver .96/28 and .112/28)`, `use a /${HUB_MIN_PREFIX} or larger`));
  }
  t.spokes.forEach((s, i) => {
    if (s.subnets) problems.push(...subnetProblems(`spokes[${i}]`, s.addressSpace, s.subnets));
  });
  return problems;
}

function spokeProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  t.spokes.forEach((s, i) => {
    if (names.has(s.name)) problems.push(problem(`spokes[${i}].name`, s.name, `spoke names are unique (also spokes[${names.get(s.name)}]); they name the networks`, "rename one of them"));
    else names.set(s.name, i);
    if (s.name === "hub") problems.push(problem(`spokes[${i}].name`, s.name, '"hub" names the hub network', "choose another name"));
  });
  const pl = t.privateLink;
  if (pl && pl.dns.mode !== "policy" && !t.hub.dnsResolver) {
    t.spokes.forEach((s, i) => {
      if (!s.dnsLinks) problems.push(problem(`spokes[${i}].dnsLinks`, s.dnsLinks, "a spoke without zone links resolves private endpoints through the hub resolver, and hub.dnsResolver is false", "set dnsLinks: true or hub.dnsResolver: true"));
    });
  }
  const linked = 1 + t.spokes.filter((s) => s.dnsLinks).length;
  if (pl && pl.dns.mode !== "policy" && linked > MAX_LINKS_PER_ZONE) {
    problems.push(problem("spokes", linked, `each private DNS zone would get ${linked} virtual network links (hub + spokes with dnsLinks); Azure allows ${MAX_LINKS_PER_ZONE}`, "set dnsLinks: false on some spokes: they then use the hub resolver"));
  }
  return problems;
}

function gatewayProblems(t: Topology): Problem[] {
  const problems: Problem[] = [];
  const type = gatewayType(t);
  const op = t.onPremises;
  if (op.vpn && op.expressRoute) {
    problems.push(problem("onPremises", ["vpn", "expressRoute"], "the hub has one gateway, so on-premises connects by vpn or expressRoute, not both", "keep one of them"));
  }
  if (op.vpn && type !== "Vpn") {
    problems.push(problem("onPremises.vpn", op.vpn, `a site-to-site VPN needs hub.gateway.type vpn (hub.gateway is ${t.hub.gateway ? t.hub.gateway.type : "not set"})`, "set hub.gateway: { type: vpn } or remove onPremises.vpn"));
  }
  if (op.expressRoute && type !== "ExpressRoute") {
    problems.push(problem("onPremises.expressRoute", op.expressRoute, `an ExpressRoute connection needs hub.gateway.type expressroute (hub.gateway is ${t.hub.gateway ? t.hub.gateway.type : "not set"})`, "set hub.gateway: { type: expressroute } or remove onPremises.expressRoute"));
  }
  const sku = t.hub.gateway?.sku;
  if (type && sku && !GATEWAY_SKUS[type].includes(sku)) {
    problems.push(problem("hub.gateway.sku", sku, `is not a ${t.hub.gateway?.type} gateway SKU (${GATEWAY_SKUS[type].join(", ")})`, `use one of them, e.g. ${DEFAULT_GATEWAY_SKU[type]}`));
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
      if (!given.includes(zone)) problems.push(problem(`privateLink.dns.zoneIds`, given, `mode existing needs the id of every zone the topology uses; "${zone}" is missing`, `add "${zone}": /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${zone}`));
    }
    const known = knownZones(t.location);
    for (const zone of given) {
      if (!needed.includes(zone)) {
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
  const seen = new Map<string, number>();
  pl.endpoints.forEach((e, i) => {
    const key = e.resourceId.toLowerCase();
    if (seen.has(key)) problems.push(problem(`privateLink.endpoints[${i}].resourceId`, e.resourceId, `one endpoint per resource (also endpoints[${seen.get(key)}])`, "remove the duplicate"));
    else seen.set(key, i);
  });
  return problems;
}

/** Every cross-field problem of a schema-valid topology. */
export function topologyProblems(t: Topology): Problem[] {
  return [...addressProblems(t), ...spokeProblems(t), ...gatewayProblems(t), ...privateLinkProblems(t)];
}
