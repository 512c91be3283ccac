import { Testing } from "cdktf";
import { parse } from "@cdktf/hcl2json";
import { kubernetesStackName } from "../../topology/facts";
import { TopologyInput } from "../../topology/schema";
import { validateTopology as valid } from "../../topology/load";
import { buildApp, example, problemLines as problems, resources, synthTopology, topologyInput } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const chart = { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" };
type Cluster = NonNullable<NonNullable<TopologyInput["kubernetes"]>["clusters"]>[number];

function cluster(overrides: Partial<Cluster> = {}): Cluster {
  return { name: "edge1", serviceCidr: "10.43.0.0/16", chart, ...overrides };
}
/** Private link: the small hub topology with one cluster. */
function plTopology(clusters: Cluster[] = [cluster()], extra: Partial<TopologyInput> = {}): TopologyInput {
  return topologyInput({ subscriptionId: SUB, kubernetes: { clusters }, ...extra });
}
/** Gateway: one gateway, one cluster through it. */
function gwTopology(clusters: Cluster[] = [cluster({ gateway: "east" })]): TopologyInput {
  return { name: "contoso", location: "eastus", subscriptionId: SUB, arcGateways: [{ name: "east" }], kubernetes: { clusters } };
}

describe("kubernetes.clusters rules", () => {
  it("accepts private-link and gateway clusters", () => {
    expect(problems(plTopology())).toEqual([]);
    expect(problems(gwTopology())).toEqual([]);
  });

  it("refuses cluster connect, custom locations and another region on a private-link cluster", () => {
    expect(problems(plTopology([cluster({ clusterConnect: { entraObjectIds: ["9a2b3c4d-0000-4000-8000-000000000001"] } })]))).toEqual([
      'kubernetes.clusters[0].clusterConnect: Azure Arc private link does not support cluster connect or custom locations (Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link"); got ["entraObjectIds"]. Fix: remove clusterConnect, or connect this cluster through an Arc gateway in a topology of its own',
    ]);
    expect(problems(plTopology([cluster({ customLocations: true })]))).toEqual([expect.stringMatching(/^kubernetes\.clusters\[0\]\.customLocations: Azure Arc private link does not support cluster connect or custom locations/)]);
    expect(problems(plTopology([cluster({ location: "northeurope" })]))).toEqual([
      'kubernetes.clusters[0].location: a private-link cluster must be in its Private Link Scope\'s region (westeurope); got "northeurope". Fix: remove location or set it to westeurope',
    ]);
  });

  it("checks the proxy skip range and TLS inspection through a gateway", () => {
    const proxy = { https: "http://p:3128", skipRange: ["10.96.0.0/12", "kubernetes.default.svc", ".svc.cluster.local", ".svc"], tlsInspection: true };
    expect(problems(gwTopology([cluster({ gateway: "east", proxy })]))).toEqual([
      expect.stringMatching(/^kubernetes\.clusters\[0\]\.proxy\.tlsInspection: the Arc gateway does not support TLS-terminating/),
      expect.stringMatching(/^kubernetes\.clusters\[0\]\.proxy\.skipRange: the skip range must cover the cluster's service CIDR \(10\.43\.0\.0\/16\)/),
    ]);
    expect(problems(plTopology([cluster({ proxy: { https: "http://p:3128", skipRange: ["10.43.0.0/16"] } })]))).toEqual([
      expect.stringMatching(/^kubernetes\.clusters\[0\]\.proxy\.skipRange: the skip range must hold kubernetes\.default\.svc, \.svc\.cluster\.local, \.svc; missing/),
    ]);
  });

  it("needs private link or a known gateway, unique names, a way to authorize cluster connect, and an exact chart version", () => {
    expect(problems(gwTopology([cluster({ gateway: "eats" })]))).toEqual([
      'kubernetes.clusters[0].gateway: names no arcGateways entry; got "eats". Fix: did you mean "east"?',
    ]);
    expect(problems(gwTopology([cluster()]))).toEqual([expect.stringMatching(/^kubernetes\.clusters\[0\]: a cluster connects through the topology's private link scope or an Arc gateway/)]);
    expect(problems(plTopology([cluster(), cluster()]))).toEqual([expect.stringMatching(/^kubernetes\.clusters\[1\]\.name: cluster names are unique/)]);
    expect(problems(gwTopology([cluster({ gateway: "east", clusterConnect: {} })]))).toEqual([expect.stringMatching(/^kubernetes\.clusters\[0\]\.clusterConnect: cluster connect needs a way to authorize/)]);
    expect(problems(plTopology([cluster({ chart: { repository: chart.repository, version: "latest" } })]))).toEqual([expect.stringMatching(/^kubernetes\.clusters\[0\]\.chart\.version: an exact chart version/)]);
    expect(problems(plTopology([cluster({ chart: { version: "1.36.1" } as never })]))).toEqual([expect.stringMatching(/^kubernetes\.clusters\[0\]\.chart\.repository: /)]);
  });
});

describe("ArcKubernetesStack, private link", () => {
  const stacks = synthTopology(valid(plTopology()));
  const tf = stacks["contoso-k8s-edge1"];

  it("is one stack per cluster, after the hub stack", () => {
    expect(Object.keys(stacks)).toEqual(["contoso-connectivity", "contoso-k8s-edge1"]);
    expect(kubernetesStackName({ name: "a" }, { name: "b" })).toBe("a-k8s-b");
    const { stacks: built } = buildApp(valid(plTopology()));
    expect(built[1].dependencies).toEqual([built[0]]);
  });

  it("creates the connected cluster by PUT with private link on and the hub's scope, and the public key from the generated key pair", () => {
    const [key] = resources(tf, "tls_private_key");
    expect(key).toEqual(expect.objectContaining({ algorithm: "RSA", rsa_bits: 4096 }));
    const [cc] = resources(tf, "azapi_resource");
    expect(cc.type).toBe("Microsoft.Kubernetes/connectedClusters@2026-05-01");
    expect(cc.identity).toEqual([{ type: "SystemAssigned" }]);
    expect(cc.body.properties).toEqual({
      agentPublicKeyCertificate: expect.stringMatching(/^\$\{replace\(replace\(replace\(tls_private_key\.arc_onboarding_key\.public_key_pem, "-----BEGIN PUBLIC KEY-----", ""\), "-----END PUBLIC KEY-----", ""\), "\\n", ""\)\}$/),
      distribution: "generic",
      infrastructure: "generic",
      privateLinkState: "Enabled",
      privateLinkScopeResourceId: `/subscriptions/${SUB}/resourceGroups/rg-contoso-connectivity/providers/Microsoft.HybridCompute/privateLinkScopes/pls-contoso-arc`,
    });
    expect(resources(tf, "azapi_update_resource")).toEqual([]);
  });

  it("installs the agents chart with the CLI's values, the private key only through set_sensitive, cluster connect off", () => {
    const [release] = resources(tf, "helm_release");
    expect(release).toEqual(expect.objectContaining({ name: "azure-arc", namespace: "azure-arc-release", create_namespace: true, repository: chart.repository, chart: "azure-arc-k8sagents", version: "1.36.1" }));
    expect(release.set_sensitive).toEqual([{ name: "global.onboardingPrivateKey", value: "${tls_private_key.arc_onboarding_key.private_key_pem}" }]);
    // Two values files: the literal values (JSON is YAML), then the references alone through yamlencode.
    expect(release.values).toHaveLength(2);
    expect(JSON.parse(release.values[0])).toEqual({
      global: { subscriptionId: SUB, resourceGroupName: "rg-contoso-k8s-edge1", resourceName: "edge1", location: "westeurope", kubernetesDistro: "generic", kubernetesInfra: "generic", azureEnvironment: "AZUREPUBLICCLOUD", isProxyEnabled: false },
      systemDefaultValues: { spnOnboarding: false, "clusterconnect-agent": { enabled: false } },
    });
    expect(release.values[1]).toBe('${yamlencode({"global" = {"tenantId" = data.azurerm_client_config.client_config.tenant_id}})}');
    expect(JSON.stringify(release.values)).not.toMatch(/PRIVATE KEY|onboardingPrivateKey/);
    expect(tf.provider.kubernetes).toEqual([{ config_path: "~/.kube/config" }]);
    expect(tf.output.cluster_connect_token).toBeUndefined();
  });

  it("keeps every secret out of the JSON as plain text", () => {
    const text = JSON.stringify(tf);
    expect(text).not.toMatch(/BEGIN (RSA )?PRIVATE KEY/);
    for (const r of resources(tf, "helm_release")) expect(JSON.stringify(r.values)).not.toContain("private_key_pem");
  });
});

describe("ArcKubernetesStack, gateway and cluster connect", () => {
  const input = gwTopology([
    cluster({
      gateway: "east",
      connection: { type: "token" },
      proxy: { https: "http://proxy:3128" },
      clusterConnect: { serviceAccount: { name: "arc-op" }, entraObjectIds: ["9a2b3c4d-0000-4000-8000-000000000001"], azureRbacPrincipalIds: ["9a2b3c4d-0000-4000-8000-000000000002"] },
    }),
  ]);
  const stacks = synthTopology(valid(input));
  const tf = stacks["contoso-k8s-edge1"];

  it("associates the cluster with the gateway stack's gateway, by id built from its names", () => {
    const [cc] = resources(tf, "azapi_resource");
    expect(cc.body.properties.privateLinkState).toBe("Disabled");
    expect(cc.body.properties.privateLinkScopeResourceId).toBeUndefined();
    const settings = resources(tf, "azapi_update_resource").find((r) => r.name === "default");
    expect(settings?.body.properties.gatewayProperties.gatewayResourceId).toBe(`/subscriptions/${SUB}/resourceGroups/rg-contoso-arcgw-east/providers/Microsoft.HybridCompute/gateways/arcgw-contoso-east`);
    const { stacks: built } = buildApp(valid(input));
    expect(built[built.length - 1].dependencies.map((d) => d.node.id)).toEqual(["contoso-gateway-east"]);
  });

  it("passes proxy values with the default skip range, and turns the cluster-connect agent on", () => {
    const values = JSON.parse(resources(tf, "helm_release")[0].values[0]);
    expect(values.global).toEqual({
      subscriptionId: SUB, resourceGroupName: "rg-contoso-k8s-edge1", resourceName: "edge1", location: "eastus", kubernetesDistro: "generic", kubernetesInfra: "generic", azureEnvironment: "AZUREPUBLICCLOUD",
      isProxyEnabled: true, httpsProxy: "http://proxy:3128", httpProxy: "http://proxy:3128", noProxy: "10.43.0.0/16,kubernetes.default.svc,.svc.cluster.local,.svc",
    });
    expect(values.systemDefaultValues).toEqual({ spnOnboarding: false, "clusterconnect-agent": { enabled: true } });
  });

  it("takes host, token and CA certificate as variables, the token sensitive", () => {
    expect(tf.variable.kube_token).toEqual(expect.objectContaining({ sensitive: true, nullable: false }));
    expect(tf.variable.kube_host.sensitive).toBeUndefined();
    expect(tf.provider.kubernetes).toEqual([{ host: "${var.kube_host}", token: "${var.kube_token}", cluster_ca_certificate: "${var.kube_cluster_ca_certificate}" }]);
    expect(tf.provider.helm).toEqual([{ kubernetes: { host: "${var.kube_host}", token: "${var.kube_token}", cluster_ca_certificate: "${var.kube_cluster_ca_certificate}" } }]);
  });

  it("authorizes cluster connect three ways and outputs the command and the sensitive token", () => {
    const [secret] = resources(tf, "kubernetes_secret_v1");
    expect(secret).toEqual(expect.objectContaining({ type: "kubernetes.io/service-account-token", wait_for_service_account_token: true }));
    expect(secret.metadata.annotations).toEqual({ "kubernetes.io/service-account.name": "${kubernetes_service_account_v1.cluster_connect_service_account.metadata[0].name}" });
    const bindings = resources(tf, "kubernetes_cluster_role_binding_v1");
    expect(bindings.map((b) => [b.role_ref.name, b.subject.map((s: { kind: string; name: string }) => `${s.kind}:${s.name}`)]).sort()).toEqual([
      ["view", ["ServiceAccount:${kubernetes_service_account_v1.cluster_connect_service_account.metadata[0].name}"]],
      ["view", ["User:9a2b3c4d-0000-4000-8000-000000000001"]],
    ]);
    expect(resources(tf, "azurerm_role_assignment").map((r) => r.role_definition_name).sort()).toEqual(["Azure Arc Enabled Kubernetes Cluster User Role", "Azure Arc Kubernetes Viewer"]);
    expect(tf.output.cluster_connect_token).toEqual(expect.objectContaining({ sensitive: true, value: "${kubernetes_secret_v1.cluster_connect_token.data.token}" }));
    expect(tf.output.cluster_connect_proxy_command.value).toBe("az connectedk8s proxy -n 'edge1' -g 'rg-contoso-k8s-edge1' --token <cluster_connect_token>");
  });

  it("adds the cluster-connect endpoints to the gateway's allowlist", () => {
    const gw = stacks["contoso-gateway-east"];
    expect(gw.output.allowlist_kubernetes.value).toEqual(expect.arrayContaining(["*.servicebus.windows.net", "guestnotificationservice.azure.com", "*.guestnotificationservice.azure.com"]));
    const without = synthTopology(valid(gwTopology()))["contoso-gateway-east"];
    expect(without.output.allowlist_kubernetes.value).not.toContain("*.servicebus.windows.net");
  });

  it("writes helm 3's nested attributes as attributes in HCL", async () => {
    const { stacks: built } = buildApp(valid(input));
    const hcl: string = Testing.synthHcl(built[built.length - 1]);
    expect(hcl).toMatch(/provider "helm" \{\s*kubernetes = \{/);
    expect(hcl).toMatch(/set_sensitive = \[\s*\{\s*name\s+= "global\.onboardingPrivateKey"/);
    expect(hcl).not.toMatch(/set_sensitive \{|kubernetes \{/);
    const parsed = (await parse("cdk.tf", hcl)) as Record<string, any>;
    expect(parsed.provider.helm[0].kubernetes).toEqual(expect.objectContaining({ host: "${var.kube_host}" }));
  });

  it("snapshot", () => {
    const { stacks: built } = buildApp(valid(input));
    expect(Testing.synth(built[built.length - 1])).toMatchSnapshot();
  });
});

describe("ArcKubernetesStack, the default example", () => {
  // The constructs' own tests are in __tests__/lib/arc-kubernetes.
  it("the default example's cluster uses private link and no cluster connect", () => {
    const tf = synthTopology(example("private-link.yaml"))["contoso-k8s-factory1"];
    expect(resources(tf, "azapi_resource")[0].body.properties.privateLinkState).toBe("Enabled");
    expect(tf.provider.kubernetes).toEqual([{ config_path: "~/.kube/factory1.yaml", config_context: "factory1" }]);
    expect(resources(tf, "kubernetes_secret_v1")).toEqual([]);
  });

  it("registers the Arc Kubernetes resource providers only, plus Microsoft.HybridCompute through a gateway (the cluster's settings resource)", () => {
    const registered = (tf: Record<string, Record<string, Array<Record<string, unknown>>>>) => [tf.provider.azurerm[0].resource_provider_registrations, tf.provider.azurerm[0].resource_providers_to_register];
    const privateLink = synthTopology(example("private-link.yaml"))["contoso-k8s-factory1"];
    expect(registered(privateLink)).toEqual(["none", ["Microsoft.ExtendedLocation", "Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration"]]);
    const [viaGateway] = Object.entries(synthTopology(valid(gwTopology()))).filter(([name]) => name.includes("-k8s-")).map(([, tf]) => tf);
    expect(registered(viaGateway)).toEqual(["none", ["Microsoft.ExtendedLocation", "Microsoft.HybridCompute", "Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration"]]);
  });
});
