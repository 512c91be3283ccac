import { shellQuote } from "../core";

export interface ClusterProxyOptions {
  /** `--proxy-https`. */
  readonly https: string;
  /** `--proxy-http`. @default - the https value (a proxy that only speaks HTTP serves both) */
  readonly http?: string;
  /** `--proxy-skip-range`, e.g. from `proxySkipRange(serviceCidr)`. */
  readonly skipRange: readonly string[];
  /** `--proxy-cert`: the proxy's CA certificate file, when agents must trust it. @default - none */
  readonly certificateFile?: string;
}

export interface ClusterGatewayCommandOptions {
  readonly resourceGroup: string;
  readonly clusterName: string;
  /** `--subscription`: the cluster's subscription, so the command does not depend on the az CLI's default. @default - the az CLI's default subscription */
  readonly subscriptionId?: string;
  /** Region of the connected cluster. */
  readonly location: string;
  readonly gatewayId: string;
  /** @default - no proxy flags */
  readonly proxy?: ClusterProxyOptions;
}

/** `az connectedk8s connect ... --gateway-resource-id ... --proxy-https ... --proxy-http ... --proxy-skip-range ...` (Microsoft Learn, "Simplify network configuration requirements with Azure Arc gateway"). */
export function connectedK8sGatewayConnectCommand(o: ClusterGatewayCommandOptions): string {
  const proxy = o.proxy
    ? [
        `--proxy-https ${shellQuote(o.proxy.https)}`,
        `--proxy-http ${shellQuote(o.proxy.http ?? o.proxy.https)}`,
        `--proxy-skip-range ${shellQuote(o.proxy.skipRange.join(","))}`,
        ...(o.proxy.certificateFile ? [`--proxy-cert ${shellQuote(o.proxy.certificateFile)}`] : []),
      ]
    : [];
  return ["az connectedk8s connect", `-g ${shellQuote(o.resourceGroup)}`, `-n ${shellQuote(o.clusterName)}`, ...subscription(o), `-l ${shellQuote(o.location)}`, `--gateway-resource-id ${shellQuote(o.gatewayId)}`, ...proxy].join(" ");
}

/** `az connectedk8s update ... --gateway-resource-id ...`: moves an existing cluster onto the gateway. */
export function connectedK8sGatewayUpdateCommand(o: Omit<ClusterGatewayCommandOptions, "location" | "proxy">): string {
  return ["az connectedk8s update", `-g ${shellQuote(o.resourceGroup)}`, `-n ${shellQuote(o.clusterName)}`, ...subscription(o), `--gateway-resource-id ${shellQuote(o.gatewayId)}`].join(" ");
}

const subscription = (o: { readonly subscriptionId?: string }): string[] => (o.subscriptionId ? [`--subscription ${shellQuote(o.subscriptionId)}`] : []);

/**
 * The `azcmagent` settings for a server that uses a gateway: the proxy URL
 * (when the server reaches Azure through one), and `connection.type gateway`,
 * which agents up to 1.50 need (later agents take it from the association).
 */
export function azcmagentGatewayCommands(proxyUrl?: string): string[] {
  return [...(proxyUrl ? [`azcmagent config set proxy.url ${shellQuote(proxyUrl)}`] : []), "azcmagent config set connection.type gateway"];
}
