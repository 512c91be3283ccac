import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { fail, formatArmId, parseArmId, VirtualNetworkRef } from "../core";

/** Azure limit: virtual network links per private DNS zone (100 with auto-registration, which this library never turns on). */
export const MAX_LINKS_PER_ZONE = 1000;
/** Azure limit: private DNS zones per subscription ("Azure subscription and service limits"). */
export const MAX_PRIVATE_DNS_ZONES_PER_SUBSCRIPTION = 1000;

export type DnsZoneMode = "managed" | "existing" | "policy";

export interface PrivateDnsZonesProps {
  /** Zone names the topology needs, e.g. from `zonesFor("arc")`. Duplicates are ignored. */
  readonly zoneNames: readonly string[];
  /** Resource group of the zones this construct creates (mode `managed`). */
  readonly resourceGroupName: string;
  /**
   * `managed`: create each zone. `existing`: import each zone by id from
   * `existingZoneIds` and link it. `policy`: create and link nothing; Azure
   * Policy owns the endpoints' zone groups.
   * @default "managed"
   */
  readonly mode?: DnsZoneMode;
  /** Zone name -> ARM id of an existing zone; every name in `zoneNames` is required in mode `existing`. @default - none */
  readonly existingZoneIds?: Readonly<Record<string, string>>;
  /** Virtual networks to link to every zone, registration off. More can be added with `linkVirtualNetwork`. @default - none */
  readonly virtualNetworks?: readonly VirtualNetworkRef[];
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Mode `existing`: the azurerm provider that manages resources in an
   * existing zone's subscription (its links, and records added through
   * `zoneRef`), called once per subscription id (lower case) of the zone ids.
   * A link or record is created in the provider's subscription and the
   * zone's resource group, so a zone in another subscription needs a
   * provider configured for that subscription; return undefined for the
   * stack's default provider.
   * @default - the default provider for every zone
   */
  readonly providerFor?: (subscriptionId: string) => TerraformProvider | undefined;
  /**
   * Fallback to internet: the links of these zones (`true`: of every zone)
   * get `resolution_policy = "NxDomainRedirect"`, so a name the zone does
   * not hold (a storage account without an endpoint here) resolves through
   * public DNS instead of failing with NXDOMAIN (azurerm 4.55; Azure
   * Verified Modules private DNS zones module #103; Azure-Landing-Zones#448).
   * It weakens the guarantee that a private name never leaves the private
   * path, so it is off unless asked for. Not in mode `policy` (this
   * construct creates no links there).
   * @default false - every link uses `Default` (resolution_policy left out)
   * @throws for a zone this construct does not hold, or in mode `policy`.
   */
  readonly fallbackToInternet?: boolean | readonly string[];
}

/** A zone as records and clusters reference it (`PrivateDnsZones.zoneRef`). */
export interface PrivateDnsZoneRef {
  /** ARM id of the zone. */
  readonly zoneId: string;
  /** The zone's name: a token for a zone this construct creates, so a record waits for it. */
  readonly zoneName: string;
  readonly resourceGroupName: string;
  /** The provider of the zone's subscription; undefined for the stack's default provider. */
  readonly provider?: TerraformProvider;
}

interface ZoneEntry {
  readonly scope: Construct;
  readonly id: string;
  readonly name: string;
  /** The zone name as links reference it: a token for a managed zone, so links wait for it. */
  readonly nameRef: string;
  readonly resourceGroupName: string;
  /** The provider of the zone's subscription (an existing zone elsewhere), or undefined for the default. */
  readonly provider?: TerraformProvider;
  readonly linked: Set<string>;
}

/**
 * The private DNS zones of a topology and their virtual network links.
 *
 * Construct ids derive from zone names (catalogue constants) and virtual
 * network names, so adding a spoke never renames another resource.
 */
export class PrivateDnsZones extends Construct {
  public readonly mode: DnsZoneMode;
  private readonly zones = new Map<string, ZoneEntry>();
  private readonly tags?: Readonly<Record<string, string>>;
  /** Zones whose links resolve unknown names publicly (`fallbackToInternet`). */
  private readonly fallbackZones = new Set<string>();

