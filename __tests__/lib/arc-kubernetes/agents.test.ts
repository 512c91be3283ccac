import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { ARC_AGENTS_RELEASE, ArcKubernetesAgents, ArcKubernetesAgentsProps, EXACT_VERSION, Helm3Provider } from "../../../lib/arc-kubernetes";
import { AzapiProvider } from "../../../lib/azapi";
import { stack, synthStack } from "../../support/synth";
import { failure } from "../../support/errors";

const SUB = "00000000-0000-0000-0000-000000000000";
const TENANT = "11111111-1111-1111-1111-111111111111";
const chart = { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" };
const base: Omit<ArcKubernetesAgentsProps, "connectivity"> = {
  name: "edge1",
  resourceGroupId: `/subscriptions/${SUB}/resourceGroups/rg-k8s`,
  resourceGroupName: "rg-k8s",
  location: "westeurope",
  subscriptionId: SUB,
  tenantId: TENANT,
  distribution: "k3s",
  infrastructure: "generic",
  chart,
};
const PLS = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.HybridCompute/privateLinkScopes/pls-contoso-arc`;
const GW = `/subscriptions/${SUB}/resourceGroups/rg-gw/providers/Microsoft.HybridCompute/gateways/arcgw-east`;


/** A stack with the providers the agents use. */
function k8sStack(): TerraformStack {
  const s = stack();
  new AzapiProvider(s, "azapi", {});
  new TlsProvider(s, "tls", {});
  new Helm3Provider(s, "helm", { kubernetes: { configPath: "~/.kube/config" } });
  return s;
}

function synth(props: Partial<ArcKubernetesAgentsProps> & Pick<ArcKubernetesAgentsProps, "connectivity">, s = k8sStack()) {
  const agents = new ArcKubernetesAgents(s, "Agents", { ...base, ...props });
  new TerraformOutput(s, "cluster_id", { value: agents.connectedClusterId });
  const tf = synthStack(s);
  return { agents, tf, release: tf.resource.helm_release[agents.release.friendlyUniqueId], key: `tls_private_key.${agents.key.friendlyUniqueId}`, cluster: `azapi_resource.${agents.connectedCluster.friendlyUniqueId}` };
}

/** The literal values document as the chart gets it: JSON, indented by two. */
const document = (values: object) => JSON.stringify(values, null, 2);

const globalValues = (overrides: Record<string, unknown> = {}) => ({
  subscriptionId: SUB,
  tenantId: TENANT,
  resourceGroupName: "rg-k8s",
  resourceName: "edge1",
  location: "westeurope",
  kubernetesDistro: "k3s",
  kubernetesInfra: "generic",
  azureEnvironment: "AZUREPUBLICCLOUD",
  isProxyEnabled: false,
  ...overrides,
});

describe("ArcKubernetesAgents, private link", () => {
  const { agents, tf, release, key, cluster } = synth({ connectivity: { privateLinkScopeId: PLS } });

  it("generates the onboarding key pair in Terraform (RSA 4096)", () => {
    expect(tf.resource.tls_private_key).toStrictEqual({ [agents.key.friendlyUniqueId]: { algorithm: "RSA", rsa_bits: 4096 } });
  });

  it("creates the connected cluster by PUT: system-assigned identity, the public key's DER, private link on with the scope", () => {
    expect(tf.resource.azapi_resource).toStrictEqual({
      [agents.connectedCluster.friendlyUniqueId]: {
        type: "Microsoft.Kubernetes/connectedClusters@2026-05-01",
        name: "edge1",
        parent_id: `/subscriptions/${SUB}/resourceGroups/rg-k8s`,
        location: "westeurope",
        identity: [{ type: "SystemAssigned" }],
        body: {
          properties: {
            agentPublicKeyCertificate: `\${replace(replace(replace(${key}.public_key_pem, "-----BEGIN PUBLIC KEY-----", ""), "-----END PUBLIC KEY-----", ""), "\\n", "")}`,
            distribution: "k3s",
            infrastructure: "generic",
            privateLinkState: "Enabled",
            privateLinkScopeResourceId: PLS,
          },
        },
      },
    });
    expect(tf.output.cluster_id.value).toBe(`\${${cluster}.id}`);
    expect(agents.gatewayAssociation).toBeUndefined();
    expect(tf.resource.azapi_update_resource).toBeUndefined();
    expect(tf.resource.azapi_resource_action).toBeUndefined();
  });

  it("installs the agents chart after the cluster, with the CLI's values in one literal document, cluster connect off", () => {
    expect(ARC_AGENTS_RELEASE).toEqual({ name: "azure-arc", namespace: "azure-arc-release" });
    expect(release).toStrictEqual({
      name: "azure-arc",
      namespace: "azure-arc-release",
      create_namespace: true,
      repository: chart.repository,
      chart: "azure-arc-k8sagents",
      version: "1.36.1",
      values: [document({ global: globalValues(), systemDefaultValues: { spnOnboarding: false, "clusterconnect-agent": { enabled: false } } })],
      set_sensitive: [{ name: "global.onboardingPrivateKey", value: `\${${key}.private_key_pem}` }],
      wait: true,
      timeout: 1200,
      depends_on: [cluster],
    });
  });

  it("passes the private key only through set_sensitive", () => {
    const text = JSON.stringify(tf);
    expect(text.split("private_key_pem").length - 1).toBe(1);
    expect(release.set_sensitive).toEqual([{ name: "global.onboardingPrivateKey", value: `\${${key}.private_key_pem}` }]);
    expect(release.values.length).toBe(1);
    for (const v of release.values) expect(v).not.toMatch(/private_key|onboardingPrivateKey|PRIVATE KEY/);
  });
});

describe("ArcKubernetesAgents, gateway", () => {
  const { agents, tf, release, key, cluster } = synth({ connectivity: { gatewayId: GW }, clusterConnect: true, location: "eastus", tags: { owner: "platform" } });
  const association = agents.gatewayAssociation!;
  const settings = `azapi_update_resource.${association.settings.friendlyUniqueId}`;

  it("creates the connected cluster with private link off and no scope, with the tags", () => {
    expect(tf.resource.azapi_resource[agents.connectedCluster.friendlyUniqueId]).toStrictEqual({
      type: "Microsoft.Kubernetes/connectedClusters@2026-05-01",
      name: "edge1",
      parent_id: `/subscriptions/${SUB}/resourceGroups/rg-k8s`,
      location: "eastus",
      identity: [{ type: "SystemAssigned" }],
      body: {
        properties: {
          agentPublicKeyCertificate: `\${replace(replace(replace(${key}.public_key_pem, "-----BEGIN PUBLIC KEY-----", ""), "-----END PUBLIC KEY-----", ""), "\\n", "")}`,
          distribution: "k3s",
          infrastructure: "generic",
          privateLinkState: "Disabled",
        },
      },
      tags: { owner: "platform" },
    });
  });

  it("associates the cluster with the gateway (settings/default, detach on destroy, gateway.enabled)", () => {
    expect(association.node.path).toBe("test/Agents/Gateway");
    expect(tf.resource.azapi_update_resource).toStrictEqual({
      [association.settings.friendlyUniqueId]: { type: "Microsoft.HybridCompute/settings@2026-07-15", parent_id: `\${${cluster}.id}`, name: "default", body: { properties: { gatewayProperties: { gatewayResourceId: GW } } } },
      [association.clusterGateway!.friendlyUniqueId]: { type: "Microsoft.Kubernetes/connectedClusters@2026-05-01", resource_id: `\${${cluster}.id}`, body: { properties: { gateway: { enabled: true } } }, depends_on: [settings] },
    });
    expect(tf.resource.azapi_resource_action).toStrictEqual({
      [association.detachOnDestroy.friendlyUniqueId]: {
        type: "Microsoft.HybridCompute/settings@2026-07-15",
        resource_id: `\${${cluster}.id}/providers/Microsoft.HybridCompute/settings/default`,
        method: "PUT",
        when: "destroy",
        body: { properties: { gatewayProperties: { gatewayResourceId: null } } },
        depends_on: [settings],
      },
    });
  });

  it("installs the chart after the cluster and its gateway flag, the cluster-connect agent on", () => {
    expect(release.depends_on).toEqual([cluster, `azapi_update_resource.${association.clusterGateway!.friendlyUniqueId}`]);
    expect(release.values).toEqual([document({ global: globalValues({ location: "eastus" }), systemDefaultValues: { spnOnboarding: false, "clusterconnect-agent": { enabled: true } } })]);
  });
});

describe("ArcKubernetesAgents, options", () => {
  it("proxy: https for http too unless given, the skip range as noProxy, the CA embedded as a literal", () => {
    const { release } = synth({ connectivity: { gatewayId: GW }, proxy: { https: "http://proxy:3128", noProxy: ["10.43.0.0/16", ".svc"] } });
    expect(release.values).toEqual([
      document({
        global: globalValues({ isProxyEnabled: true, httpsProxy: "http://proxy:3128", httpProxy: "http://proxy:3128", noProxy: "10.43.0.0/16,.svc" }),
        systemDefaultValues: { spnOnboarding: false, "clusterconnect-agent": { enabled: false } },
      }),
    ]);
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB ${x} %{y}\n-----END CERTIFICATE-----";
    const withCa = synth({ connectivity: { gatewayId: GW }, proxy: { https: "https://proxy:443", http: "http://proxy:80", noProxy: [], certificatePem: pem } });
    // The literal document is escaped for Terraform: ${ and %{ are written $${ and %%{.
    expect(withCa.release.values).toEqual([
      document({
        global: globalValues({ isProxyEnabled: true, httpsProxy: "https://proxy:443", httpProxy: "http://proxy:80", noProxy: "", proxyCert: pem }),
        systemDefaultValues: { spnOnboarding: false, "clusterconnect-agent": { enabled: false } },
      })
        .replace("${x}", () => "$${x}")
        .replace("%{y}", () => "%%{y}"),
    ]);
  });

  it("values known only at apply go in a second document, through yamlencode of the references alone", () => {
    const s = k8sStack();
    const tenant = new TerraformVariable(s, "tenant", { type: "string" });
    const https = new TerraformVariable(s, "https", { type: "string" });
    const { release } = synth({ connectivity: { privateLinkScopeId: PLS }, tenantId: tenant.stringValue, proxy: { https: https.stringValue, noProxy: [".svc"] } }, s);
    const { tenantId: _t, ...known } = globalValues({ isProxyEnabled: true, noProxy: ".svc" });
    expect(release.values).toEqual([
      document({ global: known, systemDefaultValues: { spnOnboarding: false, "clusterconnect-agent": { enabled: false } } }),
      '${yamlencode({"global" = {"tenantId" = var.tenant, "httpsProxy" = var.https, "httpProxy" = var.https}})}',
    ]);
  });

  it("takes another chart name, API version, helm provider", () => {
    const s = k8sStack();
    const edge = new Helm3Provider(s, "helm-edge", { alias: "edge", kubernetes: { configPath: "~/.kube/edge" } });
    const { tf, release, agents } = synth({ connectivity: { privateLinkScopeId: PLS }, chart: { ...chart, name: "arc-agents", version: "1.40.0-rc.1+build.5" }, apiVersion: "2024-12-01-preview", helmProvider: edge }, s);
    expect([release.chart, release.version, release.provider]).toEqual(["arc-agents", "1.40.0-rc.1+build.5", "helm.edge"]);
    expect(tf.resource.azapi_resource[agents.connectedCluster.friendlyUniqueId].type).toBe("Microsoft.Kubernetes/connectedClusters@2024-12-01-preview");
  });

  it("fails when cluster connect is asked on a private-link cluster; passes without it, and through a gateway", () => {
    expect(failure(() => new ArcKubernetesAgents(k8sStack(), "A", { ...base, connectivity: { privateLinkScopeId: PLS }, clusterConnect: true }))).toBe(
      'test/A.clusterConnect: cluster connect is not supported on a private-link cluster (Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link", limitations); got true. Fix: use an Arc gateway or public connectivity for clusters that need cluster connect',
    );
    expect(() => new ArcKubernetesAgents(k8sStack(), "A", { ...base, connectivity: { privateLinkScopeId: PLS }, clusterConnect: false })).not.toThrow();
    expect(() => new ArcKubernetesAgents(k8sStack(), "A", { ...base, connectivity: { gatewayId: GW }, clusterConnect: true })).not.toThrow();
  });

  it("fails when the chart version is not exact SemVer", () => {
    expect(failure(() => new ArcKubernetesAgents(k8sStack(), "A", { ...base, connectivity: { gatewayId: GW }, chart: { ...chart, version: "1.36" } }))).toBe(
      'test/A.chart.version: the Arc agents chart version is an exact version (it is never guessed); got "1.36". Fix: e.g. 1.36.1: the version `az connectedk8s connect` installs, from its logs or the release notes',
    );
    expect(() => new ArcKubernetesAgents(k8sStack(), "A", { ...base, connectivity: { gatewayId: GW }, chart: { ...chart, version: "0.0.0" } })).not.toThrow();
  });
});

describe("EXACT_VERSION (SemVer 2.0)", () => {
  it("passes exact versions, at every edge of the grammar", () => {
    const valid = ["0.0.0", "1.36.1", "1.2.3", "10.20.30", "100.200.300", "1.2.3-rc", "1.2.3-rc.1", "1.2.3-rc.12.x-y", "1.2.3-0", "1.2.3--", "1.2.3+b", "1.2.3+build.5", "1.2.3+build.55.x-y", "1.2.3-rc.1+build.5", "1.2.3-alpha-1.beta+exp.sha.5114f85"];
    expect(valid.filter((v) => !EXACT_VERSION.test(v))).toEqual([]);
  });

  it("fails a character past each edge: leading zeros, missing parts, ranges, empty or bad identifiers, text around", () => {
    const invalid = ["00.0.0", "01.2.3", "1.02.3", "1.2.03", "1.2", "1", "1.2.3.4", "v1.2.3", "1.2.3 ", " 1.2.3", "x1.2.3", "1.2.3x", "^1.2.3", ">=1.2.3", "~1.2.3", "1.2.x", "1.x.3", "x.2.3", "latest", "", "1.2.3-", "1.2.3-rc.", "1.2.3-rc..1", "1.2.3-rc_1", "1.2.3-.rc", "1.2.3+", "1.2.3+b.", "1.2.3+b..5", "1.2.3+b_5", "1.2.3-rc+", "1.2.3+b+c", "1a.2.3", "1.2a.3", "1.2.3a"];
    expect(invalid.filter((v) => EXACT_VERSION.test(v))).toEqual([]);
  });
});
