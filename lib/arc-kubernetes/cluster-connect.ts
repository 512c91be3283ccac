import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Fn, TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { fail, isGuid, shellQuote } from "../core";

/** The Azure roles for cluster connect with Azure RBAC (Microsoft Learn, "Use cluster connect to securely connect to Azure Arc-enabled Kubernetes clusters"). */
export const CLUSTER_CONNECT_AZURE_ROLES = ["Azure Arc Kubernetes Viewer", "Azure Arc Enabled Kubernetes Cluster User Role"] as const;

export interface ClusterConnectProps {
  /** ARM id of the connected cluster. */
  readonly connectedClusterId: string;
  readonly clusterName: string;
  readonly resourceGroupName: string;
  /** A service account with a ClusterRoleBinding and a `kubernetes.io/service-account-token` secret: `token` holds its token. @default - none */
  readonly serviceAccount?: { readonly name: string; readonly namespace?: string; readonly clusterRole?: string };
  /** Entra ID object ids bound to a cluster role by a ClusterRoleBinding. @default - none */
  readonly entraObjectIds?: readonly string[];
  /** Cluster role of the bindings. @default "view" (least privilege; the cluster connect article binds cluster-admin) */
  readonly clusterRole?: string;
  /** Principals that get the two Azure roles on the connected cluster (Azure RBAC on the cluster). @default - none */
  readonly azureRbacPrincipalIds?: readonly string[];
  /** @default - the stack's default kubernetes provider */
  readonly kubernetesProvider?: TerraformProvider;
}


/**
 * Cluster connect (Microsoft Learn, "Use cluster connect to securely connect to Azure Arc-enabled Kubernetes clusters"): `az connectedk8s proxy` reaches the API
 * server through Azure Arc. Three ways to authorize, any combination: a
 * service account token, ClusterRoleBindings for Entra object ids, or the
 * two Azure roles on the connected cluster.
 */
export class ClusterConnect extends Construct {
  /** The service account's token (sensitive), when there is a service account. */
  public readonly token?: string;
  /** `az connectedk8s proxy -n <cluster> -g <rg>`; with a service account add `--token <token>`. */
  public readonly proxyCommand: string;

  constructor(scope: Construct, id: string, props: ClusterConnectProps) {
    super(scope, id);
    const role = props.clusterRole ?? "view";
    const provider = props.kubernetesProvider;
    const ids = props.entraObjectIds ?? [];
    const principals = props.azureRbacPrincipalIds ?? [];
    if (!props.serviceAccount && ids.length === 0 && principals.length === 0) {
      fail(this.node.path, "{}", "cluster connect needs a way to authorize: a service account, Entra object ids or Azure RBAC principals", "set serviceAccount, entraObjectIds or azureRbacPrincipalIds");
    }
    for (const [list, values] of [["entraObjectIds", ids], ["azureRbacPrincipalIds", principals]] as const) {
      const seen = new Map<string, number>();
      values.forEach((value, i) => {
        if (Token.isUnresolved(value)) return;
        if (!isGuid(value)) fail(`${this.node.path}.${list}[${i}]`, value, "must be an Entra object id (a GUID)", "copy it from `az ad user show --id <upn> --query id` or the portal");
        // One principal once: Azure refuses a second identical role assignment, and the construct ids would clash.
        const first = seen.get(value.toLowerCase());
        if (first !== undefined) fail(`${this.node.path}.${list}[${i}]`, value, `is the same object id as ${list}[${first}] (GUIDs compare case-insensitively)`, "list it once");
        seen.set(value.toLowerCase(), i);
      });
    }
    if (props.serviceAccount) {
      const ns = props.serviceAccount.namespace ?? "default";
      const sa = new ServiceAccountV1(this, "ServiceAccount", { metadata: { name: props.serviceAccount.name, namespace: ns }, provider });
      new ClusterRoleBindingV1(this, "ServiceAccountBinding", {
        metadata: { name: `${props.serviceAccount.name}-cluster-connect` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: props.serviceAccount.clusterRole ?? role },
        subject: [{ kind: "ServiceAccount", name: sa.metadata.name, namespace: ns }],
        provider,
      });
      const secret = new SecretV1(this, "Token", {
        metadata: { name: `${props.serviceAccount.name}-token`, namespace: ns, annotations: { "kubernetes.io/service-account.name": sa.metadata.name } },
        type: "kubernetes.io/service-account-token",
        waitForServiceAccountToken: true,
        provider,
      });
      this.token = Token.asString(Fn.lookup(secret.data, "token", ""));
    }
    if (ids.length > 0) {
      new ClusterRoleBindingV1(this, "EntraBinding", {
        metadata: { name: "arc-cluster-connect-entra" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
        subject: ids.map((objectId) => ({ kind: "User", name: objectId, apiGroup: "rbac.authorization.k8s.io" })),
        provider,
      });
    }
    // Construct ids from the principal (not its position), so removing one never recreates another's grants.
    principals.forEach((principalId) => {
      CLUSTER_CONNECT_AZURE_ROLES.forEach((roleName) => {
        new RoleAssignment(this, `${roleName.replace(/\s/g, "")}-${principalId.toLowerCase()}`, { scope: props.connectedClusterId, roleDefinitionName: roleName, principalId });
      });
    });
    this.proxyCommand = `az connectedk8s proxy -n ${shellQuote(props.clusterName)} -g ${shellQuote(props.resourceGroupName)}${props.serviceAccount ? " --token <cluster_connect_token>" : ""}`;
  }
}
