/**
 * Checks synthesized Terraform JSON (`cdk.tf.json` parsed, one stack) against
 * the provider validation constraints in ../shared/provider-constraints: the
 * SDKv2 checks `terraform validate` runs that are NOT in the provider schema
 * (AtLeastOneOf, ExactlyOneOf, ConflictsWith, RequiredWith, ValidateFunc
 * facts). See that folder's README for the format and the SDK semantics.
 *
 * Deliberately stricter than the SDK in two ways (both intended):
 *  - `.0.` paths are checked on EVERY element of a list/set block, not only
 *    on element 0 (the SDK resolves cross-attribute paths literally).
 *  - `values` are applied to every known literal. The SDK skips validating
 *    a whole block as soon as anything in it is unknown (README note 1), so a
 *    violation next to a `${reference}` passes `terraform validate` and only
 *    fails at plan/apply or in the Azure API. We want it reported here.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { literalValue } from "./template-check";

export const CONSTRAINT_DIR = process.env.ARC_PROVIDER_CONSTRAINTS ?? join(__dirname, "..", "..", "..", "shared", "provider-constraints");
export const HAVE_CONSTRAINTS = existsSync(CONSTRAINT_DIR);

const FILES: Record<string, string> = {
  "registry.terraform.io/hashicorp/azurerm": "azurerm-4.55.0.json",
  "registry.terraform.io/hashicorp/kubernetes": "kubernetes-2.38.0.json",
};

// ---------------------------------------------------------------------------
// Table format
// ---------------------------------------------------------------------------

/** One `values` fact; several keys = all must hold. `ignore_case` and `message` modify `one_of` / `pattern`. */
export interface ValueSpec {
  one_of?: string[];
  ignore_case?: boolean;
  not_one_of?: { values: string[]; ignore_case?: boolean };
  int_between?: [number, number];
  int_at_least?: number;
  int_at_most?: number;
  int_in?: number[];
  int_not_in?: number[];
  int_divisible_by?: number;
  float_between?: [number, number];
  float_at_least?: number;
  len_between?: [number, number];
  not_empty?: boolean;
  not_whitespace?: boolean;
  pattern?: string;
  not_pattern?: string;
  message?: string;
  cidr?: boolean;
  cidr_prefix_between?: [number, number];
  ipv4?: boolean;
  ipv6?: boolean;
  ip?: boolean;
  ipv4_range?: boolean;
  uuid?: boolean;
  url_schemes?: string[];
  json?: boolean;
  base64?: boolean;
  rfc3339_time?: boolean;
  no_zero_value?: boolean;
  mac_address?: boolean;
  valid_regexp?: boolean;
  not_contains_any?: string;
  starts_with_one_of?: string[];
  any_of?: ValueSpec[];
  all_of?: ValueSpec[];
}

export interface Constraints {
  at_least_one_of?: string[][];
  exactly_one_of?: string[][];
  conflicts_with?: Record<string, string[]>;
  required_with?: Record<string, string[]>;
  values?: Record<string, ValueSpec>;
}

interface Table {
  provider: string;
  version: string;
  resources: Record<string, Constraints>;
  data_sources: Record<string, Constraints>;
  provider_config: Constraints;
}

const tables = new Map<string, Table | null>();

/** The constraint table of a provider address, loaded once; null when there is none (azapi, helm, tls, ...). */
function table(address: string): Table | null {
  let t = tables.get(address);
  if (t === undefined) {
    const file = FILES[address];
    t = file ? (JSON.parse(readFileSync(join(CONSTRAINT_DIR, file), "utf8")) as Table) : null;
    tables.set(address, t);
  }
  return t;
}

/** The `values` rules of one resource argument (`"azurerm"`, `"azurerm_virtual_network_gateway"`, `"sku"`), or undefined. */
export function valueRule(provider: "azurerm" | "kubernetes", type: string, path: string): ValueSpec | undefined {
  return table(providerAddress(provider))?.resources[type]?.values?.[path];
}

function providerAddress(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join("/");
}

// ---------------------------------------------------------------------------
// Go regexp (RE2 syntax) -> JavaScript RegExp
// ---------------------------------------------------------------------------

/** The pattern is not valid Go RE2 syntax (`regexp.Compile` would fail, too). */
export class GoRegexSyntaxError extends Error {}

/**
 * Go syntax this converter does not translate (Unicode classes, mid-pattern
 * flags, ...). Thrown, never swallowed: a pattern we cannot check must be
 * noticed, not silently passed.
 */
export class UnsupportedGoRegexError extends Error {}

