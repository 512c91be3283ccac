/// <reference lib="es2022.intl" />
// Intl.Segmenter (below) is ES2022: the reference lets a project that compiles with an older `lib` (cdktf init: es2018) vendor this file.
/**
 * Native HCL (`cdk.tf`) for a stack, rendered from its Terraform JSON
 * (`stack.toTerraform()`, the document `cdk.tf.json` holds) so that both
 * files mean exactly the same. Replaces cdktf 0.21's own renderer, which
 * leaves `\` and `"` unescaped, writes heredocs, crashes on nested nulls,
 * writes lifecycle conditions as attributes and is not `terraform fmt`-clean:
 *
 *     class MyStack extends TerraformStack {
 *       override toHclTerraform() { return renderStackHcl(this); }
 *     }
 *
 * 1. Blocks vs attributes: JSON writes a max-one block as `{...}` and a list
 *    block as `[{...}]`, exactly like an object or list-of-objects attribute.
 *    Each element's own cdktf HCL attribute specs (`toHclTerraform()`, read
 *    as the class returns them) say which paths are blocks (`hclBlockPaths`).
 * 2. Strings are Terraform templates: literal segments are escaped for an
 *    HCL quoted string; `${...}` and `%{...}` are re-tokenized and kept token
 *    for token; a string that is one interpolation becomes a bare expression.
 * 3. Layout: the output is built as lines of tokens, and spaces, indentation
 *    and `=` alignment come from a port of hclwrite's formatter rules (what
 *    `terraform fmt` runs), so the text is fmt-clean by construction.
 */
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization } from "cdktf";
import { IConstruct } from "constructs";

// ---------------------------------------------------------------------------
// Tokens and lines
// ---------------------------------------------------------------------------

/** hclsyntax token types, as far as the formatter rules tell them apart. */
type Kind =
  | "Ident" | "Number" | "OQuote" | "CQuote" | "QuotedLit" | "TemplateInterp" | "TemplateControl" | "TemplateSeqEnd"
  | "OBrace" | "CBrace" | "OBrack" | "CBrack" | "OParen" | "CParen"
  | "Comma" | "Dot" | "Equal" | "Colon" | "DoubleColon" | "Question" | "Ellipsis" | "FatArrow"
  | "Plus" | "Minus" | "Star" | "Slash" | "Percent" | "Bang" | "And" | "Or"
  | "EqualOp" | "NotEqual" | "LessThan" | "LessThanEq" | "GreaterThan" | "GreaterThanEq";

interface Tok {
  readonly k: Kind;
  readonly s: string;
}

/** One output line; `[]` is a blank line. */
type Line = readonly Tok[];

const tok = (k: Kind, s: string): Tok => ({ k, s });
const ident = (s: string): Tok => tok("Ident", s);
const EQUAL = tok("Equal", "=");
const COMMA = tok("Comma", ",");
const OBRACE = tok("OBrace", "{");
const CBRACE = tok("CBrace", "}");
const OBRACK = tok("OBrack", "[");
const CBRACK = tok("CBrack", "]");
const OQUOTE = tok("OQuote", '"');
const CQUOTE = tok("CQuote", '"');

/** Longest first. `::` is provider-function namespacing (Terraform 1.8+). */
const OPERATORS: ReadonlyArray<readonly [string, Kind]> = [
  ["...", "Ellipsis"], ["==", "EqualOp"], ["!=", "NotEqual"], ["<=", "LessThanEq"], [">=", "GreaterThanEq"],
  ["&&", "And"], ["||", "Or"], ["=>", "FatArrow"], ["::", "DoubleColon"],
  ["+", "Plus"], ["-", "Minus"], ["*", "Star"], ["/", "Slash"], ["%", "Percent"], ["<", "LessThan"], [">", "GreaterThan"],
  ["!", "Bang"], ["?", "Question"], [":", "Colon"], [".", "Dot"], [",", "Comma"], ["=", "Equal"],
  ["(", "OParen"], [")", "CParen"], ["[", "OBrack"], ["]", "CBrack"], ["{", "OBrace"], ["}", "CBrace"],
];
const IDENT = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