  constructor(scope: Construct, id: string, props: PrivateDnsZonesProps) {
    super(scope, id);
    this.mode = props.mode ?? "managed";
    this.tags = props.tags;
    const existing = props.existingZoneIds ?? {};
    if (this.mode !== "existing" && Object.keys(existing).length > 0) {
      fail(`${this.node.path}.existingZoneIds`, Object.keys(existing), `zone ids are only used in mode "existing", not "${this.mode}"`, `remove existingZoneIds or set mode "existing"`);
    }
    const names = new Set(props.zoneNames);
    if (this.mode === "managed" && names.size > MAX_PRIVATE_DNS_ZONES_PER_SUBSCRIPTION) {
      fail(`${this.node.path}.zoneNames`, names.size, `a subscription holds at most ${MAX_PRIVATE_DNS_ZONES_PER_SUBSCRIPTION} private DNS zones (Azure limit)`, "create fewer zones here, or import some (mode existing)");
    }
    for (const name of names) {
      if (this.mode === "policy") continue;
      const zoneScope = new Construct(this, name);
      if (this.mode === "managed") {
        const zone = new PrivateDnsZone(zoneScope, "Resource", { name, resourceGroupName: props.resourceGroupName, tags: props.tags ? { ...props.tags } : undefined });
        this.zones.set(name, { scope: zoneScope, id: zone.id, name, nameRef: zone.name, resourceGroupName: props.resourceGroupName, linked: new Set() });
      } else {
        const zoneId = existing[name];
        if (zoneId === undefined) {
          fail(`${this.node.path}.existingZoneIds`, Object.keys(existing), `mode "existing" needs the id of every zone the topology uses, and "${name}" is missing`, `add "${name}": /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${name}`);
        }
        const parsed = parseArmId(zoneId);
        if (!parsed || parsed.type.toLowerCase() !== "microsoft.network/privatednszones" || parsed.name.toLowerCase() !== name) {
          fail(`${this.node.path}.existingZoneIds["${name}"]`, zoneId, `must be the ARM id of a private DNS zone named ${name}`, `use /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/${name}`);
        }
        const provider = props.providerFor?.(parsed.subscriptionId.toLowerCase());
        // Written with the zone's name as given in zoneNames (lower case, as Azure lists zones), whatever the id's casing.
        this.zones.set(name, { scope: zoneScope, id: formatArmId({ ...parsed, name }), name, nameRef: name, resourceGroupName: parsed.resourceGroup, provider, linked: new Set() });
      }
    }
    const fallback = props.fallbackToInternet ?? false;
    if (fallback !== false && (fallback === true || fallback.length > 0)) {
      if (this.mode === "policy") {
        fail(`${this.node.path}.fallbackToInternet`, fallback, `in mode "policy" this construct creates no zone links, and the resolution policy is a setting of the links`, "set NxDomainRedirect on the links Azure Policy or your DNS team creates, or use mode managed or existing");
      }
      const names = fallback === true ? [...this.zones.keys()] : fallback;
      for (const name of names) {
        if (!this.zones.has(name)) fail(`${this.node.path}.fallbackToInternet`, name, `is not a zone of this construct (it holds ${this.zoneNames.join(", ") || "none"})`, "list zones from zoneNames");
        this.fallbackZones.add(name);
      }
    }
    for (const network of props.virtualNetworks ?? []) this.linkVirtualNetwork(network);
  }

  /** Names of the zones this construct creates or imports (none in mode `policy`). */
  public get zoneNames(): string[] {
    return [...this.zones.keys()];
  }

  /** ARM id of a zone, or undefined in mode `policy` or for a zone this construct does not hold. */
  public zoneId(name: string): string | undefined {
    return this.zones.get(name)?.id;
  }

  /**
   * A zone for records: its id, its name as records reference it (a token
   * for a managed zone, so records wait for it), its resource group and the
   * provider of its subscription (undefined: the default provider).
   * Throws for a zone it does not hold (and in mode `policy`).
   */
  public zoneRef(name: string): PrivateDnsZoneRef {
    const entry = this.zones.get(name);
    if (!entry) fail(this.node.path, name, `zone is not part of this construct (it holds ${this.zoneNames.join(", ") || "none"})`, `add "${name}" to zoneNames`);
    return { zoneId: entry.id, zoneName: entry.nameRef, resourceGroupName: entry.resourceGroupName, provider: entry.provider };
  }

  /** ARM ids of the named zones, in order; empty in mode `policy`. Throws for a zone it does not hold. */
  public zoneIds(names: readonly string[]): string[] {
    if (this.mode === "policy") return [];
    return names.map((n) => this.zoneRef(n).zoneId);
  }

  /** Links a virtual network to every zone (registration off). No-op in mode `policy`. */
  public linkVirtualNetwork(network: VirtualNetworkRef): void {
    for (const zone of this.zones.values()) {
      if (zone.linked.has(network.virtualNetworkKey)) {
        fail(`${this.node.path}/${zone.name}`, network.label, "a virtual network can be linked to a zone only once", "remove the duplicate link");
      }
      if (zone.linked.size >= MAX_LINKS_PER_ZONE) {
        fail(`${this.node.path}/${zone.name}`, zone.linked.size + 1, `a private DNS zone holds at most ${MAX_LINKS_PER_ZONE} virtual network links (Azure limit)`, "link fewer spokes (set dnsLinks: false and let them use the hub resolver)");
      }
      zone.linked.add(network.virtualNetworkKey);
      new PrivateDnsZoneVirtualNetworkLink(zone.scope, `Link-${network.label}`, {
        name: `link-${network.label}`,
        resourceGroupName: zone.resourceGroupName,
        privateDnsZoneName: zone.nameRef,
        virtualNetworkId: network.virtualNetworkId,
        registrationEnabled: false,
        resolutionPolicy: this.fallbackZones.has(zone.name) ? "NxDomainRedirect" : undefined,
        tags: this.tags ? { ...this.tags } : undefined,
        provider: zone.provider,
      });
    }
  }

  /** How many virtual networks are linked to a zone. */
  public linkCount(name: string): number {
    return this.zones.get(name)?.linked.size ?? 0;
  }
}