const SYNTAX_CHARS = new Set([..."^$\\.*+?()[]{}|/"]);
/** Go's `\s` is [\t\n\f\r ] (no \v, no Unicode spaces), unlike JS. */
const GO_SPACE = "\\t\\n\\f\\r ";
const GO_NOT_SPACE_RANGES = "\\0-\\x08\\x0b\\x0e-\\x1f\\x21-\\u{10FFFF}";
const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\0-\\x7f",
  blank: "\\t ",
  cntrl: "\\0-\\x1f\\x7f",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`\\{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

const hexCode = (c: number) => `\\u{${c.toString(16)}}`;
/** A code point as a JS (u-mode) pattern char, inside or outside a class. */
function emitChar(c: number, inClass: boolean): string {
  const s = String.fromCodePoint(c);
  if (SYNTAX_CHARS.has(s) || (inClass && s === "-")) return `\\${s}`;
  if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0xa0) || c === 0x2028 || c === 0x2029) return hexCode(c);
  return s;
}

const isAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);

/**
 * Translates Go RE2 syntax to an equivalent JS pattern with the `u` flag
 * (code-point semantics, like Go's rune semantics). Handled: a leading `(?i)`
 * / `(?s)` (-> flags), `\A` `\z`, `.` (Go: anything but \n), `\s` `\S` (Go:
 * ASCII [\t\n\f\r ]), escaped punctuation (Go allows `\_`, `\,`, ...), class
 * syntax where Go and JS differ (`[\w-.]`: `-` after a class escape is a
 * literal), POSIX classes, `\x{..}`, `\Q..\E`, `(?P<name>`, and literal `{`
 * `}` `]`. Go syntax errors throw GoRegexSyntaxError; valid Go we do not
 * translate throws UnsupportedGoRegexError.
 */
export function translateGoRegex(re: string): { source: string; flags: string } {
  let flags = "u";
  let dotAll = false;
  let i = 0;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(re);
  if (lead) {
    for (const f of lead[1]) {
      if (f === "i") flags += "i";
      else if (f === "s") dotAll = true;
      else throw new UnsupportedGoRegexError(`Go regexp ${JSON.stringify(re)}: flag (?${f}) is not supported by constraint-check`);
    }
    i = lead[0].length;
  }
  const syntax = (msg: string): never => {
    throw new GoRegexSyntaxError(`invalid Go regexp ${JSON.stringify(re)}: ${msg}`);
  };
  const unsupported = (what: string): never => {
    throw new UnsupportedGoRegexError(`Go regexp ${JSON.stringify(re)}: ${what} is not supported by constraint-check; extend translateGoRegex`);
  };

  /** A single-character escape at re[i] === "\\" (outside a class escape group); returns [code point, next index]. */
  const escapedChar = (at: number): [number, number] => {
    const c = re[at + 1];
    if (c === undefined) syntax("trailing backslash");
    const simple: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (c in simple) return [simple[c], at + 2];
    if (c === "x") {
      if (re[at + 2] === "{") {
        const end = re.indexOf("}", at + 3);
        const hex = end < 0 ? "" : re.slice(at + 3, end);
        if (!/^[0-9a-fA-F]{1,8}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) syntax("invalid \\x{...} escape");
        return [parseInt(hex, 16), end + 1];
      }
      const hex = re.slice(at + 2, at + 4);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) syntax("invalid \\x escape");
      return [parseInt(hex, 16), at + 4];
    }
    if (c >= "0" && c <= "7") unsupported("octal escape / backreference");
    if (isAlnum(c)) syntax(`invalid escape sequence \\${c}`);
    const code = c.codePointAt(0)!;
    if (code >= 0x80) syntax(`invalid escape sequence \\${c}`);
    return [code, at + 2]; // escaped punctuation is the literal character
  };

  let out = "";
  let depth = 0;
  /** Whether the last emitted item can take a repetition operator, and whether it already has one. */
  let operand = false;
  let repeated = false;
  while (i < re.length) {
    const c = re[i];
    if (c === "\\") {
      const n = re[i + 1];
      const simple: Record<string, [string, boolean]> = {
        A: ["^", false], // \A: start of text (no (?m) support, so ^ is the same)
        z: ["$", false], // \z: end of text (JS $ without m flag is the same)
        b: ["\\b", false],
        B: ["\\B", false],
        d: ["\\d", true],
        D: ["\\D", true],
        w: ["\\w", true],
        W: ["\\W", true],
        s: [`[${GO_SPACE}]`, true],
        S: [`[^${GO_SPACE}]`, true],
      };
      if (n !== undefined && n in simple) {
        out += simple[n][0];
        operand = simple[n][1];
        i += 2;
      } else if (n === "p" || n === "P") unsupported("Unicode class \\p / \\P");
      else if (n === "C") unsupported("\\C");
      else if (n === "Q") {
        const end = re.indexOf("\\E", i + 2);
        const lit = re.slice(i + 2, end < 0 ? undefined : end);
        out += `(?:${[...lit].map((ch) => emitChar(ch.codePointAt(0)!, false)).join("")})`;
        i = end < 0 ? re.length : end + 2;
        operand = lit.length > 0;
      } else {
        const [code, next] = escapedChar(i);
        out += emitChar(code, false);
        i = next;
        operand = true;
      }
      repeated = false;
      continue;
    }
    if (c === "[") {
      const [cls, next] = translateClass(i);
      out += cls;
      i = next;
      operand = true;
      repeated = false;
      continue;
    }
    if (c === "(") {
      if (re[i + 1] === "?") {
        const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(re.slice(i));
        if (re.startsWith("(?:", i)) {
          out += "(?:";
          i += 3;
        } else if (named) {
          out += `(?<${named[1]}>`;
          i += named[0].length;
        } else {
          if (/^\(\?[a-zA-Z-]+[:)]/.test(re.slice(i))) unsupported("a flag group other than a leading (?i)/(?s)");
          else syntax("invalid or unsupported Perl syntax after (?");
        }
      } else {
        out += "(";
        i++;
      }
      depth++;
      operand = false;
      repeated = false;
      continue;
    }
    if (c === ")") {
      if (--depth < 0) syntax("unexpected )");
      out += ")";
      i++;
      operand = true;
      repeated = false;
      continue;
    }
    if (c === "*" || c === "+" || c === "?" || c === "{") {
      let op = c;
      if (c === "{") {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(re.slice(i));
        if (!m) {
          // Go: a `{` that does not start a repeat is a literal.
          out += "\\{";
          i++;
          operand = true;
          repeated = false;
          continue;
        }
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === "" ? -1 : Number(m[3]);
        if (min > 1000 || max > 1000 || (max >= 0 && max < min)) syntax(`invalid repeat count ${m[0]}`);
        op = m[0];
      }
      if (!operand) syntax(`missing argument to repetition operator ${op}`);
      if (repeated) syntax(`invalid nested repetition operator ${op}`);
      out += op;
      i += op.length;
      if (re[i] === "?") {
        out += "?"; // non-greedy
        i++;
      }
      repeated = true;
      continue;
    }
    if (c === ".") {
      out += dotAll ? "[\\s\\S]" : "[^\\n]";
      i++;
      operand = true;
      repeated = false;
      continue;
    }
    if (c === "^" || c === "$" || c === "|") {
      out += c;
      i++;
      operand = false;
      repeated = false;
      continue;
    }
    // Any other character (including a lone `}` or `]`) is a literal.
    const code = re.codePointAt(i)!;
    out += emitChar(code, false);
    i += code > 0xffff ? 2 : 1;
    operand = true;
    repeated = false;
  }
  if (depth > 0) syntax("missing closing )");
  return { source: out, flags };

  /** A character class at re[start] === "[" (Go's parseClass); returns [JS class, next index]. */
  function translateClass(start: number): [string, number] {
    let j = start + 1;
    let negate = false;
    if (re[j] === "^") {
      negate = true;
      j++;
    }
    const items: string[] = [];
    let first = true;
    for (;;) {
      if (j >= re.length) syntax("missing closing ]");
      const c = re[j];
      if (c === "]" && !first) break;
      first = false;
      if (c === "[" && re[j + 1] === ":") {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(re.slice(j));
        if (m) {
          const ranges = POSIX[m[2]];
          if (!ranges) syntax(`invalid character class range [:${m[2]}:]`);
          if (m[1]) unsupported("negated POSIX class inside a class");
          items.push(ranges);
          j += m[0].length;
          continue;
        }
      }
      if (c === "\\") {
        const n = re[j + 1];
        const cls = n === "s" ? GO_SPACE : n === "S" ? GO_NOT_SPACE_RANGES : n !== undefined && "dDwW".includes(n) ? `\\${n}` : undefined;
        if (cls !== undefined) {
          items.push(cls);
          j += 2;
          continue;
        }
        if (n === "p" || n === "P") unsupported("Unicode class \\p / \\P");
      }
      // Single character or range lo-hi. `-` followed by `]` is a literal; so is a `-` right after a class escape.
      const [lo, afterLo] = classChar(j);
      j = afterLo;
      if (re[j] === "-" && re[j + 1] !== "]" && j + 1 < re.length) {
        const [hi, afterHi] = classChar(j + 1);
        if (hi < lo) syntax("invalid character class range");
        items.push(`${emitChar(lo, true)}-${emitChar(hi, true)}`);
        j = afterHi;
      } else items.push(emitChar(lo, true));
    }
    return [`[${negate ? "^" : ""}${items.join("")}]`, j + 1];
  }

  function classChar(at: number): [number, number] {
    if (at >= re.length) syntax("missing closing ]");
    if (re[at] === "\\") {
      const n = re[at + 1];
      if (n !== undefined && "dDwWsSpP".includes(n)) syntax("invalid character class range (class escape as range end)");
      return escapedChar(at);
    }
    const code = re.codePointAt(at)!;
    return [code, at + (code > 0xffff ? 2 : 1)];
  }
}

const regexCache = new Map<string, RegExp>();

/** A Go regexp as a compiled JS RegExp (cached per pattern); see translateGoRegex for what throws. */
export function goRegex(re: string): RegExp {
  let r = regexCache.get(re);
  if (!r) {
    const { source, flags } = translateGoRegex(re);
    try {
      r = new RegExp(source, flags);
    } catch (e) {
      throw new UnsupportedGoRegexError(`Go regexp ${JSON.stringify(re)} translated to /${source}/${flags}, which JS rejects: ${(e as Error).message}`);
    }
    regexCache.set(re, r);
  }
  return r;
}

// ---------------------------------------------------------------------------
// Go standard-library parsers the SDK validators use
// ---------------------------------------------------------------------------

/** netip.parseIPv4Fields: four decimal octets, no leading zeros, each <= 255. */
function parseIPv4(s: string): number[] | null {
  const fields = s.split(".");
  if (fields.length !== 4) return null;
  const out: number[] = [];
  for (const f of fields) {
    if (!/^\d{1,3}$/.test(f) || (f.length > 1 && f[0] === "0")) return null;
    const n = Number(f);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/** netip.parseIPv6 (no zone): 16 bytes or null. */
function parseIPv6(s: string): Uint8Array | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  if (s.startsWith("::")) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === "") return ip;
  }
  let i = 0;
  while (i < 16) {
    const m = /^[0-9a-fA-F]+/.exec(s);
    if (!m) return null;
    if (s[m[0].length] === ".") {
      // Embedded IPv4 must replace the final two fields.
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return null;
      const v4 = parseIPv4(s);
      if (!v4) return null;
      ip.set(v4, i);
      i += 4;
      s = "";
      break;
    }
    if (m[0].length > 4) return null;
    const acc = parseInt(m[0], 16);
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(m[0].length);
    if (s === "") break;
    if (s[0] !== ":" || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s === "") break;
    }
  }
  if (s !== "") return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) return null;
  return ip;
}

/** net.ParseIP (Go >= 1.22, via netip; zones rejected): the 16-byte form and whether it was written as IPv4. */
function parseIP(s: string): { bytes: Uint8Array; v4: boolean } | null {
  for (const c of s) {
    if (c === ".") {
      const v4 = parseIPv4(s);
      if (!v4) return null;
      const bytes = new Uint8Array(16);
      bytes[10] = bytes[11] = 0xff;
      bytes.set(v4, 12);
      return { bytes, v4: true };
    }
    if (c === ":") {
      const bytes = parseIPv6(s);
      return bytes && { bytes, v4: false };
    }
    if (c === "%") return null;
  }
  return null;
}

/** net.IP.To4() != nil: IPv4, or IPv6 in the v4-mapped form ::ffff:a.b.c.d. */
function isV4(bytes: Uint8Array): boolean {
  for (let k = 0; k < 10; k++) if (bytes[k] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** net.ParseCIDR: address (no zone) "/" decimal prefix length (leading zeros allowed) <= the address bit length. */
function parseCIDR(s: string): { prefix: number } | null {
  const slash = s.indexOf("/");
  if (slash < 0) return null;
  const addr = parseIP(s.slice(0, slash));
  const mask = s.slice(slash + 1);
  if (!addr || !/^\d+$/.test(mask)) return null;
  const prefix = Number(mask);
  return prefix <= (addr.v4 ? 32 : 128) ? { prefix } : null;
}

/** time.Parse(time.RFC3339, s): Go's general parser, which also accepts a 1-digit hour and `,`/`.` fractions. */
function isRFC3339(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})([.,]\d+)?(Z|[+-](\d{2}):(\d{2}))$/.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate(); // days in month mo of year y
  if (d < 1 || d > days) return false;
  if (m[9] !== undefined && (Number(m[9]) > 24 || Number(m[10]) > 60)) return false;
  return true;
}

/** base64.StdEncoding.DecodeString: padded standard alphabet; \r and \n are ignored; "" is valid. */
function isBase64(s: string): boolean {
  const t = s.replace(/[\r\n]/g, "");
  return t.length % 4 === 0 && /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t);
}

/** net.ParseMAC: 6, 8 or 20 octets as xx:xx.. / xx-xx.. or xxxx.xxxx.. */
const MAC = /^(?:[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}(?:(?::[0-9a-fA-F]{2}){2}|(?::[0-9a-fA-F]{2}){14})?|[0-9a-fA-F]{2}(?:-[0-9a-fA-F]{2}){5}(?:(?:-[0-9a-fA-F]{2}){2}|(?:-[0-9a-fA-F]{2}){14})?|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){2}(?:\.[0-9a-fA-F]{4}|(?:\.[0-9a-fA-F]{4}){7})?)$/;

/**
 * url.Parse + the SDK's IsURLWithScheme checks: non-empty, parses, has a
 * host, scheme (lower-cased by url.Parse) in the list. Mirrors the parts of
 * url.Parse that decide those: control characters, scheme syntax, the
 * `//authority` form, port digits, characters allowed in a host.
 */