// ---------------------------------------------------------------------------
// Templates and expressions
// ---------------------------------------------------------------------------

/** A literal character of a JSON template, escaped for an HCL quoted string. */
function escapeChar(c: string): string {
  switch (c) {
    case "\\": return "\\\\";
    case '"': return '\\"';
    case "\n": return "\\n";
    case "\r": return "\\r";
    case "\t": return "\\t";
  }
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, "0")}` : c;
}

/**
 * Tokenizes Terraform templates and expressions the way hclsyntax's scanner
 * splits them. Whitespace between expression tokens is dropped (the
 * formatter rules put it back), everything else is kept as written.
 */
class Lexer {
  private pos = 0;
  private readonly toks: Tok[] = [];

  private constructor(private readonly src: string) {}

  /** A JSON string (a bare template) as an HCL quoted template: `"`, escaped literals, interpolations, `"`. */
  static template(src: string): Tok[] {
    const lx = new Lexer(src);
    lx.toks.push(OQUOTE);
    lx.templateBody(false);
    lx.toks.push(CQUOTE);
    return lx.toks;
  }

  /** A JSON string that holds one expression (a reference, a type, ...). */
  static expression(src: string): Tok[] {
    const lx = new Lexer(src);
    lx.expr(false);
    return lx.toks;
  }

  /**
   * Literal segments and template sequences up to the end of the source
   * (the outer template: literals get escaped) or up to the closing `"` of
   * a string nested in an expression (already HCL quoted syntax: kept).
   */
  private templateBody(nested: boolean): void {
    const s = this.src;
    let lit = "";
    const flush = () => {
      if (lit) this.toks.push(tok("QuotedLit", lit));
      lit = "";
    };
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (nested && c === '"') {
        flush();
        this.toks.push(CQUOTE);
        this.pos++;
        return;
      }
      if (nested && c === "\\") {
        lit += s.slice(this.pos, this.pos + 2);
        this.pos += 2;
        continue;
      }
      if ((c === "$" || c === "%") && s[this.pos + 1] === c && s[this.pos + 2] === "{") {
        lit += s.slice(this.pos, this.pos + 3); // `$${` / `%%{`: escapes, same in both syntaxes
        this.pos += 3;
        continue;
      }
      if ((c === "$" || c === "%") && s[this.pos + 1] === "{") {
        flush();
        const open = s[this.pos + 2] === "~" ? `${c}{~` : `${c}{`;
        this.toks.push(tok(c === "$" ? "TemplateInterp" : "TemplateControl", open));
        this.pos += open.length;
        this.expr(true);
        continue;
      }
      lit += nested ? (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c) : escapeChar(c);
      this.pos++;
    }
    if (nested) throw new Error(`renderStackHcl: unterminated string in ${JSON.stringify(s)}`);
    flush();
  }

  /** Expression tokens up to the `}` (or `~}`) that ends the current template sequence, or to the end of the source. */
  private expr(inTemplate: boolean): void {
    const s = this.src;
    let depth = 0;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") {
        this.pos++;
        continue;
      }
      if (inTemplate && depth === 0 && (c === "}" || s.startsWith("~}", this.pos))) {
        const close = c === "}" ? "}" : "~}";
        this.toks.push(tok("TemplateSeqEnd", close));
        this.pos += close.length;
        return;
      }
      if (c === '"') {
        this.toks.push(OQUOTE);
        this.pos++;
        this.templateBody(true);
        continue;
      }
      if (c === "#" || s.startsWith("//", this.pos) || s.startsWith("/*", this.pos) || s.startsWith("<<", this.pos)) {
        throw new Error(`renderStackHcl: comments and heredocs inside expressions are not supported: ${JSON.stringify(s)}`);
      }
      const word = this.match(IDENT) ?? this.match(NUMBER);
      if (word) {
        this.toks.push(tok(/^[0-9]/.test(word) ? "Number" : "Ident", word));
        this.pos += word.length;
        continue;
      }
      const op = OPERATORS.find(([text]) => s.startsWith(text, this.pos));
      if (!op) throw new Error(`renderStackHcl: unexpected ${JSON.stringify(c)} in expression ${JSON.stringify(s)}`);
      if (op[1] === "OBrace") depth++;
      if (op[1] === "CBrace") depth--;
      this.toks.push(tok(op[1], op[0]));
      this.pos += op[0].length;
    }
    if (inTemplate) throw new Error(`renderStackHcl: unterminated template sequence in ${JSON.stringify(s)}`);
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    return re.exec(this.src)?.[0];
  }
}

