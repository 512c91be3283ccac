import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { CLUSTER_CONNECT_AZURE_ROLES, ClusterConnect, ClusterConnectProps } from "../../../lib/arc-kubernetes";
import { stack, synthStack } from "../../support/synth";
import { failure } from "../../support/errors";

const CC = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/edge1";
const A = "9a2b3c4d-0000-4000-8000-000000000001";
const B = "9a2b3c4d-0000-4000-8000-000000000002";
const props: ClusterConnectProps = { connectedClusterId: CC, clusterName: "edge1", resourceGroupName: "rg-k8s" };


function k8sStack(): TerraformStack {
  const s = stack();
  new KubernetesProvider(s, "kubernetes", {});
  return s;
}

function synth(p: Partial<ClusterConnectProps>, s = k8sStack()) {
  const cc = new ClusterConnect(s, "Connect", { ...props, ...p });
  if (cc.token) new TerraformOutput(s, "token", { value: cc.token, sensitive: true });
  return { cc, tf: synthStack(s) };
}

/** Each resource of a type by construct path below `Connect` (the hash suffix of its Terraform name dropped). */
function byPath(tf: Record<string, any>, type: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries<Record<string, unknown>>(tf.resource[type] ?? {}).map(([name, r]) => [name.replace(/^Connect_/, "").replace(/_[0-9A-F]{8}$/, ""), r]));
}

const roleAssignments = (principal: string, principalId = principal) =>
  Object.fromEntries(CLUSTER_CONNECT_AZURE_ROLES.map((role) => [`${role.replace(/ /g, "")}-${principal}`, { scope: CC, role_definition_name: role, principal_id: principalId }]));