function urlWithScheme(s: string, schemes: string[]): string | undefined {
  if (s === "") return "must not be empty";
  if (/[\x00-\x1f\x7f]/.test(s)) return "must be a valid URL (control character)";
  const noFragment = s.split("#")[0];
  const sm = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(noFragment);
  if (!sm) return noFragment.startsWith(":") ? "must be a valid URL (missing protocol scheme)" : "must be a URL with a scheme and a host";
  const rest = noFragment.slice(sm[0].length).split("?")[0];
  if (!rest.startsWith("//")) return "must be a URL with a host";
  const authority = rest.slice(2).split("/")[0];
  const host = authority.slice(authority.lastIndexOf("@") + 1);
  if (host === "") return "must be a URL with a host";
  if (host.startsWith("[")) {
    const close = host.indexOf("]");
    if (close < 0 || !/^(:\d*)?$/.test(host.slice(close + 1))) return "must be a valid URL (host)";
  } else {
    const colon = host.lastIndexOf(":");
    if (colon >= 0 && !/^\d*$/.test(host.slice(colon + 1))) return "must be a valid URL (port)";
    if (!/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:<>"]|%[0-9a-fA-F]{2}|[^\x00-\x7f])*$/.test(host)) return "must be a valid URL (invalid character in host)";
  }
  const scheme = sm[1].toLowerCase();
  return schemes.includes(scheme) ? undefined : `must use one of the schemes ${JSON.stringify(schemes)}`;
}

/** Go strings.TrimSpace(s) == "": unicode.IsSpace (note: U+0085 and U+00A0 count, U+FEFF does not, unlike JS trim). */
const GO_BLANK = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/u;

/** Go strings.EqualFold, close enough for enum values (simple case folding). */
const fold = (s: string) => s.toUpperCase().toLowerCase();

// ---------------------------------------------------------------------------
// Compiling `values` facts into checks
// ---------------------------------------------------------------------------

/** A known primitive: string (already unescaped), number or boolean. */
type Prim = string | number | boolean;
/** Failure descriptions of one value; [] when it holds. */
type Check = (v: Prim) => string[];

/**
 * Terraform converts a config value to the attribute type before the SDK
 * sees it: a JSON number/bool given to a string attribute arrives as its
 * string form, a numeric string given to a number attribute as a number.
 */
const asString = (v: Prim) => (typeof v === "string" ? v : String(v));
function asNumber(v: Prim): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}
const intCheck = (desc: string, ok: (n: number) => boolean): Check => (v) => {
  const n = asNumber(v);
  if (n === undefined || !Number.isInteger(n)) return [`must be an integer ${desc}`];
  return ok(n) ? [] : [`must be an integer ${desc}`];
};
const floatCheck = (desc: string, ok: (n: number) => boolean): Check => (v) => {
  const n = asNumber(v);
  return n !== undefined && ok(n) ? [] : [`must be a number ${desc}`];
};
const strCheck = (desc: string, ok: (s: string) => boolean): Check => (v) => (ok(asString(v)) ? [] : [desc]);

