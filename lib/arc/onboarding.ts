import { hisRegionCode, shellQuote } from "../core";

export interface ServerOnboardingOptions {
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly tenantId: string;
  /** Region of the Arc machines: the scope's region. */
  readonly location: string;
  readonly privateLinkScopeId: string;
}

// Every value is one POSIX shell word (`shellQuote`): a value with a space or
// a quote stays one argument, and no character of it is run by the shell.

/**
 * The `azcmagent connect` command for a server that joins through the
 * scope (agent 1.4 or later). Interactive sign-in; add
 * `--service-principal-id`/`--service-principal-secret` for scale.
 */
export function azcmagentConnectCommand(o: ServerOnboardingOptions): string {
  return [
    "azcmagent connect",
    `--resource-group ${shellQuote(o.resourceGroup)}`,
    `--tenant-id ${shellQuote(o.tenantId)}`,
    `--subscription-id ${shellQuote(o.subscriptionId)}`,
    `--location ${shellQuote(o.location)}`,
    "--cloud 'AzureCloud'",
    `--private-link-scope ${shellQuote(o.privateLinkScopeId)}`,
  ].join(" ");
}

export interface ServerProxyOptions {
  /** The proxy's URL, e.g. `http://proxy.contoso.com:8080`: `azcmagent config set proxy.url`. */
  readonly url: string;
  /**
   * Keep the Arc services (`*.his.arc.azure.com`, `*.guestconfiguration.azure.com`)
   * off the proxy (`azcmagent config set proxy.bypass "Arc"`), for a proxy
   * that cannot reach the private endpoint. Entra ID and Resource Manager
   * still go through the proxy.
   * @default true
   */
  readonly bypassArc?: boolean;
}

/**
 * The agent settings a server behind a proxy needs before
 * `azcmagent connect` (Microsoft Learn, "Use Azure Private Link to securely
 * connect servers to Azure Arc": set the proxy before connecting, and bypass
 * it for the Arc services when the private endpoint is not reachable through
 * it). `proxy.url` needs agent 1.13 or later and `proxy.bypass` agent 1.15 or
 * later (Microsoft Learn, "Manage and maintain Azure Connected Machine agent
 * proxy settings").
 */
export function azcmagentProxyCommands(o: ServerProxyOptions): string[] {
  return [`azcmagent config set proxy.url ${shellQuote(o.url)}`, ...(o.bypassArc === false ? [] : [`azcmagent config set proxy.bypass ${shellQuote("Arc")}`])];
}

/**
 * The checks to run on a server once it is onboarded through a scope:
 * `azcmagent check --location <region> --enable-pls-check` (Microsoft Learn,
 * "azcmagent check": the Arc endpoints must resolve to private addresses;
 * microsoft/azure_arc#1538), then `nslookup` of each name that must resolve
 * privately (`arcPrivateDnsCheckHosts`).
 */
export function serverPrivateLinkChecks(region: string, dnsCheckHosts: readonly string[]): string[] {
  // A host name stays bare (the docs' form); anything else is one quoted shell word.
  return [`azcmagent check --location ${shellQuote(region)} --enable-pls-check`, ...dnsCheckHosts.map((h) => `nslookup ${/^[A-Za-z0-9.-]+$/.test(h) ? h : shellQuote(h)}`)];
}

export interface ClusterOnboardingOptions {
  readonly resourceGroup: string;
  /** @default "<cluster-name>" (a placeholder) */
  readonly clusterName?: string;
  /** Region of the connected cluster: the scope's region. */
  readonly location: string;
  readonly privateLinkScopeId: string;
}

/** The `az connectedk8s connect` command for a cluster that joins through the scope (Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link"). */
export function connectedK8sConnectCommand(o: ClusterOnboardingOptions): string {
  return [
    "az connectedk8s connect",
    `-g ${shellQuote(o.resourceGroup)}`,
    `-n ${shellQuote(o.clusterName ?? "<cluster-name>")}`,
    `-l ${shellQuote(o.location)}`,
    "--enable-private-link true",
    `--private-link-scope-resource-id ${shellQuote(o.privateLinkScopeId)}`,
  ].join(" ");
}

/**
 * Host names that must resolve to private addresses once on-premises DNS
 * forwards to the hub (the docs' troubleshooting `nslookup` list, plus the
 * regional hosts). The short `his` code is skipped where it is unconfirmed
 * and no override is given.
 */
export function arcPrivateDnsCheckHosts(region: string, hisCodeOverride?: string): string[] {
  const code = hisRegionCode(region, hisCodeOverride);
  return [
    "gbl.his.arc.azure.com",
    ...(code ? [`${code}.his.arc.azure.com`] : []),
    "agentserviceapi.guestconfiguration.azure.com",
    `${region}-gas.guestconfiguration.azure.com`,
    `${region}.dp.kubernetesconfiguration.azure.com`,
  ];
}