describe("ClusterConnect", () => {
  it("names the two Azure roles", () => {
    expect(CLUSTER_CONNECT_AZURE_ROLES).toEqual(["Azure Arc Kubernetes Viewer", "Azure Arc Enabled Kubernetes Cluster User Role"]);
  });

  it("service account: the account, a view binding, a token secret; the token output and --token in the command", () => {
    const { cc, tf } = synth({ serviceAccount: { name: "arc-op" } });
    expect(byPath(tf, "kubernetes_service_account_v1")).toStrictEqual({ ServiceAccount: { metadata: { name: "arc-op", namespace: "default" } } });
    const sa = `\${kubernetes_service_account_v1.${Object.keys(tf.resource.kubernetes_service_account_v1)[0]}.metadata[0].name}`;
    expect(byPath(tf, "kubernetes_cluster_role_binding_v1")).toStrictEqual({
      ServiceAccountBinding: {
        metadata: { name: "arc-op-cluster-connect" },
        role_ref: { api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subject: [{ kind: "ServiceAccount", name: sa, namespace: "default" }],
      },
    });
    expect(byPath(tf, "kubernetes_secret_v1")).toStrictEqual({
      Token: { metadata: { name: "arc-op-token", namespace: "default", annotations: { "kubernetes.io/service-account.name": sa } }, type: "kubernetes.io/service-account-token", wait_for_service_account_token: true },
    });
    expect(tf.output.token).toEqual({ value: `\${kubernetes_secret_v1.${Object.keys(tf.resource.kubernetes_secret_v1)[0]}.data.token}`, sensitive: true });
    expect(tf.resource.azurerm_role_assignment).toBeUndefined();
    expect(cc.proxyCommand).toBe("az connectedk8s proxy -n 'edge1' -g 'rg-k8s' --token <cluster_connect_token>");
  });

  it("service account in a namespace, with its own cluster role over the bindings' role", () => {
    const { tf } = synth({ serviceAccount: { name: "arc-op", namespace: "ops", clusterRole: "cluster-admin" }, clusterRole: "edit", entraObjectIds: [A] });
    expect(byPath(tf, "kubernetes_service_account_v1")).toStrictEqual({ ServiceAccount: { metadata: { name: "arc-op", namespace: "ops" } } });
    const sa = `\${kubernetes_service_account_v1.${Object.keys(tf.resource.kubernetes_service_account_v1)[0]}.metadata[0].name}`;
    expect(byPath(tf, "kubernetes_cluster_role_binding_v1")).toStrictEqual({
      ServiceAccountBinding: {
        metadata: { name: "arc-op-cluster-connect" },
        role_ref: { api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
        subject: [{ kind: "ServiceAccount", name: sa, namespace: "ops" }],
      },
      EntraBinding: {
        metadata: { name: "arc-cluster-connect-entra" },
        role_ref: { api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
        subject: [{ kind: "User", name: A, api_group: "rbac.authorization.k8s.io" }],
      },
    });
    expect(byPath(tf, "kubernetes_secret_v1")).toStrictEqual({
      Token: { metadata: { name: "arc-op-token", namespace: "ops", annotations: { "kubernetes.io/service-account.name": sa } }, type: "kubernetes.io/service-account-token", wait_for_service_account_token: true },
    });
  });

  it("Entra object ids: one ClusterRoleBinding with a User subject each, view by default; no token", () => {
    const { cc, tf } = synth({ entraObjectIds: [A, B] });
    expect(byPath(tf, "kubernetes_cluster_role_binding_v1")).toStrictEqual({
      EntraBinding: {
        metadata: { name: "arc-cluster-connect-entra" },
        role_ref: { api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subject: [
          { kind: "User", name: A, api_group: "rbac.authorization.k8s.io" },
          { kind: "User", name: B, api_group: "rbac.authorization.k8s.io" },
        ],
      },
    });
    expect(cc.token).toBeUndefined();
    expect(tf.resource.kubernetes_secret_v1).toBeUndefined();
    expect(cc.proxyCommand).toBe("az connectedk8s proxy -n 'edge1' -g 'rg-k8s'");
  });

  it("Azure RBAC: the two roles on the connected cluster per principal, construct ids from the principal in lower case", () => {
    const upper = B.toUpperCase();
    const s = stack();
    const { tf } = synth({ azureRbacPrincipalIds: [A, upper] }, s);
    expect(byPath(tf, "azurerm_role_assignment")).toStrictEqual({ ...roleAssignments(A), ...roleAssignments(B, upper) });
    expect(tf.resource.kubernetes_cluster_role_binding_v1).toBeUndefined();
  });

  it("writes every Kubernetes resource through the given provider", () => {
    const s = k8sStack();
    const edge = new KubernetesProvider(s, "edge", { alias: "edge" });
    const { tf } = synth({ serviceAccount: { name: "arc-op" }, entraObjectIds: [A], azureRbacPrincipalIds: [B], kubernetesProvider: edge }, s);
    const providers = ["kubernetes_service_account_v1", "kubernetes_cluster_role_binding_v1", "kubernetes_secret_v1"].flatMap((t) => Object.values<{ provider?: string }>(tf.resource[t]).map((r) => r.provider));
    expect(providers).toEqual(["kubernetes.edge", "kubernetes.edge", "kubernetes.edge", "kubernetes.edge"]);
    expect(Object.values<{ provider?: string }>(tf.resource.azurerm_role_assignment).map((r) => r.provider)).toEqual([undefined, undefined]);
  });

  it("quotes the proxy command's values", () => {
    expect(synth({ clusterName: "edge '1'", resourceGroupName: "rg k8s", entraObjectIds: [A] }).cc.proxyCommand).toBe("az connectedk8s proxy -n 'edge '\\''1'\\''' -g 'rg k8s'");
  });

  it("fails without a way to authorize; passes with any one of the three", () => {
    const unauthorized = 'test/Connect: cluster connect needs a way to authorize: a service account, Entra object ids or Azure RBAC principals; got "{}". Fix: set serviceAccount, entraObjectIds or azureRbacPrincipalIds';
    expect(failure(() => synth({}))).toBe(unauthorized);
    expect(failure(() => synth({ entraObjectIds: [], azureRbacPrincipalIds: [] }))).toBe(unauthorized);
    expect(() => synth({ serviceAccount: { name: "sa" } })).not.toThrow();
    expect(() => synth({ entraObjectIds: [A] })).not.toThrow();
    expect(() => synth({ azureRbacPrincipalIds: [A] })).not.toThrow();
  });

  it("fails when an object id is not a GUID (a character short, long or out of place); passes a GUID in either case", () => {
    for (const list of ["entraObjectIds", "azureRbacPrincipalIds"] as const) {
      const notGuid = (i: number, value: string) => `test/Connect.${list}[${i}]: must be an Entra object id (a GUID); got "${value}". Fix: copy it from \`az ad user show --id <upn> --query id\` or the portal`;
      expect(failure(() => synth({ [list]: [A, "alice@contoso.com"] }))).toBe(notGuid(1, "alice@contoso.com"));
      const bad = [A.slice(0, -1), `${A}0`, `x${A}`, `${A}x`, ` ${A}`, A.replace("-4000-", "-400g-"), A.replace(/-/g, ""), `{${A}}`];
      expect(bad.map((b) => failure(() => synth({ [list]: [b] })))).toEqual(bad.map((b) => notGuid(0, b)));
      expect(() => synth({ [list]: [A, B.toUpperCase(), "ABCDEF01-abcd-ABCD-abcd-0123456789AB"] })).not.toThrow();
    }
  });

  it("fails when an object id repeats in a list (any casing); the same id in both lists is fine", () => {
    for (const list of ["entraObjectIds", "azureRbacPrincipalIds"] as const) {
      expect(failure(() => synth({ [list]: [A, B, A] }))).toBe(`test/Connect.${list}[2]: is the same object id as ${list}[0] (GUIDs compare case-insensitively); got "${A}". Fix: list it once`);
      expect(failure(() => synth({ [list]: [B, A, A.toUpperCase()] }))).toBe(`test/Connect.${list}[2]: is the same object id as ${list}[1] (GUIDs compare case-insensitively); got "${A.toUpperCase()}". Fix: list it once`);
      expect(failure(() => synth({ [list]: [A.toUpperCase(), A] }))).toBe(`test/Connect.${list}[1]: is the same object id as ${list}[0] (GUIDs compare case-insensitively); got "${A}". Fix: list it once`);
    }
    expect(() => synth({ entraObjectIds: [A, B], azureRbacPrincipalIds: [A, B] })).not.toThrow();
  });

  it("takes ids known only at apply, unchecked", () => {
    const s = k8sStack();
    const principal = new TerraformVariable(s, "principal", { type: "string" });
    const { tf } = synth({ entraObjectIds: [principal.stringValue, principal.stringValue, A] }, s);
    expect((byPath(tf, "kubernetes_cluster_role_binding_v1").EntraBinding as { subject: unknown[] }).subject).toEqual([
      { kind: "User", name: "${var.principal}", api_group: "rbac.authorization.k8s.io" },
      { kind: "User", name: "${var.principal}", api_group: "rbac.authorization.k8s.io" },
      { kind: "User", name: A, api_group: "rbac.authorization.k8s.io" },
    ]);
  });
});
