import { HelmRelease } from "./helm";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { Fn, TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { ArcGatewayAssociation, CONNECTED_CLUSTER_API_VERSION } from "../arc-gateway";
import { AzapiResource } from "../azapi";
import { fail, terraformLiteral } from "../core";
import { EXACT_VERSION } from "./chart";

type Values = { readonly [key: string]: string | number | boolean | Values };

/** Splits values into the leaves known at synth and the tokens (references resolved at apply); either part may be empty. */
function splitValues(values: Values): [Values, Values] {
  const literal: Record<string, Values[string]> = {};
  const tokens: Record<string, Values[string]> = {};
  for (const [key, v] of Object.entries(values)) {
    if (typeof v === "object") {
      const [l, t] = splitValues(v);
      if (Object.keys(l).length > 0) literal[key] = l;
      if (Object.keys(t).length > 0) tokens[key] = t;
    } else if (Token.isUnresolved(v)) tokens[key] = v;
    else literal[key] = v;
  }
  return [literal, tokens];
}

/**
 * Helm values files (helm merges them in order): the values known at synth
 * as one literal JSON document (JSON is YAML; escaped for Terraform, so no
 * character of a user's value can become an expression), then the values
 * that are references as `yamlencode` of the references alone. No string is
 * ever pasted into expression text, and helm's `--set` syntax (commas,
 * dots) never applies.
 */
function chartValues(values: Values): string[] {
  const [literal, tokens] = splitValues(values);
  return [terraformLiteral(JSON.stringify(literal, null, 2)), ...(Object.keys(tokens).length > 0 ? [Fn.yamlencode(tokens)] : [])];
}

/** The Arc agents chart as `az connectedk8s connect` installs it (Azure/azure-cli-extensions, src/connectedk8s). */
/**
 * The resource providers an Arc-enabled Kubernetes cluster needs registered
 * in its subscription (Microsoft Learn, "Quickstart: Connect an existing
 * Kubernetes cluster to Azure Arc"): pass them to the azurerm provider's
 * `resource_providers_to_register`.
 */
export const ARC_KUBERNETES_RESOURCE_PROVIDERS: readonly string[] = ["Microsoft.ExtendedLocation", "Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration"];

export const ARC_AGENTS_RELEASE = { name: "azure-arc", namespace: "azure-arc-release" } as const;

export interface ArcAgentsChart {
  /** Chart repository, e.g. `oci://mcr.microsoft.com/azurearck8s/batch1/stable` (never guessed: the CLI looks it up at run time). */
  readonly repository: string;
  /** @default "azure-arc-k8sagents" */
  readonly name?: string;
  /** Exact chart version, e.g. `1.36.1`. */
  readonly version: string;
}

export interface ArcAgentsProxy {
  readonly https: string;
  /** @default - the https value */
  readonly http?: string;
  /** `global.noProxy`: the skip range (service CIDR and in-cluster names). */
  readonly noProxy: readonly string[];
  /**
   * The proxy's CA certificate, PEM text (`global.proxyCert`). Embedded in
   * the chart values (a CA certificate is public), so the stack does not
   * depend on a file where Terraform runs.
   * @default - none
   */
  readonly certificatePem?: string;
}

/** How the cluster reaches Azure Arc: a Private Link Scope, or an Arc gateway. */
export type ArcAgentsConnectivity = { readonly privateLinkScopeId: string } | { readonly gatewayId: string };

export interface ArcKubernetesAgentsProps {
  /** Name of the connected cluster. */
  readonly name: string;
  readonly resourceGroupId: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly subscriptionId: string;
  readonly tenantId: string;
  /** e.g. `generic`, `k3s`, `openshift`. */
  readonly distribution: string;
  /** e.g. `generic`, `azure_stack_hci`, `vsphere`. */
  readonly infrastructure: string;
  readonly connectivity: ArcAgentsConnectivity;
  readonly chart: ArcAgentsChart;
  /** @default - no proxy */
  readonly proxy?: ArcAgentsProxy;
  /** Run the cluster-connect agent. Not with private link (Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link"). @default false */
  readonly clusterConnect?: boolean;
  /** @default CONNECTED_CLUSTER_API_VERSION (2026-05-01) */
  readonly apiVersion?: string;
  /** The helm provider of the target cluster. @default - the stack's default helm provider */
  readonly helmProvider?: TerraformProvider;
  /** @default - none */
  readonly tags?: Record<string, string>;
}

/**
 * Arc-enabled Kubernetes without the CLI: an onboarding key pair generated
 * in Terraform (`tls_private_key`, kept only in state as sensitive values),
 * the `Microsoft.Kubernetes/connectedClusters` resource with the public key
 * (`agentPublicKeyCertificate`), created by PUT through azapi so that
 * `privateLinkState` and `privateLinkScopeResourceId` are set at creation
 * (PATCH cannot change them), the gateway association for a gateway cluster,
 * and the Arc agents chart as a `helm_release` with the values the CLI sets.
 */
export class ArcKubernetesAgents extends Construct {
  public readonly key: PrivateKey;
  public readonly connectedCluster: AzapiResource;
  public readonly gatewayAssociation?: ArcGatewayAssociation;
  public readonly release: HelmRelease;
  public readonly connectedClusterId: string;

  constructor(scope: Construct, id: string, props: ArcKubernetesAgentsProps) {
    super(scope, id);
    const privateLink = "privateLinkScopeId" in props.connectivity;
    if (privateLink && props.clusterConnect) {
      fail(`${this.node.path}.clusterConnect`, true, `cluster connect is not supported on a private-link cluster (Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link", limitations)`, "use an Arc gateway or public connectivity for clusters that need cluster connect");
    }
    if (!EXACT_VERSION.test(props.chart.version)) {
      fail(`${this.node.path}.chart.version`, props.chart.version, "the Arc agents chart version is an exact version (it is never guessed)", "e.g. 1.36.1: the version `az connectedk8s connect` installs, from its logs or the release notes");
    }
    this.key = new PrivateKey(this, "OnboardingKey", { algorithm: "RSA", rsaBits: 4096 });
    // agentPublicKeyCertificate is the base64 DER (SubjectPublicKeyInfo) of the public key: the PEM body without armour and line breaks.
    const publicKeyDer = Fn.replace(Fn.replace(Fn.replace(this.key.publicKeyPem, "-----BEGIN PUBLIC KEY-----", ""), "-----END PUBLIC KEY-----", ""), "\n", "");
    this.connectedCluster = new AzapiResource(this, "ConnectedCluster", {
      type: `Microsoft.Kubernetes/connectedClusters@${props.apiVersion ?? CONNECTED_CLUSTER_API_VERSION}`,
      name: props.name,
      parentId: props.resourceGroupId,
      location: props.location,
      identity: { type: "SystemAssigned" },
      body: {
        properties: {
          agentPublicKeyCertificate: publicKeyDer,
          distribution: props.distribution,
          infrastructure: props.infrastructure,
          privateLinkState: privateLink ? "Enabled" : "Disabled",
          ...(privateLink ? { privateLinkScopeResourceId: (props.connectivity as { privateLinkScopeId: string }).privateLinkScopeId } : {}),
        },
      },
      tags: props.tags,
    });
    this.connectedClusterId = this.connectedCluster.id;
    if ("gatewayId" in props.connectivity) {
      this.gatewayAssociation = new ArcGatewayAssociation(this, "Gateway", { gatewayId: props.connectivity.gatewayId, target: { connectedClusterId: this.connectedClusterId } });
    }

    const clusterGateway = this.gatewayAssociation?.clusterGateway;
    const proxy = props.proxy;
    const values = {
      global: {
        subscriptionId: props.subscriptionId,
        tenantId: props.tenantId,
        resourceGroupName: props.resourceGroupName,
        resourceName: props.name,
        location: props.location,
        kubernetesDistro: props.distribution,
        kubernetesInfra: props.infrastructure,
        azureEnvironment: "AZUREPUBLICCLOUD",
        isProxyEnabled: proxy !== undefined,
        ...(proxy ? { httpsProxy: proxy.https, httpProxy: proxy.http ?? proxy.https, noProxy: proxy.noProxy.join(",") } : {}),
        ...(proxy?.certificatePem ? { proxyCert: proxy.certificatePem } : {}),
      },
      systemDefaultValues: {
        spnOnboarding: false,
        "clusterconnect-agent": { enabled: props.clusterConnect ?? false },
      },
    };
    this.release = new HelmRelease(this, "Agents", {
      name: ARC_AGENTS_RELEASE.name,
      namespace: ARC_AGENTS_RELEASE.namespace,
      createNamespace: true,
      repository: props.chart.repository,
      chart: props.chart.name ?? "azure-arc-k8sagents",
      version: props.chart.version,
      values: chartValues(values),
      setSensitive: [{ name: "global.onboardingPrivateKey", value: this.key.privateKeyPem }],
      wait: true,
      timeout: 1200,
      provider: props.helmProvider,
      dependsOn: clusterGateway ? [this.connectedCluster, clusterGateway] : [this.connectedCluster],
    });
  }
}
