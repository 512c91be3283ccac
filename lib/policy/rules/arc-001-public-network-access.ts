import { TerraformResource } from "cdktf";
import { IConstruct } from "constructs";
import { isRecord, PolicyContext, PolicyRule, PolicyViolation } from "../rule";

/**
 * ARC-001: an Azure Arc Private Link Scope that also lets machines and
 * clusters reach Arc over public networks, or an Azure Monitor Private
 * Link Scope in the `Open` access mode, in which the connected networks
 * also reach Monitor resources outside the scope over their public
 * endpoints (Microsoft Learn, "Use Azure Private Link to connect networks
 * to Azure Monitor", access modes).
 */
export const PUBLIC_NETWORK_ACCESS: PolicyRule = {
  id: "ARC-001",
  level: "error",
  title: "public network access on an Arc or Monitor scope",
  reason: "private link is the only route the topology means Arc and Monitor traffic to take; public access lets it leave by the internet",
  fix: "set privateLink.publicNetworkAccess: false and the monitor access modes to PrivateOnly (public_network_access_enabled = false, ingestion/query_access_mode = PrivateOnly)",
  types: ["azurerm_arc_private_link_scope", "azurerm_monitor_private_link_scope", "azapi_resource"],
  check(node: IConstruct, context: PolicyContext): PolicyViolation[] {
    const r = node as TerraformResource;
    const a = context.arguments(r);
    switch (r.terraformResourceType) {
      case "azurerm_arc_private_link_scope":
        return a.public_network_access_enabled === true ? [{ detail: "public_network_access_enabled is true on the Arc Private Link Scope", value: true }] : [];
      case "azurerm_monitor_private_link_scope":
        return (["ingestion_access_mode", "query_access_mode"] as const).flatMap((k) => (a[k] === "Open" ? [{ detail: `${k} is Open on the Azure Monitor Private Link Scope`, value: "Open" }] : []));
      default: {
        // The Arc scope through azapi (Microsoft.HybridCompute/privateLinkScopes): publicNetworkAccess in the body.
        const type = typeof a.type === "string" ? a.type.split("@")[0].toLowerCase() : "";
        const properties = isRecord(a.body) && isRecord(a.body.properties) ? a.body.properties : undefined;
        if (type !== "microsoft.hybridcompute/privatelinkscopes" || !properties) return [];
        return properties.publicNetworkAccess === "Enabled" ? [{ detail: "properties.publicNetworkAccess is Enabled on the Arc Private Link Scope", value: "Enabled" }] : [];
      }
    }
  },
};