function bracketChange(t: Tok): number {
  switch (t.k) {
    case "OBrace": case "OBrack": case "OParen": case "TemplateInterp": case "TemplateControl": return 1;
    case "CBrace": case "CBrack": case "CParen": case "TemplateSeqEnd": return -1;
    default: return 0;
  }
}

/** A string value: a quoted template, or the bare expression when the string is exactly one `${...}`. */
function templateTokens(src: string): Tok[] {
  const toks = Lexer.template(src);
  if (toks.length < 5 || toks[1].k !== "TemplateInterp") return toks;
  let depth = 0;
  for (let i = 1; i < toks.length; i++) {
    depth += bracketChange(toks[i]);
    if (depth === 0) return i === toks.length - 2 ? toks.slice(2, -2) : toks;
  }
  return toks;
}

/** A string that JSON reads as an expression (`depends_on`, `provider`, `type`, ...), bare; a `${...}` wrapper is dropped. */
function expressionTokens(src: string): Tok[] {
  const toks = templateTokens(src);
  return toks[0] === OQUOTE ? Lexer.expression(src) : toks;
}

// ---------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------

/** A rendered expression: one line of tokens, or an opening bracket, inner lines and a closing bracket. */
type Value = { readonly inline: Tok[] } | { readonly open: Tok; readonly lines: Line[]; readonly close: Tok };

const BARE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Identifiers that HCL would not read as a literal key (`{ null = 1 }`, `{ for = 1 }`): quoted. */
const RESERVED_KEYS = new Set(["true", "false", "null", "for"]);

/**
 * A JSON value as an HCL expression. `literal`: Terraform reads the JSON
 * without evaluating it (variable `default` and `description`, output
 * `description`, `required_version`, `required_providers`, backend and
 * `cloud` settings, module `source`/`version`, provider `alias`), so its
 * strings are not templates there: they are written with `${` and `%{`
 * escaped, and mean the same text in HCL.
 */
function value(v: unknown, literal = false): Value {
  if (v === null || v === undefined) return { inline: [ident("null")] };
  if (typeof v === "boolean") return { inline: [ident(String(v))] };
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`renderStackHcl: ${v} has no HCL form`);
    const n = tok("Number", String(Math.abs(v)));
    return { inline: v < 0 ? [tok("Minus", "-"), n] : [n] };
  }
  if (typeof v === "string") return { inline: literal ? literalTokens(v) : templateTokens(v) };
  if (Array.isArray(v)) return list(v.map((x) => value(x, literal)));
  if (typeof v === "object") return object(Object.entries(v).map(([k, x]): [Tok[], Value] => [keyTokens(k, literal), value(x, literal)]));
  throw new Error(`renderStackHcl: a ${typeof v} has no HCL form`);
}

/** Object keys are templates in JSON (literal where the value is): bare when an identifier, else quoted. */
function keyTokens(k: string, literal = false): Tok[] {
  return BARE_KEY.test(k) && !RESERVED_KEYS.has(k) ? [ident(k)] : literal ? literalTokens(k) : Lexer.template(k);
}

