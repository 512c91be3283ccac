/**
 * The servers hand-off, for the team that runs the Arc-enabled servers of a
 * private-link topology (Microsoft Learn, "Use Azure Private Link to
 * securely connect servers to Azure Arc"): the agent's proxy settings
 * before `azcmagent connect` (when the servers reach Entra ID and Resource
 * Manager through a proxy), where the connect command is, the servers
 * already onboarded that the stack associates with the scope, and the
 * checks to run after onboarding. Only topologies with `privateLink` have
 * one.
 */
import { azcmagentProxyCommands, serverPrivateLinkChecks } from "../lib/arc/onboarding";
import { SCOPE_ACCEPTS_NEW_SERVER_WITHIN_MINUTES } from "../lib/arc-machines/association";
import type { Plan } from "../topology/plan";
import { code, markdownTable, oneLine, Source, sourceMarkdown } from "./text";

/** The servers hand-off's file in `handoff/`. */
export const SERVERS_FILE = "servers.md";

/** `servers.md`, or nothing without private link. */
export function serversHandoff(plan: Plan, source: Source): Record<string, string> {
  const hub = plan.hub;
  const pl = hub?.privateLink;
  if (!hub || !pl) return {};
  const stack = code(hub.stackName);
  const proxy = pl.serverProxy;
  const lines: string[] = [
    `# Arc-enabled servers through the private link scope`,
    "",
    sourceMarkdown(source, [hub.stackName]),
    "",
    `The servers join the Arc Private Link Scope of ${stack} (region ${code(pl.location)}). Their Arc traffic goes to its private endpoint; Microsoft Entra ID and Azure Resource Manager stay on the public route (firewall.md lists those hosts).`,
    "",
  ];
  if (proxy) {
    lines.push(
      "## 1. Proxy settings, before connecting",
      "",
      `The servers reach Entra ID and Resource Manager through a proxy. Set it on each server before \`azcmagent connect\`${proxy.bypassArc ? ", and keep the Arc services off it so that they go to the private endpoint" : ""}:`,
      "",
      "```sh",
      ...azcmagentProxyCommands(proxy).map(oneLine),
      "```",
      "",
      `- \`proxy.url\` needs Connected Machine agent 1.13 or later.`,
      ...(proxy.bypassArc
        ? ["- `proxy.bypass \"Arc\"` needs agent 1.15 or later. It sends the Arc service hosts (such as `*.his.arc.azure.com` and `*.guestconfiguration.azure.com`) directly, to the private endpoint through on-premises DNS, instead of to the proxy."]
        : ["- The Arc services also go through the proxy (`bypassArc: false`): the proxy must resolve the Arc names to the private endpoint and reach it."]),
      "- Source: Microsoft Learn, \"Manage and maintain Azure Connected Machine agent proxy settings\".",
      "",
    );
  }
  const n = proxy ? 2 : 1;
  lines.push(
    `## ${n}. Connect`,
    "",
    `After \`terraform apply\` of ${stack}, in its folder: \`terraform output -raw onboarding_command_servers\` is the \`azcmagent connect ... --private-link-scope ...\` command (agent 1.4 or later; it signs in interactively: add \`--service-principal-id\` and \`--service-principal-secret\` for many servers).${proxy ? " `terraform output -json onboarding_steps_servers` lists the proxy settings and the command in order." : ""}`,
    "",
  );
  if (pl.machines.length > 0) {
    lines.push(
      `## Servers already onboarded`,
      "",
      `${stack} associates these servers with the scope through Resource Manager (their \`privateLinkScopeResourceId\`), as the portal's "Azure Arc resources > Add" does; nothing runs on them. The scope can take up to ${SCOPE_ACCEPTS_NEW_SERVER_WITHIN_MINUTES} minutes after apply to accept their connections.${pl.publicNetworkAccess ? "" : " Public network access of the scope is off, so once associated a server reaches Arc only through the private endpoint: the connection to the hub and the on-premises forwarders (dns-forwarders.md) must work first" + (proxy?.bypassArc ? ", and on a server behind the proxy `proxy.bypass` must be set as above" : "") + ". On a first deployment, apply without `privateLink.machines`, set those up, then add the servers and apply again."}`,
      "",
      markdownTable(["server", "resource id"], pl.machines.map((m) => [code(m.id.split("/").pop() ?? m.id), code(m.id)])),
      "",
    );
  }
  lines.push(
    `## ${n + 1}. Checks after onboarding`,
    "",
    `On a server, once it is connected${pl.machines.length > 0 ? " (a server listed above: once the scope accepts it)" : ""}:`,
    "",
    "```sh",
    ...serverPrivateLinkChecks(pl.location, pl.dnsCheckHosts).map(oneLine),
    "```",
    "",
    `\`azcmagent check --enable-pls-check\` tests that the Arc endpoints resolve to private addresses and answer (Microsoft Learn, "azcmagent check"). Each \`nslookup\` must give an address of the hub's endpoint subnet; a public address means the server's DNS does not forward to the hub yet.`,
    "",
  );
  return { [SERVERS_FILE]: lines.join("\n") };
}
