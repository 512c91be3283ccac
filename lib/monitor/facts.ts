/**
 * Azure Monitor private link facts without provider classes (the topology
 * schema loads them; the constructs and their azurerm classes load only
 * when a topology has a Monitor scope).
 */

/** Resource types an Azure Monitor Private Link Scope can hold (Microsoft Learn, "Use Azure Private Link to connect networks to Azure Monitor"), in the casing the azurerm id parsers require. */
export const MONITOR_SCOPED_TYPES = ["Microsoft.OperationalInsights/workspaces", "Microsoft.Insights/dataCollectionEndpoints", "Microsoft.Insights/components"] as const;
