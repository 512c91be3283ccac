import { TerraformElement, TerraformVariable } from "cdktf";
import { IConstruct } from "constructs";
import { isLiteral, isRecord, PolicyContext, PolicyRule, PolicyViolation } from "../rule";

/**
 * Argument names that hold secrets, compared without case, `_` and `-`:
 * the provider arguments Terraform marks sensitive in this library's
 * providers (azurerm `shared_key`, `authorization_key`, `client_secret`;
 * kubernetes and helm `token`, `password`, `client_key`; ...) and the same
 * words in other providers' and ARM bodies' names.
 */
const SECRET_NAME = /(password|passwd|secret|sharedkey|authorizationkey|accesskey|privatekey|clientkey|token|connectionstring|apikey|sastoken|primarykey|secondarykey)$/;
/** Names whose `value` entries are secrets (helm's `set_sensitive`). */
const SENSITIVE_LIST = /sensitive$/;
/** Credentials in a URL (`https://user:password@host`). */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/@:"]+:[^\s/@"]+@/i;
/** A private key in PEM. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

const normalized = (name: string) => name.toLowerCase().replace(/[_-]/g, "");

/** Whether a string is written out in the configuration: known at synth and not empty. */
const plain = (v: unknown): v is string => typeof v === "string" && v.trim() !== "" && isLiteral(v);

/** A secret's shape for a message: its length, never its text. */
const hidden = (v: string) => `<${v.length} characters, not shown>`;

/** The plain-text secrets in an element's arguments, by argument path. */
export function plainTextSecrets(args: Record<string, unknown>): PolicyViolation[] {
  const found: PolicyViolation[] = [];
  // `key` is the argument name the value is under (a list's items are under the list's name).
  const walk = (v: unknown, path: string, key: string, secret: boolean): void => {
    if (typeof v === "string") {
      if (!plain(v)) return;
      if (secret) found.push({ detail: `${path} is written in plain text`, value: hidden(v) });
      else if (URL_CREDENTIALS.test(v)) found.push({ detail: `${path} holds a URL with a user name and password in plain text`, value: hidden(v) });
      else if (PEM_PRIVATE_KEY.test(v)) found.push({ detail: `${path} holds a private key in plain text`, value: hidden(v) });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, key, secret));
    } else if (isRecord(v)) {
      const list = SENSITIVE_LIST.test(normalized(key));
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, k, secret || SECRET_NAME.test(normalized(k)) || (list && k === "value"));
    }
  };
  walk(args, "", "", false);
  return found;
}

/**
 * ARC-003: a secret written into the Terraform configuration as text,
 * where anyone who reads the stack (or its state, or a plan) reads the
 * secret: an argument named for a secret with a literal value, credentials
 * in a URL, a PEM private key, or a sensitive variable with a default.
 * References (variables, other resources' attributes) are not plain text.
 */
export const PLAIN_TEXT_SECRET: PolicyRule = {
  id: "ARC-003",
  level: "error",
  title: "a sensitive value written in plain text",
  reason: "the secret would be in the synthesized Terraform, in version control and in every copy of the output",
  fix: "pass it as a sensitive Terraform variable without a default (set it in the workspace or TF_VAR_<name>), or read it from a resource or data source",
  check(node: IConstruct, context: PolicyContext): PolicyViolation[] {
    if (!TerraformElement.isTerraformElement(node)) return [];
    const args = context.arguments(node);
    if (node instanceof TerraformVariable) {
      // A variable: its default is the only value written in the configuration.
      const secret = args.sensitive === true || normalized(node.node.id).match(SECRET_NAME) !== null;
      return secret && plain(args.default) ? [{ detail: `variable ${node.node.id} is sensitive and has a default written in the configuration`, value: hidden(args.default as string) }] : [];
    }
    return plainTextSecrets(args);
  },
};