/** One key of a ValueSpec as a check; throws for a kind this checker does not know (it must never silently pass). */
function compileKey(kind: string, spec: ValueSpec, where: string): Check | undefined {
  switch (kind) {
    case "ignore_case":
    case "message":
      return undefined; // modifiers of one_of / pattern
    case "one_of": {
      const values = spec.one_of!;
      const ic = !!spec.ignore_case;
      const set = new Set(ic ? values.map(fold) : values);
      return strCheck(`must be one of ${JSON.stringify(values)}${ic ? " (case-insensitive)" : ""}`, (s) => set.has(ic ? fold(s) : s));
    }
    case "not_one_of": {
      const { values, ignore_case: ic } = spec.not_one_of!;
      const set = new Set(ic ? values.map(fold) : values);
      return strCheck(`must not be one of ${JSON.stringify(values)}${ic ? " (case-insensitive)" : ""}`, (s) => !set.has(ic ? fold(s) : s));
    }
    case "int_between": {
      const [min, max] = spec.int_between!;
      return intCheck(`in [${min}, ${max}]`, (n) => n >= min && n <= max);
    }
    case "int_at_least": {
      const min = spec.int_at_least!;
      return intCheck(`>= ${min}`, (n) => n >= min);
    }
    case "int_at_most": {
      const max = spec.int_at_most!;
      return intCheck(`<= ${max}`, (n) => n <= max);
    }
    case "int_in": {
      const set = new Set(spec.int_in!);
      return intCheck(`in ${JSON.stringify(spec.int_in)}`, (n) => set.has(n));
    }
    case "int_not_in": {
      const set = new Set(spec.int_not_in!);
      return intCheck(`not in ${JSON.stringify(spec.int_not_in)}`, (n) => !set.has(n));
    }
    case "int_divisible_by": {
      const d = spec.int_divisible_by!;
      return intCheck(`divisible by ${d}`, (n) => n % d === 0);
    }
    case "float_between": {
      const [min, max] = spec.float_between!;
      return floatCheck(`in [${min}, ${max}]`, (n) => n >= min && n <= max);
    }
    case "float_at_least": {
      const min = spec.float_at_least!;
      return floatCheck(`>= ${min}`, (n) => n >= min);
    }
    case "len_between": {
      // Go len(): bytes of the UTF-8 encoding, not characters.
      const [min, max] = spec.len_between!;
      return (v) => {
        const n = Buffer.byteLength(asString(v), "utf8");
        return n >= min && n <= max ? [] : [`length must be ${min}..${max} bytes (is ${n})`];
      };
    }
    case "not_empty":
      return strCheck("must not be empty", (s) => s !== "");
    case "not_whitespace":
      return strCheck("must not be empty or only whitespace", (s) => !GO_BLANK.test(s));
    case "pattern": {
      const r = goRegex(spec.pattern!);
      const desc = spec.message ? `${spec.message} (must match ${spec.pattern})` : `must match ${spec.pattern}`;
      return strCheck(desc, (s) => r.test(s));
    }
    case "not_pattern": {
      const r = goRegex(spec.not_pattern!);
      const desc = spec.message ? `${spec.message} (must not match ${spec.not_pattern})` : `must not match ${spec.not_pattern}`;
      return strCheck(desc, (s) => !r.test(s));
    }
    case "cidr":
      return strCheck("must be a CIDR (Go net.ParseCIDR)", (s) => parseCIDR(s) !== null);
    case "cidr_prefix_between": {
      // Parse + prefix bounds, as the README states it. (The SDK's IsCIDRNetwork also
      // wants the canonical network address; not part of the extracted fact.)
      const [min, max] = spec.cidr_prefix_between!;
      return strCheck(`must be a CIDR with a prefix length in [${min}, ${max}]`, (s) => {
        const c = parseCIDR(s);
        return c !== null && c.prefix >= min && c.prefix <= max;
      });
    }
    case "ipv4":
      return strCheck("must be an IPv4 address", (s) => {
        const ip = parseIP(s);
        return ip !== null && isV4(ip.bytes);
      });
    case "ipv6": // the SDK's IsIPv6Address only checks that it parses as an IP
    case "ip":
      return strCheck(kind === "ip" ? "must be an IP address" : "must be an IP address (IsIPv6Address: any IP)", (s) => parseIP(s) !== null);
    case "ipv4_range":
      return strCheck("must be an IP range ip1-ip2 with ip1 <= ip2", (s) => {
        const parts = s.split("-");
        if (parts.length !== 2) return false;
        const [a, b] = parts.map(parseIP);
        if (!a || !b) return false;
        return Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes)) <= 0;
      });
    case "uuid":
      return strCheck("must be a UUID (8-4-4-4-12 hex)", (s) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s));
    case "url_schemes": {
      const schemes = spec.url_schemes!;
      return (v) => {
        const why = urlWithScheme(asString(v), schemes);
        return why ? [why] : [];
      };
    }
    case "json":
      // structure.NormalizeJsonString treats "" as valid.
      return strCheck("must be valid JSON", (s) => {
        if (s === "") return true;
        try {
          JSON.parse(s);
          return true;
        } catch {
          return false;
        }
      });
    case "base64":
      return strCheck("must be standard padded base64", isBase64);
    case "rfc3339_time":
      return strCheck("must be an RFC 3339 time (e.g. 2025-01-31T12:00:00Z)", isRFC3339);
    case "no_zero_value":
      return (v) => (v === "" || v === 0 || v === false ? ["must not be the zero value"] : []);
    case "mac_address":
      return strCheck("must be a MAC address", (s) => MAC.test(s));
    case "valid_regexp":
      return strCheck("must be a valid (Go RE2) regular expression", (s) => {
        try {
          goRegex(s);
          return true;
        } catch (e) {
          if (e instanceof GoRegexSyntaxError) return false;
          throw e;
        }
      });
    case "not_contains_any": {
      const chars = new Set(spec.not_contains_any!);
      return strCheck(`must not contain any of ${JSON.stringify(spec.not_contains_any)}`, (s) => ![...s].some((ch) => chars.has(ch)));
    }
    case "starts_with_one_of": {
      const prefixes = spec.starts_with_one_of!;
      return strCheck(`must start with one of ${JSON.stringify(prefixes)}`, (s) => prefixes.some((p) => s.startsWith(p)));
    }
    case "any_of": {
      const alts = spec.any_of!.map((alt, k) => compileSpec(alt, `${where}.any_of[${k}]`));
      return (v) => {
        const failures = alts.map((alt) => alt(v));
        if (failures.some((f) => f.length === 0)) return [];
        return [`must satisfy one of: ${failures.map((f) => `(${f.join("; ")})`).join(" or ")}`];
      };
    }
    case "all_of": {
      const all = spec.all_of!.map((alt, k) => compileSpec(alt, `${where}.all_of[${k}]`));
      return (v) => all.flatMap((c) => c(v));
    }
    default:
      throw new Error(`constraint-check: unknown values kind "${kind}" at ${where}; implement it (never skip a constraint silently)`);
  }
}

