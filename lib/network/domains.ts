/** Domain names of DNS forwarding rules, without cdktf or provider classes (the topology and the hand-offs use them). */

/** A DNS name of labels of 1-63 letters, digits and '-' (not at a label's ends), with or without the final dot; not the root; 253 characters at most. */
export const DNS_DOMAIN = /^(?=.{1,253}\.?$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** A domain as a forwarding rule takes it: lower case, ending with a dot (`corp.contoso.com.`). */
export function forwardingDomain(domain: string): string {
  return `${domain.toLowerCase().replace(/\.$/, "")}.`;
}