/** A literal string (not a template) as an HCL quoted string: escaped, with `${` / `%{` written `$${` / `%%{`. */
function literalTokens(s: string): Tok[] {
  const text = [...s].map(escapeChar).join("").replace(/([$%])\{/g, "$1$1{");
  return text ? [OQUOTE, tok("QuotedLit", text), CQUOTE] : [OQUOTE, CQUOTE];
}

/** `[]`, `[x]` on one line, or one element per line with trailing commas. */
function list(items: Value[]): Value {
  if (items.length === 0) return { inline: [OBRACK, CBRACK] };
  const [first] = items;
  if (items.length === 1 && "inline" in first) return { inline: [OBRACK, ...first.inline, CBRACK] };
  return { open: OBRACK, lines: items.flatMap((v) => ("inline" in v ? [[...v.inline, COMMA]] : [[v.open], ...v.lines, [v.close, COMMA]])), close: CBRACK };
}

/** `{}`, `{ k = v }` on one line, or one `k = v` per line. */
function object(entries: Array<[Tok[], Value]>): Value {
  if (entries.length === 0) return { inline: [OBRACE, CBRACE] };
  const [[key, first]] = entries;
  if (entries.length === 1 && "inline" in first) return { inline: [OBRACE, ...key, EQUAL, ...first.inline, CBRACE] };
  return { open: OBRACE, lines: entries.flatMap(([k, v]) => assignment(k, v)), close: CBRACE };
}

function assignment(name: Tok[], v: Value): Line[] {
  return "inline" in v ? [[...name, EQUAL, ...v.inline]] : [[...name, EQUAL, v.open], ...v.lines, [v.close]];
}

const ref = (v: unknown): Value => (typeof v === "string" ? { inline: expressionTokens(v) } : value(v));
const refs = (v: unknown): Value => (Array.isArray(v) ? list(v.map(ref)) : ref(v));

// ---------------------------------------------------------------------------
// Bodies and blocks
// ---------------------------------------------------------------------------

/** Order of items in a body: meta-arguments, attributes, blocks, lifecycle, depends_on. A blank line separates groups and surrounds blocks. */
const enum Group { Meta, Attribute, Block, Lifecycle, Tail }

interface Item {
  readonly lines: Line[];
  readonly block: boolean;
  readonly group: Group;
}

/** Where a body sits: the block paths of its element, and its own path prefix (`a.b.`). */
interface Ctx {
  readonly blocks: ReadonlySet<string>;
  readonly path: string;
  /** Terraform reads this body's attributes without evaluating them (see `value`). */
  readonly literal?: boolean;
}

/** How a body renders a key that is not a plain attribute. */
type Special = (v: unknown, ctx: Ctx) => Item[];

const NONE: Ctx = { blocks: new Set(), path: "" };

function attr(name: string, v: Value, group = Group.Attribute): Item {
  if (!BARE_KEY.test(name)) throw new Error(`renderStackHcl: ${JSON.stringify(name)} is not a valid HCL argument name`);
  return { lines: assignment([ident(name)], v), block: false, group };
}

function blockLines(type: string, labels: readonly string[], body: Line[]): Line[] {
  const head = [ident(type), ...labels.flatMap(literalTokens)]; // labels are literal strings, not templates
  return body.length === 0 ? [[...head, OBRACE, CBRACE]] : [[...head, OBRACE], ...body, [CBRACE]];
}

function block(type: string, labels: readonly string[], body: Line[], group = Group.Block): Item {
  return { lines: blockLines(type, labels, body), block: true, group };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const entries = (v: unknown): Array<[string, unknown]> => (isObject(v) ? Object.entries(v) : []);

function joinItems(items: Item[]): Line[] {
  const sorted = [...items].sort((a, b) => a.group - b.group);
  return sorted.flatMap((it, i) => {
    const prev = sorted[i - 1];
    return prev && (it.block || prev.block || it.group !== prev.group) ? [[], ...it.lines] : it.lines;
  });
}

/**
 * A block body: `special` keys first, then nested blocks where the element's
 * specs say so, everything else an attribute. `//` (comments) is skipped.
 */
function body(obj: unknown, ctx: Ctx, special: Readonly<Record<string, Special>> = NESTED): Line[] {
  const items: Item[] = [];
  for (const [k, v] of entries(obj)) {
    if (k === "//" || v === undefined) continue;
    const sp = Object.prototype.hasOwnProperty.call(special, k) ? special[k] : undefined;
    if (sp) items.push(...sp(v, ctx));
    else if (ctx.blocks.has(ctx.path + k) && (v === null || isObject(v) || (Array.isArray(v) && v.every(isObject)))) {
      const inner = { ...ctx, path: `${ctx.path}${k}.` };
      items.push(...asArray(v).map((b) => block(k, [], body(b, inner))));
    } else items.push(attr(k, value(v, ctx.literal)));
  }
  return joinItems(items);
}

/** `dynamic "name" { for_each, iterator, labels, content { ... } }`; the content is the block `name`. */
const dynamic: Special = (v, ctx) =>
  entries(v).map(([name, d]) => {
    const inner: Ctx = { blocks: ctx.blocks, path: `${ctx.path}${name}.` };
    return block("dynamic", [name], body(d, NONE, { iterator: (x) => [attr("iterator", ref(x))], content: (x) => [block("content", [], body(x, inner))] }));
  });

const conditions = (type: string): Special => (v) => asArray(v).map((c) => block(type, [], body(c, NONE)));

/** Nested blocks: attributes, blocks and `dynamic` blocks. */
const NESTED: Readonly<Record<string, Special>> = { dynamic };

const LIFECYCLE: Readonly<Record<string, Special>> = {
  ignore_changes: (v) => [attr("ignore_changes", refs(v))],
  replace_triggered_by: (v) => [attr("replace_triggered_by", refs(v))],
  precondition: conditions("precondition"),
  postcondition: conditions("postcondition"),
};

const PROVISIONER: Readonly<Record<string, Special>> = {
  when: (v) => [attr("when", ref(v))],
  on_failure: (v) => [attr("on_failure", ref(v))],
  connection: (v) => [block("connection", [], body(v, NONE, {}))],
};

/** Resources and data sources: meta-arguments, then the element's attributes and blocks. */
const RESOURCE: Readonly<Record<string, Special>> = {
  count: (v) => [attr("count", value(v), Group.Meta)],
  for_each: (v) => [attr("for_each", value(v), Group.Meta)],
  provider: (v) => [attr("provider", ref(v), Group.Meta)],
  depends_on: (v) => [attr("depends_on", refs(v), Group.Tail)],
  lifecycle: (v) => [block("lifecycle", [], body(v, NONE, LIFECYCLE), Group.Lifecycle)],
  provisioner: (v) => asArray(v).flatMap((p) => entries(p).map(([type, b]) => block("provisioner", [type], body(b, NONE, PROVISIONER)))),
  connection: (v) => [block("connection", [], body(v, NONE, {}))],
  dynamic,
};

/** Attributes Terraform reads without evaluating them. */
const literalAttrs = (...names: string[]): Record<string, Special> => Object.fromEntries(names.map((n): [string, Special] => [n, (v) => [attr(n, value(v, true))]]));

const PROVIDER: Readonly<Record<string, Special>> = { ...literalAttrs("alias", "version"), dynamic };
const VARIABLE: Readonly<Record<string, Special>> = { ...literalAttrs("default", "description"), type: (v) => [attr("type", ref(v))], validation: conditions("validation") };
const OUTPUT: Readonly<Record<string, Special>> = { ...literalAttrs("description"), depends_on: (v) => [attr("depends_on", refs(v), Group.Tail)], precondition: conditions("precondition") };
const MODULE: Readonly<Record<string, Special>> = {
  ...literalAttrs("source", "version"),
  count: RESOURCE.count,
  for_each: RESOURCE.for_each,
  depends_on: RESOURCE.depends_on,
  providers: (v) => [attr("providers", object(entries(v).map(([k, p]): [Tok[], Value] => [expressionTokens(k), ref(p)])))],
};
const MOVED: Readonly<Record<string, Special>> = { from: (v) => [attr("from", ref(v))], to: (v) => [attr("to", ref(v))] };
const IMPORT: Readonly<Record<string, Special>> = { to: MOVED.to, provider: RESOURCE.provider };
const REMOVED: Readonly<Record<string, Special>> = { from: MOVED.from, lifecycle: RESOURCE.lifecycle, provisioner: RESOURCE.provisioner, connection: RESOURCE.connection };

const TERRAFORM: Readonly<Record<string, Special>> = {
  ...literalAttrs("required_version"),
  required_providers: (v) => {
    const providers = entries(v).map(([name, spec]) =>
      attr(name, isObject(spec) ? object(Object.entries(spec).map(([k, x]): [Tok[], Value] => [keyTokens(k, true), k === "configuration_aliases" ? refs(x) : value(x, true)])) : value(spec, true)),
    );
    return [block("required_providers", [], joinItems(providers))];
  },
  backend: (v) => entries(v).map(([type, b]) => block("backend", [type], body(b, { ...NONE, literal: true }, {}))),
  cloud: (v) => [block("cloud", [], body(v, { blocks: new Set(["workspaces"]), path: "", literal: true }, {}))],
};

// ---------------------------------------------------------------------------
// Layout: a port of hclwrite's formatter (format.go), the rules `terraform fmt` applies
// ---------------------------------------------------------------------------

/** A `-` right after one of these is a negation (no space after it). */
const NEGATION_AFTER = new Set<Kind>([
  "OParen", "OBrace", "OBrack", "Equal", "Colon", "Comma", "Question", "Plus", "Star", "Slash", "Percent", "Minus",
  "EqualOp", "NotEqual", "GreaterThan", "GreaterThanEq", "LessThan", "LessThanEq", "And", "Or", "Bang",
]);

/** hclwrite's `spaceAfterToken`: whether `subject` is followed by a space when `after` comes next. */
function spaceAfter(subject: Tok, before: Tok | undefined, after: Tok): boolean {
  const s = subject.k;
  const a = after.k;
  if (s === "Ident" && a === "OParen") return false;
  if ((s === "Ident" && a === "DoubleColon") || (s === "DoubleColon" && a === "Ident")) return false;
  if (s === "Dot" || a === "Dot") return false;
  if (a === "Comma" || a === "Ellipsis") return false;
  if (s === "Comma") return true;
  if (s === "QuotedLit" || s === "OQuote" || a === "QuotedLit" || a === "CQuote") return false;
  if (s === "Ident" && subject.s === "in" && before?.k === "Ident") return true;
  if (a === "OBrack" && (s === "Ident" || s === "Number" || bracketChange(subject) < 0)) return false;
  if (s === "Bang") return false;
  if (s === "Minus") return before !== undefined && !NEGATION_AFTER.has(before.k);
  if (s === "OBrace" || a === "CBrace") return !(s === "OBrace" && a === "CBrace");
  if ((s === "TemplateInterp" || s === "TemplateControl") && a === "OBrace") return true;
  if (s === "CBrace" && a === "TemplateSeqEnd") return true;
  if (s === "TemplateSeqEnd" && (a === "TemplateInterp" || a === "TemplateControl")) return false;
  if (bracketChange(subject) > 0) return false;
  if (bracketChange(after) < 0) return false;
  return true;
}

function cellText(toks: readonly Tok[]): string {
  return toks.map((t, i) => (i > 0 && spaceAfter(toks[i - 1], toks[i - 2], t) ? ` ${t.s}` : t.s)).join("");
}

const SEGMENTER = new Intl.Segmenter(undefined, { granularity: "grapheme" });
/** Display columns as hclwrite counts them (grapheme clusters). */
const columns = (s: string): number => (/^[\x20-\x7e]*$/.test(s) ? s.length : [...SEGMENTER.segment(s)].length);

/** Lines of tokens as text: hclwrite's indentation (by bracket nesting), spacing, and `=` alignment over runs of one-line assignments. */
function layout(lines: readonly Line[]): string {
  const indents: number[] = [];
  const rows = lines.map((toks) => {
    if (toks.length === 0) return undefined;
    const eq = toks.findIndex((t, i) => i > 0 && t.k === "Equal");
    const split = eq > 0 && toks.slice(eq).reduce((n, t) => n + bracketChange(t), 0) === 0;
    const net = toks.reduce((n, t) => n + bracketChange(t), 0);
    let indent = 2 * indents.length;
    if (net > 0) indents.push(net);
    else if (net < 0) {
      for (let closed = -net; closed > 0 && indents.length > 0; ) {
        const top = indents[indents.length - 1];
        if (closed < top) {
          indents[indents.length - 1] = top - closed;
          closed = 0;
        } else {
          indents.pop();
          closed -= top;
        }
      }
      indent = 2 * indents.length;
    }
    const lead = " ".repeat(indent) + cellText(split ? toks.slice(0, eq) : toks);
    return { lead, assign: split ? cellText(toks.slice(eq)) : undefined };
  });
  const out: string[] = [];
  for (let i = 0; i < rows.length; ) {
    const row = rows[i];
    if (!row?.assign) {
      out.push(row?.lead ?? "");
      i++;
      continue;
    }
    let end = i;
    while (rows[end]?.assign !== undefined) end++;
    const width = Math.max(...rows.slice(i, end).map((r) => columns(r!.lead)));
    for (; i < end; i++) out.push(`${rows[i]!.lead}${" ".repeat(width - columns(rows[i]!.lead) + 1)}${rows[i]!.assign}`);
  }
  return out.join("\n");
}

// ---------------------------------------------------------------------------
// Block oracle: which attribute paths the elements' HCL specs call blocks
// ---------------------------------------------------------------------------

/** The elements of a stack, not descending into nested stacks (as `TerraformStack` collects them). */
function elementsOf(scope: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(scope)) into.push(scope);
  for (const child of scope.node.children) if (!TerraformStack.isStack(child)) elementsOf(child, into);
  return into;
}

/** A cdktf HCL attribute spec `{ value, isBlock, type, storageClassType }` (snake_case keys on providers). */
function spec(v: unknown): { block: boolean; value: unknown } | undefined {
  if (!isObject(v) || !("value" in v)) return undefined;
  if (!("isBlock" in v || "is_block" in v || "storageClassType" in v || "storage_class_type" in v)) return undefined;
  return { block: v.isBlock === true || v.is_block === true, value: v.value };
}

function collect(attributes: unknown, prefix: string, into: Set<string>): Set<string> {
  for (const [k, v] of entries(attributes)) {
    const s = spec(v);
    if (!s?.block) continue;
    into.add(prefix + k);
    for (const item of asArray(s.value)) collect(item, `${prefix}${k}.`, into);
  }
  return into;
}

/**
 * For each resource (`resource.<type>.<name>`), data source
 * (`data.<type>.<name>`) and provider (`provider.<name>`, all its
 * instances together) of the stack: the attribute paths (`a.b`, array
 * indices removed) that are nested blocks, read from the elements' own
 * `toHclTerraform()` specs resolved as `TerraformStack.toHclTerraform()`
 * resolves them. Attributes without a spec (raw overrides) are not blocks.
 */
export function hclBlockPaths(stack: TerraformStack): Map<string, Set<string>> {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const paths = new Map<string, Set<string>>();
  const add = (key: string, attributes: unknown) => collect(attributes, "", paths.get(key) ?? paths.set(key, new Set()).get(key)!);
  for (const element of elementsOf(stack)) {
    const fragment: unknown = Tokenization.resolve(element.toHclTerraform(), { scope: stack, preparing: false, resolver });
    if (!isObject(fragment)) continue;
    for (const kind of ["resource", "data"]) {
      for (const [type, byName] of entries(fragment[kind])) for (const [name, attributes] of entries(byName)) add(`${kind}.${type}.${name}`, attributes);
    }
    for (const [name, instances] of entries(fragment.provider)) for (const attributes of asArray(instances)) add(`provider.${name}`, attributes);
  }
  return paths;
}

// ---------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------

const TOP_LEVEL = ["//", "terraform", "provider", "variable", "locals", "data", "resource", "module", "output", "moved", "import", "removed"];

/**
 * The stack as native HCL meaning exactly what its Terraform JSON
 * (`stack.toTerraform()`) means, formatted as `terraform fmt` leaves it;
 * `metadata` is `{ "//": ..., terraform: ... }` from the JSON, the parts of
 * cdktf's own metadata file that the cdktf CLI reads. Same shape as
 * `TerraformStack.toHclTerraform()`. Call it where cdktf would (after the
 * app prepared the stack and ran its aspects).
 */
export function renderStackHcl(stack: TerraformStack): { hcl: string; metadata: Record<string, unknown> } {
  const tf = stack.toTerraform() as Record<string, unknown>;
  const unknown = Object.keys(tf).filter((k) => !TOP_LEVEL.includes(k));
  if (unknown.length > 0) throw new Error(`renderStackHcl: no HCL rendering for top-level ${unknown.map((k) => JSON.stringify(k)).join(", ")}`);
  const oracle = hclBlockPaths(stack);
  const ctx = (key: string): Ctx => ({ blocks: oracle.get(key) ?? NONE.blocks, path: "" });

  const blocks: Line[][] = [];
  const emit = (type: string, labels: string[], lines: Line[]) => blocks.push(blockLines(type, labels, lines));
  if (tf.terraform !== undefined) emit("terraform", [], body(tf.terraform, NONE, TERRAFORM));
  for (const [name, instances] of entries(tf.provider)) for (const b of asArray(instances)) emit("provider", [name], body(b, ctx(`provider.${name}`), PROVIDER));
  for (const [name, b] of entries(tf.variable)) emit("variable", [name], body(b, NONE, VARIABLE));
  if (tf.locals !== undefined) emit("locals", [], body(tf.locals, NONE, {}));
  for (const kind of ["data", "resource"]) {
    for (const [type, byName] of entries(tf[kind])) for (const [name, b] of entries(byName)) emit(kind, [type, name], body(b, ctx(`${kind}.${type}.${name}`), RESOURCE));
  }
  for (const [name, b] of entries(tf.module)) emit("module", [name], body(b, NONE, MODULE));
  for (const [name, b] of entries(tf.output)) emit("output", [name], body(b, NONE, OUTPUT));
  for (const [type, special] of [["moved", MOVED], ["import", IMPORT], ["removed", REMOVED]] as const) for (const b of asArray(tf[type])) emit(type, [], body(b, NONE, special));

  const lines = blocks.flatMap((b, i) => (i === 0 ? b : [[], ...b]));
  // The metadata file cdktf writes beside cdk.tf, which the cdktf CLI reads (`["//"].metadata`, `terraform.required_providers`).
  return { hcl: lines.length === 0 ? "" : `${layout(lines)}\n`, metadata: { "//": isObject(tf["//"]) ? tf["//"] : {}, terraform: isObject(tf.terraform) ? tf.terraform : {} } };
}