function compileSpec(spec: ValueSpec, where: string): Check {
  const checks = Object.keys(spec)
    .map((k) => compileKey(k, spec, where))
    .filter((c): c is Check => c !== undefined);
  return (v) => checks.flatMap((c) => c(v));
}

// ---------------------------------------------------------------------------
// Paths over cdktf JSON
// ---------------------------------------------------------------------------

/**
 * Flatmap path segments: a name, "0" (every element of a block: the JSON
 * object itself for a max-one block, every array element for a list/set
 * block) or "*" (every element of a primitive list/set/map).
 */
type Path = string[];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** A string with an interpolation/directive: an unknown value at validate time. */
const isUnknownString = (v: unknown): v is string => typeof v === "string" && literalValue(v) === undefined;

/** Whether any string anywhere inside is unknown (the SDK's isWhollyKnown, negated). */
function containsUnknown(v: unknown): boolean {
  if (typeof v === "string") return isUnknownString(v);
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** Reads `name` from a block body; a `dynamic "name"` block makes it an unknown block. */
function field(obj: Record<string, unknown>, name: string): unknown {
  const v = obj[name];
  if (v === undefined && isObject(obj.dynamic) && obj.dynamic[name] !== undefined) return "${dynamic}";
  return v;
}

/** Concrete block instances under `prefix` (pairs name, "0"); unknown (token) blocks are not expanded. */
function instances(root: Record<string, unknown>, prefix: Path, at: string): Array<{ obj: Record<string, unknown>; at: string }> {
  let current = [{ obj: root, at }];
  for (let k = 0; k < prefix.length; k += 2) {
    const name = prefix[k];
    const next: typeof current = [];
    for (const { obj, at: p } of current) {
      const v = field(obj, name);
      const base = p ? `${p}.${name}` : name;
      if (Array.isArray(v)) v.forEach((el, i) => isObject(el) && next.push({ obj: el, at: `${base}.${i}` }));
      else if (isObject(v)) next.push({ obj: v, at: `${base}.0` });
    }
    current = next;
  }
  return current;
}

/**
 * How a path is set in one scope instance:
 *  - "unset": absent, null, or a block with no elements;
 *  - "unknown": the value itself is a `${...}` string (may still turn out null);
 *  - "partial": set, but a container with an unknown somewhere inside;
 *  - "known": set and wholly known.
 */
type State = "unset" | "unknown" | "partial" | "known";
const RANK: Record<State, number> = { unset: 0, unknown: 1, partial: 2, known: 3 };

function stateOf(v: unknown, isBlock: boolean): State {
  if (v === undefined || v === null) return "unset";
  if (typeof v === "string") return isUnknownString(v) ? "unknown" : "known";
  // hcl2shim drops zero-length block lists, but an empty list ATTRIBUTE is set.
  if (Array.isArray(v) && v.length === 0) return isBlock ? "unset" : "known";
  return containsUnknown(v) ? "partial" : "known";
}

/** The state of a relative path in one instance (the "most set" over every element a nested `.0.` reaches) and the values found. */
function resolve(obj: Record<string, unknown>, rel: Path, blocks: Set<string>, full: string): { state: State; values: unknown[] } {
  const name = rel[0];
  const v = field(obj, name);
  if (rel.length === 1) return { state: stateOf(v, blocks.has(full)), values: v === undefined ? [] : [v] };
  // rel = name, "0", ...rest
  if (typeof v === "string") return { state: stateOf(v, true), values: [v] };
  const elements = Array.isArray(v) ? v : isObject(v) ? [v] : [];
  let best: { state: State; values: unknown[] } = { state: "unset", values: [] };
  for (const el of elements) {
    if (!isObject(el)) continue;
    const r = resolve(el, rel.slice(2), blocks, full);
    if (RANK[r.state] > RANK[best.state]) best = { state: r.state, values: r.values };
    else if (r.state === best.state) best.values.push(...r.values);
  }
  return best;
}

/** Every primitive at `path` (all elements of every `.0.` block, all members for `*`), with its concrete path. */
function leaves(obj: Record<string, unknown>, path: Path, at: string, out: Array<{ value: unknown; at: string }>): void {
  const name = path[0];
  const v = field(obj, name);
  if (v === undefined || v === null) return;
  const here = at ? `${at}.${name}` : name;
  if (path.length === 1) {
    out.push({ value: v, at: here });
    return;
  }
  if (path[1] === "*") {
    if (Array.isArray(v)) v.forEach((el, i) => out.push({ value: el, at: `${here}.${i}` }));
    else if (isObject(v)) for (const [k, el] of Object.entries(v)) out.push({ value: el, at: `${here}.${k}` });
    return;
  }
  if (Array.isArray(v)) v.forEach((el, i) => isObject(el) && leaves(el, path.slice(2), `${here}.${i}`, out));
  else if (isObject(v)) leaves(v, path.slice(2), `${here}.0`, out);
}

/** A known primitive, or undefined (null, unknown, or not a primitive). */
function known(v: unknown): Prim | undefined {
  if (typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "string") return literalValue(v);
  return undefined;
}

// ---------------------------------------------------------------------------
// Compiled constraints of one type
// ---------------------------------------------------------------------------

interface Rule {
  /** Scope: the common `name.0` prefix of all paths; the rule applies once per instance of it (once at the top level). */
  scope: Path;
  /** Checks one scope instance; returns whether the rule applied (a group always does; conflicts/required_with when their key is set). */
  apply: (inst: { obj: Record<string, unknown>; at: string }, report: (at: string, msg: string) => void) => boolean;
}
interface ValuesRule {
  path: Path;
  check: Check;
}
interface Compiled {
  rules: Rule[];
  values: ValuesRule[];
}

const split = (p: string): Path => p.split(".");
const rel = (p: Path, scope: Path) => p.slice(scope.length);
const show = (p: Path) => p.join(".");

/** Longest common prefix of the paths' parents, cut so it ends at a "0" (a block instance). */
function commonScope(paths: Path[]): Path {
  let n = Math.min(...paths.map((p) => p.length - 1));
  for (let k = 0; k < n; k++) {
    if (paths.some((p) => p[k] !== paths[0][k])) {
      n = k;
      break;
    }
  }
  while (n > 0 && paths[0][n - 1] !== "0") n--;
  return paths[0].slice(0, n);
}

function compile(c: Constraints, where: string): Compiled {
  const all: string[] = [
    ...(c.at_least_one_of ?? []).flat(),
    ...(c.exactly_one_of ?? []).flat(),
    ...Object.entries(c.conflicts_with ?? {}).flat(2),
    ...Object.entries(c.required_with ?? {}).flat(2),
    ...Object.keys(c.values ?? {}),
  ];
  // Paths known to be blocks: anything the table continues with `.0.`.
  const blocks = new Set<string>();
  for (const p of all) for (let k = p.indexOf(".0."); k >= 0; k = p.indexOf(".0.", k + 1)) blocks.add(p.slice(0, k));

  const rules: Rule[] = [];
  const stateIn = (obj: Record<string, unknown>, p: Path, scope: Path) => resolve(obj, rel(p, scope), blocks, show(p));

  for (const group of c.at_least_one_of ?? []) {
    const paths = group.map(split);
    const scope = commonScope(paths);
    const names = paths.map((p) => show(rel(p, scope))).join(", ");
    rules.push({
      scope,
      apply: ({ obj, at }, report) => {
        // Unknown counts as set: the SDK assumes it will be, and validates later.
        if (!paths.some((p) => stateIn(obj, p, scope).state !== "unset")) report(at, `one of ${names} must be set`);
        return true;
      },
    });
  }
  for (const group of c.exactly_one_of ?? []) {
    const paths = group.map(split);
    const scope = commonScope(paths);
    const names = paths.map((p) => show(rel(p, scope))).join(", ");
    rules.push({
      scope,
      apply: ({ obj, at }, report) => {
        const states = paths.map((p) => ({ p, ...stateIn(obj, p, scope) }));
        // The SDK's IsComputed: any unknown inside the value makes it "maybe".
        const knownSet = states.filter((s) => s.state === "known");
        const maybe = states.some((s) => s.state === "unknown" || s.state === "partial");
        if (knownSet.length > 1) {
          const got = Object.fromEntries(knownSet.map((s) => [show(rel(s.p, scope)), s.values.length === 1 ? s.values[0] : s.values]));
          report(at, `only one of ${names} may be set (got ${JSON.stringify(got)})`);
        } else if (knownSet.length === 0 && !maybe) report(at, `one of ${names} must be set`);
        return true;
      },
    });
  }
  for (const [key, targets] of Object.entries(c.conflicts_with ?? {})) {
    const p = split(key);
    const qs = targets.map(split);
    const scope = commonScope([p, ...qs]);
    rules.push({
      scope,
      apply: ({ obj, at }, report) => {
        // Fires only when `p` is wholly known; a `q` that is itself an unknown string is ignored.
        if (stateIn(obj, p, scope).state !== "known") return false;
        for (const q of qs) {
          const s = stateIn(obj, q, scope);
          if (s.state === "known" || s.state === "partial") {
            report(under(at, rel(p, scope)), `conflicts with ${show(rel(q, scope))} (got ${JSON.stringify(s.values.length === 1 ? s.values[0] : s.values)})`);
          }
        }
        return true;
      },
    });
  }
  for (const [key, targets] of Object.entries(c.required_with ?? {})) {
    const p = split(key);
    const qs = targets.map(split);
    const scope = commonScope([p, ...qs]);
    rules.push({
      scope,
      apply: ({ obj, at }, report) => {
        // Unknown counts as set on both sides (the SDK uses c.Get, which reports unknowns as present).
        if (stateIn(obj, p, scope).state === "unset") return false;
        const missing = qs.filter((q) => stateIn(obj, q, scope).state === "unset").map((q) => show(rel(q, scope)));
        if (missing.length) report(under(at, rel(p, scope)), `requires ${qs.map((q) => show(rel(q, scope))).join(", ")} to be set too (missing ${missing.join(", ")})`);
        return true;
      },
    });
  }
  const values = Object.entries(c.values ?? {}).map(([key, spec]) => ({ path: split(key), check: compileSpec(spec, `${where}: ${key}`) }));
  return { rules, values };
}

const under = (at: string, p: Path) => (at ? `${at}.${show(p)}` : show(p));

const compiled = new Map<Constraints, Compiled>();
function compiledFor(c: Constraints, where: string): Compiled {
  let x = compiled.get(c);
  if (!x) {
    x = compile(c, where);
    compiled.set(c, x);
  }
  return x;
}

/**
 * Compiles every constraint of every table (all kinds known, every regexp
 * translatable); throws on the first problem. For the unit tests.
 */
export function compileAllConstraints(): { types: number; values: number } {
  let types = 0;
  let values = 0;
  for (const address of Object.keys(FILES)) {
    const t = table(address)!;
    const entries: Array<[string, Constraints]> = [
      ...Object.entries(t.resources).map(([k, v]): [string, Constraints] => [`resource.${k}`, v]),
      ...Object.entries(t.data_sources).map(([k, v]): [string, Constraints] => [`data.${k}`, v]),
      [`provider.${address}`, t.provider_config],
    ];
    for (const [where, c] of entries) {
      values += compiledFor(c, where).values.length;
      types++;
    }
  }
  return { types, values };
}

// ---------------------------------------------------------------------------
// Checking a stack
// ---------------------------------------------------------------------------

export interface ConstraintReport {
  errors: string[];
  /** Resource + data instances checked against a table. */
  resources: number;
  /** (instance, constraint) pairs that applied: a group/conflicts/required entry with its scope present, a values entry with a known value. */
  rules: number;
  /** `resource.<type>` / `data.<type>` / `provider.<name>` without a table. */
  skipped: string[];
}

/** Applies one type's constraints to one instance body. */
function checkInstance(c: Constraints, where: string, body: Record<string, unknown>, address: string, stack: string, out: ConstraintReport): void {
  const { rules, values } = compiledFor(c, where);
  const report = (at: string, msg: string) => out.errors.push(`${stack}: ${address}: ${at || "(top level)"}: ${msg}`);
  for (const rule of rules) {
    let applied = false;
    for (const inst of instances(body, rule.scope, "")) if (rule.apply(inst, report)) applied = true;
    if (applied) out.rules++;
  }
  const found: Array<{ value: unknown; at: string }> = [];
  for (const { path, check } of values) {
    found.length = 0;
    leaves(body, path, "", found);
    let applied = false;
    for (const { value, at } of found) {
      const v = known(value);
      if (v === undefined) continue; // null or unknown: nothing to check yet
      applied = true;
      for (const msg of check(v)) report(at, `${msg} (got ${JSON.stringify(v)})`);
    }
    if (applied) out.rules++;
  }
}

/**
 * Applies an ad-hoc constraint set to one block body, the way constraintReport
 * applies a table entry (for unit tests of kinds the tables do not use yet).
 */
export function constraintErrors(c: Constraints, body: Record<string, unknown>, address = "resource.test.x", stack = "test"): string[] {
  const out: ConstraintReport = { errors: [], resources: 0, rules: 0, skipped: [] };
  checkInstance(c, address, body, address, stack, out);
  return out.errors;
}

/**
 * Every provider-constraint violation in one synthesized stack, with counts.
 * Error lines: `<stack>: <resource|data|provider>.<type>.<name>: <path>: <rule> (got <JSON>)`.
 */
export function constraintReport(stack: string, tf: Record<string, any>): ConstraintReport {
  const out: ConstraintReport = { errors: [], resources: 0, rules: 0, skipped: [] };
  const skipped = new Set<string>();
  const required: Record<string, { source?: string }> = tf.terraform?.required_providers ?? {};
  const tableOf = (name: string) => table(providerAddress(required[name]?.source ?? name));

  for (const [name, configs] of Object.entries<unknown>(tf.provider ?? {})) {
    const t = tableOf(name);
    if (!t) {
      skipped.add(`provider.${name}`);
      continue;
    }
    const list = Array.isArray(configs) ? configs : [configs];
    list.forEach((config: unknown, i) => {
      if (!isObject(config)) return;
      const label = typeof config.alias === "string" ? config.alias : list.length > 1 ? String(i) : "default";
      checkInstance(t.provider_config, `provider.${name}`, config, `provider.${name}.${label}`, stack, out);
    });
  }
  for (const [kind, section] of [["resource", "resources"], ["data", "data_sources"]] as const) {
    for (const [type, instancesOfType] of Object.entries<Record<string, unknown>>(tf[kind] ?? {})) {
      const c = tableOf(type.split("_")[0])?.[section][type];
      if (!c) {
        skipped.add(`${kind}.${type}`);
        continue;
      }
      for (const [name, body] of Object.entries(instancesOfType ?? {})) {
        if (!isObject(body)) continue;
        out.resources++;
        checkInstance(c, `${kind}.${type}`, body, `${kind}.${type}.${name}`, stack, out);
      }
    }
  }
  out.skipped = [...skipped].sort();
  return out;
}
