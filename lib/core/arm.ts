/**
 * ARM resource ids, parsed in one place.
 *
 * Azure Resource Manager treats the static segments of an id
 * (`subscriptions`, `resourceGroups`, `providers`, the namespace and the
 * type) case-insensitively, and `az` often prints them in lower case
 * (`/resourcegroups/.../providers/microsoft.network/privatednszones/...`).
 * The azurerm provider's id parsers do not: they want the canonical casing
 * (`/resourceGroups/`, `Microsoft.Network/privateDnsZones`), and
 * `terraform validate` fails with "parsing the PrivateDnsZone ID" otherwise.
 * So ids are accepted in any casing and written in the canonical one for
 * every type in `ARM_RESOURCE_TYPES`; names and resource groups keep their
 * casing (Azure preserves it).
 */
import { createHash } from "node:crypto";

/** Resource types the library reads from users, in the casing the azurerm parsers require. */
export const ARM_RESOURCE_TYPES = [
  "Microsoft.Automation/automationAccounts",
  "Microsoft.ContainerService/managedClusters",
  "Microsoft.HybridCompute/gateways",
  "Microsoft.HybridCompute/machines",
  "Microsoft.HybridCompute/privateLinkScopes",
  "Microsoft.Insights/components",
  "Microsoft.Insights/dataCollectionEndpoints",
  "Microsoft.Insights/privateLinkScopes",
  "Microsoft.KeyVault/vaults",
  "Microsoft.Kubernetes/connectedClusters",
  "Microsoft.Network/expressRouteCircuits",
  "Microsoft.Network/privateDnsZones",
  "Microsoft.Network/virtualNetworks",
  "Microsoft.OperationalInsights/workspaces",
  "Microsoft.Storage/storageAccounts",
] as const;

const CANONICAL_TYPE = new Map<string, string>(ARM_RESOURCE_TYPES.map((t) => [t.toLowerCase(), t]));

/** Parts of a top-level ARM resource id. */
export interface ArmId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** `Microsoft.KeyVault/vaults`: canonical casing for a type of `ARM_RESOURCE_TYPES`, else as written. */
  readonly type: string;
  readonly name: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID (subscription, tenant or Entra object id) in any casing: 8-4-4-4-12 hexadecimal digits. */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/**
 * A top-level resource id: static segments in any casing; a resource group
 * of ARM's characters (1-90 of letters, digits, `-_.()`, not ending in `.`);
 * a name without whitespace and without the characters no Azure resource
 * name may hold (`< > % & : \ ? / * + #`), nor quotes, braces, `$`, `|`,
 * `^` or backticks, so an id is safe in Terraform strings and shell words.
 */
const ARM_ID = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resourcegroups\/([-\w._()]{0,89}[-\w_()])\/providers\/([a-z][a-z0-9.]*)\/([a-z][a-z0-9]*)\/([^\s/<>%&:\\?*+#"'{}$|^`]+)$/i;

/** Parses a top-level ARM resource id written in any casing, or returns undefined. */
export function parseArmId(id: string): ArmId | undefined {
  const m = ARM_ID.exec(id);
  if (!m) return undefined;
  const written = `${m[3]}/${m[4]}`;
  return { subscriptionId: m[1], resourceGroup: m[2], type: CANONICAL_TYPE.get(written.toLowerCase()) ?? written, name: m[5] };
}

/** `/subscriptions/<id>/resourceGroups/<rg>/providers/<type>/<name>`. */
export function formatArmId(id: ArmId): string {
  return `/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroup}/providers/${id.type}/${id.name}`;
}

/** The id in the casing the providers require, or undefined when it is not a top-level ARM id. */
export function canonicalArmId(id: string): string | undefined {
  const parsed = parseArmId(id);
  return parsed && formatArmId(parsed);
}

/**
 * An id as a provider argument: in canonical casing when it parses, else
 * unchanged (a token, or an id of a shape this library does not parse, such
 * as a child resource).
 */
export function armIdArgument(id: string): string {
  return canonicalArmId(id) ?? id;
}

/** Whether an id names a resource of `type` (any casing). */
export function isArmIdOf(id: string, type: string): boolean {
  return parseArmId(id)?.type.toLowerCase() === type.toLowerCase();
}

/** A comparison key: two ids name the same resource exactly when their keys are equal (ARM ids are case-insensitive). */
export function armIdKey(id: string): string {
  return (canonicalArmId(id) ?? id).toLowerCase();
}

/** Six hex characters that stand for `text` (SHA-256), for names that must be made unique. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/**
 * Labels for resources identified by ARM id, one each, for construct ids,
 * Azure names and output keys: the item's `base` (e.g. `<type>-<name>`)
 * where no other resource of the list shares it (case-insensitively), else
 * `<base>-<shortHash(id)>`. The hash depends only on the resource's own id,
 * so the order of the list never changes a label; a label changes only when
 * a second resource with the same base joins the list. Items with the same
 * id (any casing) get the same label.
 */
export function uniqueLabels(items: ReadonlyArray<{ readonly id: string; readonly base: string }>): string[] {
  const labels = items.map((i) => i.base);
  // A label another resource also has gets its id's hash; repeat, since a hashed label may equal another's
  // base (a resource named like `web01-0f06c7`). Each round adds a hash to at least one label.
  for (let round = 0; round < items.length + 1; round++) {
    const holders = new Map<string, Set<string>>();
    labels.forEach((l, i) => holders.set(l.toLowerCase(), (holders.get(l.toLowerCase()) ?? new Set()).add(armIdKey(items[i].id))));
    const shared = labels.map((l) => (holders.get(l.toLowerCase())?.size ?? 0) > 1);
    if (!shared.includes(true)) break;
    labels.forEach((l, i) => {
      if (shared[i]) labels[i] = `${l}-${shortHash(round === 0 ? armIdKey(items[i].id) : `${round}:${armIdKey(items[i].id)}`)}`;
    });
  }
  return labels;
}
