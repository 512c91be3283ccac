/**
 * Literal text in Terraform, and in the shell commands the stacks output.
 *
 * Every string Terraform reads from a configuration (JSON or HCL) is a
 * template: `${...}` interpolates and `%{...}` is a directive. cdktf writes
 * strings as they are, so a value that must stay literal (a tag value
 * `cost ${var.env}`, a request message) is escaped with `terraformLiteral`:
 * `$${` and `%%{` are Terraform's escapes and evaluate to `${` and `%{`
 * (Terraform language docs, "Strings and Templates"). Constructs take their
 * string props as Terraform strings, so that tokens and expressions work;
 * callers that hold plain text (the topology file) escape it first.
 */
/** A cdktf string token (`${TfToken[TOKEN.12]}`), as cdktf encodes references built in code. */
const CDKTF_TOKEN = /(\$\{TfToken\[[a-zA-Z0-9:._-]+\]\})/;

/**
 * `text` as a Terraform string that evaluates to exactly `text`: `${` ->
 * `$${` and `%{` -> `%%{`. cdktf tokens inside the string (references built
 * in code) are kept as they are; only the text around them is escaped.
 */
export function terraformLiteral(text: string): string {
  if (!/[$%]\{/.test(text)) return text;
  return text
    .split(CDKTF_TOKEN)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[$%]\{/g, (m) => `${m[0]}${m}`)))
    .join("");
}

/** `terraformLiteral` on every string of a plain record (tags, labels). Keys are templates too. */
export function terraformLiterals(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [terraformLiteral(k), terraformLiteral(v)]));
}

/**
 * The text a Terraform string evaluates to when it holds no interpolation:
 * `$${` -> `${`, `%%{` -> `%{`. For length checks on escaped values (the
 * provider validates the evaluated string).
 */
export function literalText(template: string): string {
  return template.replace(/\$\$\{|%%\{/g, (m) => m.slice(1));
}

/**
 * A POSIX shell word that stands for `text` exactly: single-quoted, with
 * each `'` written as `'\''`. For the commands the stacks output.
 */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Text on one line: control characters (and the Unicode line separators) written as escapes (`\n`, `\u0000`), so a value from a topology file cannot break a message or a file into lines. */
export function oneLine(text: string): string {
  // JSON.stringify escapes C0 controls (\n, \u0000) but leaves DEL, the C1 controls and U+2028/U+2029 as they are.
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => (c < "\u0020" ? JSON.stringify(c).slice(1, -1) : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}
