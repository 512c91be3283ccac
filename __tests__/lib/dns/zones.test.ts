import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { VirtualNetworkRef } from "../../../lib/core";
import { MAX_LINKS_PER_ZONE, MAX_PRIVATE_DNS_ZONES_PER_SUBSCRIPTION, PrivateDnsZones } from "../../../lib/dns";
import { stack, synthStack } from "../../support/synth";
import { exactly } from "../../support/errors";

const vnet = (name: string): VirtualNetworkRef => ({ virtualNetworkId: `/vnets/${name}`, virtualNetworkName: name, label: name, location: "westeurope", virtualNetworkKey: name });
const SUB = "00000000-0000-0000-0000-000000000000";
const zoneId = (z: string, rg = "rg-dns") => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/privateDnsZones/${z}`;
const HIS = "privatelink.his.arc.azure.com";
const GC = "privatelink.guestconfiguration.azure.com";
const DP = "privatelink.dp.kubernetesconfiguration.azure.com";
const BLOB = "privatelink.blob.core.windows.net";
const tags = { env: "test" };


/** Tokens (ids, names) as Terraform sees them: each value goes through an output of the stack. */
function resolved(s: TerraformStack, values: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(values)) new TerraformOutput(s, `resolved-${k}`, { value: v });
  const out = synthStack(s).output;
  return Object.fromEntries(Object.keys(values).map((k) => [k, out[`resolved-${k}`].value]));
}

describe("PrivateDnsZones", () => {
  it("limits are Azure's: 1,000 links per zone, 1,000 zones per subscription", () => {
    expect([MAX_LINKS_PER_ZONE, MAX_PRIVATE_DNS_ZONES_PER_SUBSCRIPTION]).toEqual([1000, 1000]);
  });

  it("managed (default): creates each zone once, tagged, and links every network to every zone with registration off", () => {
    const s = stack();
    const dns = new PrivateDnsZones(s, "Dns", { zoneNames: [HIS, GC, DP, BLOB, BLOB], resourceGroupName: "rg", virtualNetworks: [vnet("vnet-hub")], tags });
    dns.linkVirtualNetwork(vnet("vnet-spoke"));
    const zone = (name: string) => ({ name, resource_group_name: "rg", tags });
    const link = (zoneKey: string, network: string) => ({
      name: `link-${network}`,
      resource_group_name: "rg",
      private_dns_zone_name: `\${azurerm_private_dns_zone.${zoneKey}.name}`,
      virtual_network_id: `/vnets/${network}`,
      registration_enabled: false,
      tags,
    });
    const tf = synthStack(s);
    expect(tf.resource).toEqual({
      azurerm_private_dns_zone: {
        Dns_privatelinkhisarcazurecom_7C206AB4: zone(HIS),
        Dns_privatelinkguestconfigurationazurecom_91AA4AAC: zone(GC),
        Dns_privatelinkdpkubernetesconfigurationazurecom_426FDCFE: zone(DP),
        Dns_privatelinkblobcorewindowsnet_8F555E3C: zone(BLOB),
      },
      azurerm_private_dns_zone_virtual_network_link: {
        "Dns_privatelinkhisarcazurecom_Link-vnet-hub_FD52CA77": link("Dns_privatelinkhisarcazurecom_7C206AB4", "vnet-hub"),
        "Dns_privatelinkhisarcazurecom_Link-vnet-spoke_13B2B25F": link("Dns_privatelinkhisarcazurecom_7C206AB4", "vnet-spoke"),
        "Dns_privatelinkguestconfigurationazurecom_Link-vnet-hub_EBF86959": link("Dns_privatelinkguestconfigurationazurecom_91AA4AAC", "vnet-hub"),
        "Dns_privatelinkguestconfigurationazurecom_Link-vnet-spoke_C127215C": link("Dns_privatelinkguestconfigurationazurecom_91AA4AAC", "vnet-spoke"),
        "Dns_privatelinkdpkubernetesconfigurationazurecom_Link-vnet-hub_AA738B52": link("Dns_privatelinkdpkubernetesconfigurationazurecom_426FDCFE", "vnet-hub"),
        "Dns_privatelinkdpkubernetesconfigurationazurecom_Link-vnet-spoke_008CA3F5": link("Dns_privatelinkdpkubernetesconfigurationazurecom_426FDCFE", "vnet-spoke"),
        "Dns_privatelinkblobcorewindowsnet_Link-vnet-hub_09DB6C74": link("Dns_privatelinkblobcorewindowsnet_8F555E3C", "vnet-hub"),
        "Dns_privatelinkblobcorewindowsnet_Link-vnet-spoke_AAE63DDE": link("Dns_privatelinkblobcorewindowsnet_8F555E3C", "vnet-spoke"),
      },
    });
    expect(dns.mode).toBe("managed");
    expect(dns.zoneNames).toEqual([HIS, GC, DP, BLOB]);
    expect([HIS, GC, DP, BLOB, "privatelink.vaultcore.azure.net"].map((z) => dns.linkCount(z))).toEqual([2, 2, 2, 2, 0]);
  });

  it("managed: ids and refs are the zones' Terraform references, so their users wait for the zones", () => {
    const s = stack();
    const dns = new PrivateDnsZones(s, "Dns", { zoneNames: [HIS, BLOB], resourceGroupName: "rg" });
    expect([dns.zoneId(GC), dns.zoneId("unknown")]).toEqual([undefined, undefined]);
    expect(resolved(s, { id: dns.zoneId(BLOB), ids: dns.zoneIds([BLOB, HIS]), ref: dns.zoneRef(HIS) })).toEqual({
      id: "${azurerm_private_dns_zone.Dns_privatelinkblobcorewindowsnet_8F555E3C.id}",
      ids: ["${azurerm_private_dns_zone.Dns_privatelinkblobcorewindowsnet_8F555E3C.id}", "${azurerm_private_dns_zone.Dns_privatelinkhisarcazurecom_7C206AB4.id}"],
      ref: {
        zoneId: "${azurerm_private_dns_zone.Dns_privatelinkhisarcazurecom_7C206AB4.id}",
        zoneName: "${azurerm_private_dns_zone.Dns_privatelinkhisarcazurecom_7C206AB4.name}",
        resourceGroupName: "rg",
      },
    });
  });

  it("managed without tags or networks: zones only, untagged", () => {
    const s = stack();
    new PrivateDnsZones(s, "Dns", { zoneNames: [HIS], resourceGroupName: "rg" });
    expect(synthStack(s).resource).toEqual({ azurerm_private_dns_zone: { Dns_privatelinkhisarcazurecom_7C206AB4: { name: HIS, resource_group_name: "rg" } } });
  });

  it("links without tags are untagged", () => {
    const s = stack();
    new PrivateDnsZones(s, "Dns", { zoneNames: [HIS], resourceGroupName: "rg", virtualNetworks: [vnet("vnet-hub")] });
    expect(synthStack(s).resource.azurerm_private_dns_zone_virtual_network_link).toEqual({
      "Dns_privatelinkhisarcazurecom_Link-vnet-hub_FD52CA77": {
        name: "link-vnet-hub",
        resource_group_name: "rg",
        private_dns_zone_name: "${azurerm_private_dns_zone.Dns_privatelinkhisarcazurecom_7C206AB4.name}",
        virtual_network_id: "/vnets/vnet-hub",
        registration_enabled: false,
      },
    });
  });

  it("zoneRef and zoneIds fail for a zone the construct does not hold, naming the ones it holds", () => {
    const dns = new PrivateDnsZones(stack(), "Dns", { zoneNames: [HIS, BLOB], resourceGroupName: "rg" });
    const rule = `test/Dns: zone is not part of this construct (it holds ${HIS}, ${BLOB}); got "${GC}". Fix: add "${GC}" to zoneNames`;
    expect(() => dns.zoneRef(GC)).toThrow(exactly(rule));
    expect(() => dns.zoneIds([HIS, GC])).toThrow(exactly(rule));
    const empty = new PrivateDnsZones(stack(), "Dns", { zoneNames: [], resourceGroupName: "rg" });
    expect(() => empty.zoneRef(GC)).toThrow(exactly(`test/Dns: zone is not part of this construct (it holds none); got "${GC}". Fix: add "${GC}" to zoneNames`));
  });

  it("existing: imports every zone by id in any casing, links it in the zone's own resource group, creates no zone", () => {
    const s = stack();
    const lower = (z: string, rg: string) => zoneId(z, rg).replace("/resourceGroups/", "/resourcegroups/").replace("Microsoft.Network/privateDnsZones", "microsoft.network/privatednszones");
    const dns = new PrivateDnsZones(s, "Dns", {
      zoneNames: [HIS, BLOB],
      resourceGroupName: "rg",
      mode: "existing",
      existingZoneIds: { [HIS]: lower(HIS.toUpperCase(), "RG-DNS-Arc"), [BLOB]: zoneId(BLOB, "rg-shared") },
      virtualNetworks: [vnet("vnet-hub")],
      tags,
    });
    expect(synthStack(s).resource).toEqual({
      azurerm_private_dns_zone_virtual_network_link: {
        "Dns_privatelinkhisarcazurecom_Link-vnet-hub_FD52CA77": { name: "link-vnet-hub", resource_group_name: "RG-DNS-Arc", private_dns_zone_name: HIS, virtual_network_id: "/vnets/vnet-hub", registration_enabled: false, tags },
        "Dns_privatelinkblobcorewindowsnet_Link-vnet-hub_09DB6C74": { name: "link-vnet-hub", resource_group_name: "rg-shared", private_dns_zone_name: BLOB, virtual_network_id: "/vnets/vnet-hub", registration_enabled: false, tags },
      },
    });
    expect(dns.mode).toBe("existing");
    expect(dns.zoneNames).toEqual([HIS, BLOB]);
    // The zone name in the id is written as zoneNames give it (lower case), whatever the casing given.
    expect(dns.zoneIds([BLOB, HIS])).toEqual([zoneId(BLOB, "rg-shared"), zoneId(HIS, "RG-DNS-Arc")]);
    expect(dns.zoneId(HIS)).toBe(zoneId(HIS, "RG-DNS-Arc"));
    expect(dns.zoneRef(BLOB)).toEqual({ zoneId: zoneId(BLOB, "rg-shared"), zoneName: BLOB, resourceGroupName: "rg-shared" });
    expect(dns.linkCount(HIS)).toBe(1);
  });

  it("existing: links and records of a zone in another subscription go through the provider providerFor gives for it", () => {
    const s = stack();
    const OTHER = "AAAAAAAA-0000-0000-0000-00000000000A";
    const other = new AzurermProvider(s, "other", { alias: "other", features: [{}], subscriptionId: OTHER.toLowerCase() });
    const asked: string[] = [];
    const dns = new PrivateDnsZones(s, "Dns", {
      zoneNames: [HIS, GC, BLOB],
      resourceGroupName: "rg",
      mode: "existing",
      existingZoneIds: { [HIS]: zoneId(HIS).replace(SUB, OTHER), [GC]: zoneId(GC).replace(SUB, OTHER.toLowerCase()), [BLOB]: zoneId(BLOB) },
      virtualNetworks: [vnet("vnet-hub")],
      providerFor: (subscriptionId) => {
        asked.push(subscriptionId);
        return subscriptionId === OTHER.toLowerCase() ? other : undefined;
      },
    });
    expect(asked).toEqual([OTHER.toLowerCase(), OTHER.toLowerCase(), SUB]);
    expect(dns.zoneRef(HIS).provider).toBe(other);
    expect(dns.zoneRef(BLOB).provider).toBeUndefined();
    const links = synthStack(s).resource.azurerm_private_dns_zone_virtual_network_link;
    expect(Object.keys(links)).toHaveLength(3);
    expect(Object.fromEntries(Object.values(links).map((l: any) => [l.private_dns_zone_name, l.provider]))).toEqual({ [HIS]: "azurerm.other", [GC]: "azurerm.other", [BLOB]: undefined });
    expect(Object.values(links).filter((l: any) => "provider" in l)).toHaveLength(2);
  });

  it("existing: fails when a zone's id is missing, naming the ids given", () => {
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: [HIS, GC], resourceGroupName: "rg", mode: "existing", existingZoneIds: { [HIS]: zoneId(HIS), [BLOB]: zoneId(BLOB) } })).toThrow(
      exactly(
        `test/Dns.existingZoneIds: mode "existing" needs the id of every zone the topology uses, and "${GC}" is missing; got ["${HIS}","${BLOB}"]. Fix: add "${GC}": /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${GC}`,
      ),
    );
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: [HIS], resourceGroupName: "rg", mode: "existing" })).toThrow(
      exactly(`test/Dns.existingZoneIds: mode "existing" needs the id of every zone the topology uses, and "${HIS}" is missing; got []. Fix: add "${HIS}": /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${HIS}`),
    );
  });

  it.each([
    ["another zone's id", zoneId(BLOB)],
    ["a public DNS zone's id", `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/dnsZones/${HIS}`],
    ["a zone name", HIS],
    ["a child resource id", `${zoneId(HIS)}/A/gbl`],
  ])("existing: fails when the id is %s", (_what, id) => {
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: [HIS], resourceGroupName: "rg", mode: "existing", existingZoneIds: { [HIS]: id } })).toThrow(
      exactly(`test/Dns.existingZoneIds["${HIS}"]: must be the ARM id of a private DNS zone named ${HIS}; got "${id}". Fix: use /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${HIS}`),
    );
  });

  it("policy: creates, imports and links nothing; no ids", () => {
    const s = stack();
    const dns = new PrivateDnsZones(s, "Dns", { zoneNames: [HIS, GC], resourceGroupName: "rg", mode: "policy", virtualNetworks: [vnet("vnet-hub")] });
    dns.linkVirtualNetwork(vnet("vnet-spoke"));
    expect(synthStack(s).resource).toBeUndefined();
    expect(dns.mode).toBe("policy");
    expect(dns.zoneNames).toEqual([]);
    expect(dns.zoneIds([HIS, "anything"])).toEqual([]);
    expect([dns.zoneId(HIS), dns.linkCount(HIS)]).toEqual([undefined, 0]);
    expect(() => dns.zoneRef(HIS)).toThrow(exactly(`test/Dns: zone is not part of this construct (it holds none); got "${HIS}". Fix: add "${HIS}" to zoneNames`));
  });

  it.each([
    [undefined, "managed"],
    ["managed", "managed"],
    ["policy", "policy"],
  ] as const)("fails when zone ids are given in mode %s", (mode, named) => {
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: [HIS], resourceGroupName: "rg", mode, existingZoneIds: { [HIS]: zoneId(HIS) } })).toThrow(
      exactly(`test/Dns.existingZoneIds: zone ids are only used in mode "existing", not "${named}"; got ["${HIS}"]. Fix: remove existingZoneIds or set mode "existing"`),
    );
  });

  it("passes with an empty existingZoneIds outside mode existing", () => {
    expect(new PrivateDnsZones(stack(), "Dns", { zoneNames: [HIS], resourceGroupName: "rg", existingZoneIds: {} }).zoneNames).toEqual([HIS]);
  });

  it("fails when a network is linked twice (by its key), naming the zone and the network", () => {
    const dns = new PrivateDnsZones(stack(), "Dns", { zoneNames: [BLOB], resourceGroupName: "rg", virtualNetworks: [vnet("a")] });
    expect(() => dns.linkVirtualNetwork({ ...vnet("a"), label: "a-again" })).toThrow(exactly(`test/Dns/${BLOB}: a virtual network can be linked to a zone only once; got "a-again". Fix: remove the duplicate link`));
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: [BLOB], resourceGroupName: "rg", virtualNetworks: [vnet("a"), { ...vnet("b"), virtualNetworkKey: "a" }] })).toThrow(
      exactly(`test/Dns/${BLOB}: a virtual network can be linked to a zone only once; got "b". Fix: remove the duplicate link`),
    );
  });
});

describe("PrivateDnsZones limits", () => {
  it("links: passes at the limit of 1,000 networks on a zone, fails at the 1,001st", () => {
    const s = stack();
    const dns = new PrivateDnsZones(s, "Dns", { zoneNames: [BLOB], resourceGroupName: "rg" });
    for (let i = 0; i < MAX_LINKS_PER_ZONE; i++) dns.linkVirtualNetwork(vnet(`v${i}`));
    expect(dns.linkCount(BLOB)).toBe(1000);
    expect(() => dns.linkVirtualNetwork(vnet("one-too-many"))).toThrow(
      exactly(`test/Dns/${BLOB}: a private DNS zone holds at most 1000 virtual network links (Azure limit); got 1001. Fix: link fewer spokes (set dnsLinks: false and let them use the hub resolver)`),
    );
    expect(dns.linkCount(BLOB)).toBe(1000);
  });

  const names = (n: number) => Array.from({ length: n }, (_, i) => `z${i}.contoso.internal`);

  it("zones: passes at the limit, managed mode with 1,000 zone names", () => {
    const dns = new PrivateDnsZones(stack(), "Dns", { zoneNames: names(1000), resourceGroupName: "rg" });
    expect(dns.zoneNames).toEqual(names(1000));
  });

  it("zones: fails when managed mode would create 1,001 zones", () => {
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: names(1001), resourceGroupName: "rg" })).toThrow(
      exactly("test/Dns.zoneNames: a subscription holds at most 1000 private DNS zones (Azure limit); got 1001. Fix: create fewer zones here, or import some (mode existing)"),
    );
  });

  it("zones: counts distinct names only, and not in policy mode (which creates none)", () => {
    expect(new PrivateDnsZones(stack(), "Dns", { zoneNames: [...names(1000), "z0.contoso.internal"], resourceGroupName: "rg" }).zoneNames).toEqual(names(1000));
    expect(new PrivateDnsZones(stack(), "Dns", { zoneNames: names(1001), resourceGroupName: "rg", mode: "policy" }).zoneNames).toEqual([]);
  });
});

describe("PrivateDnsZones: fallback to internet", () => {
  const policies = (s: TerraformStack) =>
    Object.fromEntries(Object.values<Record<string, any>>(synthStack(s).resource.azurerm_private_dns_zone_virtual_network_link).map((l) => [`${l.private_dns_zone_name}@${l.virtual_network_id}`, l.resolution_policy]));

  it("leaves resolution_policy out by default (Azure's Default)", () => {
    const s = stack();
    new PrivateDnsZones(s, "Dns", { zoneNames: [HIS, BLOB], resourceGroupName: "rg", virtualNetworks: [vnet("hub")] });
    expect(Object.values(policies(s))).toEqual([undefined, undefined]);
  });

  it("true: every link of every zone, the later links too, is NxDomainRedirect", () => {
    const s = stack();
    const dns = new PrivateDnsZones(s, "Dns", { mode: "existing", zoneNames: [HIS, BLOB], existingZoneIds: { [HIS]: zoneId(HIS), [BLOB]: zoneId(BLOB) }, resourceGroupName: "rg", virtualNetworks: [vnet("hub")], fallbackToInternet: true });
    dns.linkVirtualNetwork(vnet("spoke"));
    expect(policies(s)).toEqual({ [`${HIS}@/vnets/hub`]: "NxDomainRedirect", [`${BLOB}@/vnets/hub`]: "NxDomainRedirect", [`${HIS}@/vnets/spoke`]: "NxDomainRedirect", [`${BLOB}@/vnets/spoke`]: "NxDomainRedirect" });
  });

  it("a list: only those zones' links", () => {
    const s = stack();
    const dns = new PrivateDnsZones(s, "Dns", { zoneNames: [HIS, BLOB], resourceGroupName: "rg", virtualNetworks: [vnet("hub")], fallbackToInternet: [BLOB] });
    const byZone = Object.fromEntries(Object.values<Record<string, any>>(synthStack(s).resource.azurerm_private_dns_zone_virtual_network_link).map((l) => [l.virtual_network_id + (l.private_dns_zone_name.includes("blob") ? "blob" : "his"), l.resolution_policy]));
    expect(byZone).toEqual({ "/vnets/hubblob": "NxDomainRedirect", "/vnets/hubhis": undefined });
    expect(dns.zoneNames).toEqual([HIS, BLOB]);
  });

  it("fails for a zone it does not hold, and in mode policy", () => {
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: [HIS], resourceGroupName: "rg", fallbackToInternet: [BLOB] })).toThrow(
      exactly(`test/Dns.fallbackToInternet: is not a zone of this construct (it holds ${HIS}); got "${BLOB}". Fix: list zones from zoneNames`),
    );
    expect(() => new PrivateDnsZones(stack(), "Dns", { mode: "policy", zoneNames: [HIS], resourceGroupName: "rg", fallbackToInternet: true })).toThrow(
      exactly(`test/Dns.fallbackToInternet: in mode "policy" this construct creates no zone links, and the resolution policy is a setting of the links; got true. Fix: set NxDomainRedirect on the links Azure Policy or your DNS team creates, or use mode managed or existing`),
    );
    // An empty list is no fallback, in any mode.
    expect(() => new PrivateDnsZones(stack(), "Dns", { mode: "policy", zoneNames: [HIS], resourceGroupName: "rg", fallbackToInternet: [] })).not.toThrow();
  });
});
