import { TerraformResource } from "cdktf";
import { IConstruct } from "constructs";
import { PolicyContext, PolicyRule, PolicyViolation } from "../rule";

/**
 * ARC-005: a private AKS cluster (`private_cluster_enabled`) that still has
 * a public FQDN for its API server, or local accounts (a static
 * cluster-admin credential outside Entra ID; azurerm leaves them on unless
 * `local_account_disabled`). Microsoft Learn, "Create a private Azure
 * Kubernetes Service (AKS) cluster"; "Manage local accounts with AKS-managed
 * Microsoft Entra integration".
 */
export const AKS_PUBLIC_ACCESS: PolicyRule = {
  id: "ARC-005",
  level: "warning",
  title: "a private AKS cluster with a public FQDN or local accounts",
  reason: "a public FQDN publishes the API server's private address in public DNS, and a local account is a credential that bypasses Entra ID",
  fix: "set publicFqdn: false with a private DNS zone (custom or System), and keep local accounts disabled (local_account_disabled = true)",
  types: ["azurerm_kubernetes_cluster"],
  check(node: IConstruct, context: PolicyContext): PolicyViolation[] {
    const a = context.arguments(node as TerraformResource);
    if (a.private_cluster_enabled !== true) return [];
    const found: PolicyViolation[] = [];
    if (a.private_cluster_public_fqdn_enabled === true) found.push({ detail: "private_cluster_public_fqdn_enabled is true: the API server has a public FQDN", value: true });
    if (a.local_account_disabled !== true) found.push({ detail: "local_account_disabled is not true: the cluster has local accounts", value: a.local_account_disabled ?? null });
    return found;
  },
};
