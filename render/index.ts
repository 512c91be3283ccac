/**
 * Plain text from the resolved plan, for the people outside Terraform: no
 * cdktf here. Every synth writes `sideFiles` at the top of the output
 * folder beside `stacks/` (main.ts), and replaces them each time: every
 * path a side file may have is listed in stacks/output.ts
 * (`SYNTHESIZED_SIDE_FILES`; a test checks it), and what else a user puts
 * into their folders is carried over.
 *
 * - `handoff/`: the DNS, firewall and servers hand-offs (render/handoff-dns.ts,
 *   render/handoff-firewall.ts, render/handoff-servers.ts) and a README
 *   naming them.
 * - `topology.md`: the picture of the topology (render/diagram.ts).
 *
 * After apply, `arc-connectivity handoff --outputs FILE` writes the
 * hosts-file lines and A records from the connectivity stack's outputs
 * (render/after-apply.ts).
 */
import { shellQuote } from "../lib/core";
import type { Plan } from "../topology/plan";
import { topologyMarkdown } from "./diagram";
import { DNS_FILES, dnsHandoff } from "./handoff-dns";
import { FIREWALL_FILES, firewallHandoff } from "./handoff-firewall";
import { SERVERS_FILE, serversHandoff } from "./handoff-servers";
import { code, markdownTable, Source, sourceMarkdown } from "./text";

export { Source } from "./text";

/** The folder of the hand-off files in the output. */
export const HANDOFF_FOLDER = "handoff";

/** What each hand-off file is for, in the order the index lists them. */
const PURPOSES: ReadonlyArray<readonly [string, string, string]> = [
  [DNS_FILES.markdown, "on-premises DNS team", "the conditional forwarders (public zone -> hub resolver), the `nslookup` checks, what to do without a resolver; with `onPremises.dns`, the domains Azure forwards to your DNS servers and the range the queries come from"],
  [DNS_FILES.powershell, "on-premises DNS team", "the forwarders as Windows DNS Server PowerShell (`Add-DnsServerConditionalForwarderZone`)"],
  [DNS_FILES.bind, "on-premises DNS team", "the forwarders as a BIND `named.conf` snippet (`type forward;`)"],
  [DNS_FILES.csv, "on-premises DNS team", "the forwarders as CSV (zone, forwarder)"],
  [FIREWALL_FILES.markdown, "firewall or proxy team", "what to allow per stack: to the hub, from the hub to your DNS servers (`onPremises.dns`), service tags per NSG rule profile, public-route hosts, gateway allowlists, proxy bypass per cluster"],
  [FIREWALL_FILES.csv, "firewall or proxy team", "every rule of firewall.md as CSV"],
  [SERVERS_FILE, "server team", "onboarding through the private link scope: the agent's proxy settings, the connect command, servers already onboarded, the checks after onboarding (`azcmagent check --enable-pls-check`, `nslookup`)"],
];

/** `handoff/README.md`: the files of this synth, who each is for, and the after-apply command. */
function index(plan: Plan, source: Source, names: readonly string[]): string {
  const rows = PURPOSES.filter(([name]) => names.includes(name)).map(([name, who, what]) => [code(name), who, what]);
  const stacks = plan.hub ? [plan.hub.stackName] : [];
  return [
    `# Hand-off files for ${code(plan.name)}`,
    "",
    sourceMarkdown(source, stacks),
    "",
    "For the people outside Terraform. Each file stands alone and names the topology file and the stack it comes from.",
    "",
    markdownTable(["file", "for", "what"], rows),
    "",
    ...(plan.hub
      ? [
          `After \`terraform apply\` of ${code(plan.hub.stackName)}: \`terraform output -json > outputs.json\` in its folder, then, from that folder, ${code(`arc-connectivity handoff --outputs outputs.json ${shellQuote(source.topologyFile)}`)} (the topology file's path as seen from where you run it) writes the hosts-file lines (Windows and Linux) for single servers and the A records for a DNS server without forwarders.`,
        ]
      : ["The topology has no hub: there is no DNS hand-off (Arc gateways and their machines use public DNS)."]),
    "",
  ].join("\n");
}

/** The hand-off files, by name in `handoff/`. */
export function handoffFiles(plan: Plan, source: Source): Record<string, string> {
  const files = { ...dnsHandoff(plan, source), ...firewallHandoff(plan, source), ...serversHandoff(plan, source) };
  return { "README.md": index(plan, source, Object.keys(files)), ...files };
}

/**
 * Every file the app writes beside `stacks/` in the output folder: paths
 * relative to it (with `/`) -> text. The same plan gives the same files.
 */
export function sideFiles(plan: Plan, source: Source): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(handoffFiles(plan, source))) files[`${HANDOFF_FOLDER}/${name}`] = text;
  files["topology.md"] = topologyMarkdown(plan, source);
  return files;
}
