/** Domain names of DNS forwarding rules, without cdktf or provider classes (the topology and the hand-offs use them). */
import { shortHash } from "../core/arm";

/**
 * A DNS name of labels of 1-63 letters, digits, '_' and '-' ('-' not at a
 * label's ends; '_' for service zones such as `_msdcs.corp.contoso.com`),
 * with or without the final dot; not the root; 253 characters at most.
 */
export const DNS_DOMAIN = /^(?=.{1,253}\.?$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/**
 * The Azure name of a domain's forwarding rule: `rule-` and the domain with
 * each '-' doubled and each '.' written as '-' (`corp.contoso.com.` gives
 * `rule-corp-contoso-com`, `corp-contoso.com.` `rule-corp--contoso-com`).
 * No label starts or ends with '-', so two domains never give one name
 * uncut, and a name depends on its domain alone. Longer than Azure's 80
 * characters it is cut and ends in a hash of the domain
 * (`OnPremisesDnsForwarding` hashes again in the odd case that another
 * listed domain's uncut name spells the same).
 */
export function forwardingRuleName(domain: string): string {
  const name = uncutRuleName(domain);
  if (name.length <= MAX_RULE_NAME_LENGTH) return name;
  return `${name.slice(0, MAX_RULE_NAME_LENGTH - 7).replace(/[-_]+$/, "")}-${shortHash(forwardingDomain(domain))}`;
}

/** Whether `forwardingRuleName` cuts the domain's name (and ends it in a hash): only then can another domain spell the same name. */
export function forwardingRuleNameIsCut(domain: string): boolean {
  return uncutRuleName(domain).length > MAX_RULE_NAME_LENGTH;
}

/** Azure's longest forwarding rule name. */
const MAX_RULE_NAME_LENGTH = 80;

function uncutRuleName(domain: string): string {
  return `rule-${forwardingDomain(domain).slice(0, -1).replace(/-/g, "--").replace(/\./g, "-")}`;
}

/** A domain as a forwarding rule takes it: lower case, ending with a dot (`corp.contoso.com.`). */
export function forwardingDomain(domain: string): string {
  return `${domain.toLowerCase().replace(/\.$/, "")}.`;
}
