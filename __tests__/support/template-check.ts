/**
 * Offline stand-in for the expression half of `terraform validate` on a
 * synthesized Terraform JSON stack (`cdk.tf.json` parsed): every JSON string
 * in an expression position is an HCL template (`hclsyntax.ParseTemplate`),
 * so it is parsed here the same way and checked for what validate reports
 * without providers: template and expression syntax (unterminated strings,
 * brackets and interpolations, invalid escapes in nested quoted strings,
 * invalid `%{...}` keywords, unbalanced `if`/`for` directives) and references
 * to things the stack does not declare (variables, locals, resources, data
 * sources, modules, `count`/`each` outside a counted/for_each context).
 *
 * What it does NOT do: evaluate anything (types, function arity, unknown
 * function names, attribute names of referenced resources).
 */

/** Names always valid as the first part of a reference. */
const BUILTIN_ROOTS = new Set(["self", "path", "terraform"]);
/** `lifecycle` entries that are not template expressions (attribute names, booleans): skipped. */
const LITERAL_LIFECYCLE = new Set(["ignore_changes", "create_before_destroy", "prevent_destroy"]);

/**
 * The value of a known literal template, or undefined when it contains an
 * interpolation (`${`) or directive (`%{`). `$${` and `%%{` are escapes for
 * a literal `${` / `%{` (HCL scans left to right, so `$$${` is `$` + escape).
 * Backslashes are NOT escapes at this level: a JSON string is a bare template
 * (the JSON decoder has already handled `\\`); only quoted strings inside an
 * expression have backslash escapes.
 */
export function literalValue(s: string): string | undefined {
  if (!s.includes("{")) return s;
  let out = "";
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "$" && c !== "%") continue;
    if (s[i + 1] === c && s[i + 2] === "{") {
      out += s.slice(last, i + 1); // keep one `$`/`%`, drop the other
      last = i + 2;
      i += 2;
    } else if (s[i + 1] === "{") return undefined;
  }
  return out + s.slice(last);
}

// ---------------------------------------------------------------------------
// Template / expression parser (character level, recursive descent)
// ---------------------------------------------------------------------------

interface Ref {
  root: string;
  /** Attribute names directly following the root (`a.b.c` -> ["b", "c"]). */
  parts: string[];
  bound: boolean;
}

/** A parse error that ends the parse of this template (HCL stops at the first syntax error, too). */
class Stop extends Error {}

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const ID_START = /[\p{ID_Start}_]/u;
const ID_CONTINUE = /[\p{ID_Continue}-]/u;
function isIdStart(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return ID_START.test(c);
}
function isIdContinue(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 45;
  return ID_CONTINUE.test(c);
}

/** `{ ident }` when an expression was exactly one bare identifier (an object key that is a literal name). */
interface ExprInfo {
  ident?: string;
}

class TemplateParser {
  pos = 0;
  readonly problems: string[] = [];
  readonly refs: Ref[] = [];
  private readonly scopes: string[][] = [];

  constructor(
    private readonly src: string,
    bound: Iterable<string>,
  ) {
    this.scopes.push([...bound]);
  }

  /** Parses the whole string as a bare template (a JSON string value or key). */
  parseBare(): void {
    try {
      this.template(false);
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      this.problems.push(e.message);
    }
  }

  private fail(message: string): never {
    throw new Stop(message);
  }

  /** The current character (a method, not a getter, so TypeScript does not narrow it across `pos` changes). */
  private ch(): string | undefined {
    return this.src[this.pos];
  }

  private at(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  private isBound(name: string): boolean {
    for (const scope of this.scopes) if (scope.includes(name)) return true;
    return false;
  }

  /**
   * Template content until the end of input (bare) or a closing `"` (quoted,
   * with backslash escapes). Keeps a stack of open `if`/`for` directives.
   */
  private template(quoted: boolean): void {
    const directives: Array<{ kw: "if" | "for"; hadElse: boolean; names: number }> = [];
    for (;;) {
      const c = this.ch();
      if (c === undefined) {
        if (quoted) this.fail("Unterminated template string");
        break;
      }
      if (quoted && c === '"') {
        this.pos++;
        break;
      }
      if (quoted && c === "\\") {
        this.escape();
        continue;
      }
      if (quoted && c === "\n") this.fail("Invalid multi-line string (quoted strings may not contain a newline)");
      if ((c === "$" || c === "%") && this.src[this.pos + 1] === c && this.src[this.pos + 2] === "{") {
        this.pos += 3; // `$${` / `%%{`: literal
        continue;
      }
      if (c === "$" && this.src[this.pos + 1] === "{") {
        this.pos += 2;
        if (this.ch() === "~") this.pos++;
        this.expr();
        this.closeBrace("interpolation");
        continue;
      }
      if (c === "%" && this.src[this.pos + 1] === "{") {
        this.pos += 2;
        this.directive(directives);
        continue;
      }
      this.pos++;
    }
    if (directives.length > 0) {
      const open = directives[directives.length - 1].kw;
      this.fail(`Unterminated template %{${open}} (no matching %{end${open}})`);
    }
  }

  private directive(stack: Array<{ kw: "if" | "for"; hadElse: boolean; names: number }>): void {
    if (this.ch() === "~") this.pos++;
    this.ws();
    const start = this.pos;
    while (isIdContinue(this.ch())) this.pos++;
    const kw = this.src.slice(start, this.pos);
    const top = stack[stack.length - 1];
    switch (kw) {
      case "if":
        this.expr();
        this.closeBrace("directive");
        stack.push({ kw: "if", hadElse: false, names: 0 });
        return;
      case "else":
        if (!top || top.kw !== "if" || top.hadElse) this.fail("Unexpected %{else} (no open %{if})");
        top.hadElse = true;
        this.closeBrace("directive");
        return;
      case "endif":
      case "endfor": {
        const want = kw === "endif" ? "if" : "for";
        if (!top || top.kw !== want) this.fail(`Unexpected %{${kw}} (no open %{${want}})`);
        this.closeBrace("directive");
        stack.pop();
        if (top.names) this.scopes.pop();
        return;
      }
      case "for": {
        const names = this.forIntro();
        this.closeBrace("directive");
        this.scopes.push(names);
        stack.push({ kw: "for", hadElse: false, names: 1 });
        return;
      }
      default:
        this.fail(`Invalid template control keyword "${kw || this.src.slice(start, start + 10)}" (only if, else, endif, for, endfor)`);
    }
  }

  /** Optional `~`, then `}`. */
  private closeBrace(what: "interpolation" | "directive"): void {
    this.ws();
    if (this.ch() === "~") this.pos++;
    if (this.ch() === "}") {
      this.pos++;
      return;
    }
    if (this.ch() === undefined) this.fail(`Unterminated template ${what} (missing "}")`);
    this.fail(`Extra characters after ${what} expression: ${JSON.stringify(this.src.slice(this.pos, this.pos + 20))}`);
  }

  /** A backslash escape in a quoted string: only \\ \" \n \r \t \uXXXX \UXXXXXXXX are valid HCL. */
  private escape(): void {
    const c = this.src[this.pos + 1];
    if (c === undefined) this.fail("Unterminated template string");
    if ("\\\"nrt".includes(c)) {
      this.pos += 2;
      return;
    }
    if (c === "u" || c === "U") {
      const n = c === "u" ? 4 : 8;
      const hex = this.src.slice(this.pos + 2, this.pos + 2 + n);
      if (hex.length === n && [...hex].every(isHex)) {
        this.pos += 2 + n;
        return;
      }
      this.problems.push(`Invalid escape sequence "\\${c}${hex}" (\\${c} needs ${n} hex digits)`);
      this.pos += 2;
      return;
    }
    this.problems.push(`Invalid escape sequence "\\${c}" (only \\\\ \\" \\n \\r \\t \\uNNNN \\UNNNNNNNN)`);
    this.pos += 2;
  }

  /** Whitespace (newlines included: newlines only separate object elements, and this parser accepts those liberally) and comments. */
  private ws(): void {
    for (;;) {
      const c = this.ch();
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.pos++;
      else if (c === "#" || this.at("//")) {
        while (this.ch() !== undefined && this.ch() !== "\n") this.pos++;
      } else if (this.at("/*")) {
        const end = this.src.indexOf("*/", this.pos + 2);
        if (end < 0) this.fail("Unterminated comment");
        this.pos = end + 2;
      } else return;
    }
  }

  private keyword(word: string): boolean {
    return this.at(word) && !isIdContinue(this.src[this.pos + word.length]);
  }

  private expect(s: string, context: string): void {
    this.ws();
    if (this.at(s)) {
      this.pos += s.length;
      return;
    }
    if (this.ch() === undefined) this.fail(`Unterminated ${context} (missing "${s}")`);
    this.fail(`Expected "${s}" in ${context}, found ${JSON.stringify(this.src.slice(this.pos, this.pos + 20))}`);
  }

  private ident(): string {
    this.ws();
    if (!isIdStart(this.ch())) this.fail(`Expected a name, found ${this.ch() === undefined ? "end of input" : JSON.stringify(this.src.slice(this.pos, this.pos + 20))}`);
    const start = this.pos;
    while (isIdContinue(this.ch())) this.pos++;
    return this.src.slice(start, this.pos);
  }

  /** `for k, v in coll :` / `%{ for k, v in coll }` after the `for` keyword: returns the bound names; `coll` is outside their scope. */
  private forIntro(): string[] {
    const names = [this.ident()];
    this.ws();
    if (this.ch() === ",") {
      this.pos++;
      names.push(this.ident());
    }
    this.ws();
    if (!this.keyword("in")) this.fail(`Expected "in" in for expression`);
    this.pos += 2;
    this.expr();
    return names;
  }

  // Expressions -------------------------------------------------------------

  expr(): ExprInfo {
    const e = this.binary(0);
    this.ws();
    if (this.ch() === "?") {
      this.pos++;
      this.expr();
      this.expect(":", "conditional expression");
      this.expr();
      return {};
    }
    return e;
  }

  private static readonly LEVELS: string[][] = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]];

  private binary(level: number): ExprInfo {
    if (level === TemplateParser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.ws();
      const op = TemplateParser.LEVELS[level].find((o) => this.at(o));
      if (!op) return left;
      // `<<` is a heredoc, `=>` belongs to for-objects, `%{` / `*]` are not operators here.
      if ((op === "<" && this.at("<<")) || (op === "%" && this.at("%{"))) return left;
      this.pos += op.length;
      this.binary(level + 1);
      left = {};
    }
  }

  private unary(): ExprInfo {
    this.ws();
    if ((this.ch() === "!" && !this.at("!=")) || this.ch() === "-") {
      this.pos++;
      this.unary();
      return {};
    }
    return this.term();
  }

  private term(): ExprInfo {
    this.ws();
    const c = this.ch();
    let info: ExprInfo = {};
    if (c === undefined) this.fail("Unterminated template interpolation (expression expected)");
    if (c === "(") {
      this.pos++;
      this.expr();
      this.expect(")", "parenthesized expression");
    } else if (c === '"') {
      this.pos++;
      this.template(true);
    } else if (c === "[") {
      this.pos++;
      this.ws();
      if (this.forKeyword()) this.forExpr("]");
      else this.sequence("]", "tuple");
    } else if (c === "{") {
      this.pos++;
      this.ws();
      if (this.forKeyword()) this.forExpr("}");
      else this.object();
    } else if (isDigit(c)) {
      this.number();
    } else if (this.at("<<")) {
      this.fail("Heredoc templates are not supported by template-check");
    } else if (isIdStart(c)) {
      info = this.identTerm();
    } else {
      this.fail(`Invalid expression: unexpected ${JSON.stringify(this.src.slice(this.pos, this.pos + 20))}`);
    }
    if (this.postfix()) info = {};
    return info;
  }

  /** `for` followed by a name (`{for = 1}` is an object). */
  private forKeyword(): boolean {
    if (!this.keyword("for")) return false;
    let p = this.pos + 3;
    while (this.src[p] === " " || this.src[p] === "\t" || this.src[p] === "\n" || this.src[p] === "\r") p++;
    return p > this.pos + 3 && isIdStart(this.src[p]);
  }

  private forExpr(close: "]" | "}"): void {
    this.pos += 3;
    const names = this.forIntro();
    this.expect(":", "for expression");
    this.scopes.push(names);
    this.expr();
    if (close === "}") {
      this.expect("=>", "for expression");
      this.expr();
      this.ws();
      if (this.at("...")) this.pos += 3;
    }
    this.ws();
    if (this.keyword("if")) {
      this.pos += 2;
      this.expr();
    }
    this.scopes.pop();
    this.expect(close, "for expression");
  }

  /** Comma-separated expressions up to `close` (tuples, function arguments; `...` expansion allowed in calls). */
  private sequence(close: string, context: string): void {
    for (;;) {
      this.ws();
      if (this.ch() === close) {
        this.pos++;
        return;
      }
      this.expr();
      this.ws();
      if (this.at("...") && close === ")") this.pos += 3;
      this.ws();
      if (this.ch() === ",") this.pos++;
      else if (this.ch() !== close) this.expect(close, context);
    }
  }

  private object(): void {
    for (;;) {
      this.ws();
      if (this.ch() === "}") {
        this.pos++;
        return;
      }
      const refCount = this.refs.length;
      const key = this.expr();
      // A key that is a single bare name is a literal string, not a reference.
      if (key.ident !== undefined && this.refs.length === refCount + 1) this.refs.pop();
      this.ws();
      if ((this.ch() === "=" && !this.at("==") && !this.at("=>")) || this.ch() === ":") this.pos++;
      else if (this.ch() === undefined) this.fail('Unterminated object constructor (missing "}")');
      else this.fail(`Expected "=" or ":" after object key, found ${JSON.stringify(this.src.slice(this.pos, this.pos + 20))}`);
      this.expr();
      this.ws();
      if (this.ch() === ",") this.pos++;
    }
  }

  private number(): void {
    while (isDigit(this.ch())) this.pos++;
    if (this.ch() === "." && isDigit(this.src[this.pos + 1])) {
      this.pos++;
      while (isDigit(this.ch())) this.pos++;
    }
    if ((this.ch() === "e" || this.ch() === "E") && (isDigit(this.src[this.pos + 1]) || ((this.src[this.pos + 1] === "+" || this.src[this.pos + 1] === "-") && isDigit(this.src[this.pos + 2])))) {
      this.pos += 2;
      while (isDigit(this.ch())) this.pos++;
    }
  }

  /** A name: literal keyword, function call (`f(...)`, `provider::p::f(...)`), or a reference. */
  private identTerm(): ExprInfo {
    const name = this.ident();
    if (name === "true" || name === "false" || name === "null") return {};
    let p = this.pos;
    while (this.src[p] === " " || this.src[p] === "\t") p++;
    if (this.src[p] === "(" || this.src.startsWith("::", p)) {
      this.pos = p;
      while (this.at("::")) {
        this.pos += 2;
        this.ident();
        this.ws();
      }
      this.expect("(", "function call");
      this.sequence(")", "function call");
      return {};
    }
    const parts: string[] = [];
    while (this.ch() === "." && isIdStart(this.src[this.pos + 1])) {
      this.pos++;
      parts.push(this.ident());
    }
    this.refs.push({ root: name, parts, bound: this.isBound(name) });
    return parts.length === 0 ? { ident: name } : {};
  }

  /** Index, attribute, splat and legacy `.0` index operators; true if any. */
  private postfix(): boolean {
    let any = false;
    for (;;) {
      if (this.ch() === "." && !this.at("...")) {
        const n = this.src[this.pos + 1];
        this.pos++;
        if (n === "*") this.pos++;
        else if (isDigit(n)) while (isDigit(this.ch())) this.pos++;
        else this.ident();
      } else if (this.ch() === "[") {
        this.pos++;
        this.ws();
        if (this.ch() === "*") {
          this.pos++;
          this.expect("]", "splat expression");
        } else {
          this.expr();
          this.expect("]", "index expression");
        }
      } else return any;
      any = true;
    }
  }
}

// ---------------------------------------------------------------------------
// Walking a stack
// ---------------------------------------------------------------------------

interface Context {
  stack: string;
  tf: Record<string, any>;
  errors: string[];
  address: string;
  /** Names bound around the string (dynamic block iterators). */
  bound: string[];
  hasCount: boolean;
  hasForEach: boolean;
}

const cut = (s: string) => (s.length > 120 ? `${s.slice(0, 117)}...` : s);
const has = (o: unknown, k: string) => o !== null && typeof o === "object" && Object.prototype.hasOwnProperty.call(o, k);

function report(ctx: Context, path: string, problem: string, s: string): void {
  ctx.errors.push(`${ctx.stack}: ${ctx.address}${path ? `.${path}` : ""}: ${problem} in ${cut(s)}`);
}

/** Why a reference does not resolve in this stack, or undefined when it does. */
function unresolved(ref: Ref, ctx: Context): string | undefined {
  const { root, parts } = ref;
  const tf = ctx.tf;
  const first = parts[0];
  switch (root) {
    case "var":
      if (first === undefined) return `Invalid reference: "var" must be followed by a variable name`;
      return has(tf.variable, first) ? undefined : `Reference to undeclared input variable "${first}"`;
    case "local":
      if (first === undefined) return `Invalid reference: "local" must be followed by a local value name`;
      return has(tf.locals, first) ? undefined : `Reference to undeclared local value "${first}"`;
    case "module":
      if (first === undefined) return `Invalid reference: "module" must be followed by a module name`;
      return has(tf.module, first) ? undefined : `Reference to undeclared module "${first}"`;
    case "data":
    case "ephemeral":
      if (parts.length < 2) return `Invalid reference: "${root}" must be followed by a type and a name`;
      return has(tf[root]?.[first], parts[1]) ? undefined : `Reference to undeclared resource ${root}.${first}.${parts[1]}`;
    case "count":
      return ctx.hasCount ? undefined : `Reference to "count" in a context without count`;
    case "each":
      return ctx.hasForEach ? undefined : `Reference to "each" in a context without for_each`;
    default:
      if (BUILTIN_ROOTS.has(root)) return undefined;
      // Any other name is a managed resource type (Terraform's rule, too).
      if (first === undefined) return `Invalid reference: "${root}" is not declared (a resource type must be followed by a resource name)`;
      return has(tf.resource?.[root], first) ? undefined : `Reference to undeclared resource ${root}.${first}`;
  }
}

function checkString(s: string, path: string, ctx: Context, what = ""): void {
  if (!s.includes("${") && !s.includes("%{")) return;
  const parser = new TemplateParser(s, ctx.bound);
  parser.parseBare();
  for (const p of parser.problems) report(ctx, path, what + p, s);
  // Like Terraform: a template that does not parse has no references to check.
  if (parser.problems.length > 0) return;
  for (const ref of parser.refs) {
    if (ref.bound) continue;
    const why = unresolved(ref, ctx);
    if (why) report(ctx, path, what + why, s);
  }
}

const childPath = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** Every string value and object key under `v`, as templates. `dynamic` blocks bind their iterator in `content`. */
function walk(v: unknown, path: string, ctx: Context): void {
  if (typeof v === "string") checkString(v, path, ctx);
  else if (Array.isArray(v)) v.forEach((x, i) => walk(x, childPath(path, i), ctx));
  else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (k === "//") continue;
      const p = childPath(path, k);
      checkString(k, p, ctx, "(object key) ");
      if (k === "dynamic" && x && typeof x === "object" && !Array.isArray(x)) walkDynamic(x as Record<string, any>, p, ctx);
      else walk(x, p, ctx);
    }
  }
}

/** `"dynamic": {"<label>": {"for_each": .., "iterator": .., "content": {..}}}`: `<iterator or label>` is bound in content. */
function walkDynamic(blocks: Record<string, any>, path: string, ctx: Context): void {
  for (const [label, spec] of Object.entries(blocks)) {
    const p = childPath(path, label);
    if (!spec || typeof spec !== "object" || Array.isArray(spec)) {
      walk(spec, p, ctx);
      continue;
    }
    const iterator = typeof spec.iterator === "string" ? spec.iterator : label;
    for (const [k, x] of Object.entries<unknown>(spec)) {
      if (k === "//" || k === "iterator" || k === "labels") continue;
      if (k === "content") walk(x, childPath(p, k), { ...ctx, bound: [...ctx.bound, iterator] });
      else walk(x, childPath(p, k), ctx);
    }
  }
}

const TRAVERSAL = /^([\p{ID_Start}_][\p{ID_Continue}-]*)((?:\.[\p{ID_Start}_][\p{ID_Continue}-]*|\[(?:\d+|"[^"]*")\])*)$/u;

/**
 * A traversal given as a string (depends_on, replace_triggered_by, providers
 * map entries): `a.b[0]`, optionally wrapped in a single `${ }` (Terraform's
 * JSON shim accepts both). Returns the root and attribute names, or undefined
 * when it is not a plain traversal.
 */
function traversal(s: string): { root: string; parts: string[]; indexed: boolean } | undefined {
  const m = /^\$\{\s*([\s\S]*?)\s*\}$/.exec(s);
  const text = m && !m[1].includes("${") ? m[1] : s;
  const t = TRAVERSAL.exec(text);
  if (!t) return undefined;
  const parts: string[] = [];
  let indexed = false;
  for (const seg of t[2].match(/\.[^.[]+|\[[^\]]*\]/g) ?? []) {
    if (seg.startsWith(".")) parts.push(seg.slice(1));
    else indexed = true;
  }
  return { root: t[1], parts, indexed };
}

/** `depends_on` entries must name a declared object (not one of its attributes). */
function checkDependsOn(v: unknown, path: string, ctx: Context, allowAttributes = false): void {
  if (!Array.isArray(v)) {
    report(ctx, path, "must be a list of references", JSON.stringify(v));
    return;
  }
  v.forEach((entry, i) => {
    const p = childPath(path, i);
    if (typeof entry !== "string") return report(ctx, p, "must be a reference string", JSON.stringify(entry));
    const t = traversal(entry);
    if (!t) return report(ctx, p, "Invalid reference (expected a plain reference like azurerm_x.name)", entry);
    const why = unresolved({ root: t.root, parts: t.parts, bound: false }, ctx);
    if (why) return report(ctx, p, why, entry);
    if (allowAttributes) return;
    const objectParts = t.root === "data" || t.root === "ephemeral" ? 2 : 1;
    if (t.parts.length > objectParts) report(ctx, p, "Invalid depends_on reference (must be a whole object, not an attribute of it)", entry);
  });
}

/** `provider = "name"` or `"name.alias"`: an aliased configuration must be declared (a default one may be implicit). */
function checkProviderRef(v: unknown, path: string, ctx: Context): void {
  if (typeof v !== "string") return report(ctx, path, "must be a provider reference string", JSON.stringify(v));
  const t = traversal(v);
  if (!t || t.parts.length > 1 || t.indexed) return report(ctx, path, "Invalid provider reference (expected name or name.alias)", v);
  const alias = t.parts[0];
  if (alias === undefined) return;
  const configs: unknown = ctx.tf.provider?.[t.root];
  const list = Array.isArray(configs) ? configs : configs ? [configs] : [];
  if (!list.some((c: any) => c?.alias === alias)) report(ctx, path, `Provider configuration ${t.root}.${alias} is not declared`, v);
}

/**
 * Places where Terraform decodes JSON without an evaluation context
 * (backend/cloud settings, variable defaults): hcl/json then returns strings
 * VERBATIM, so `${var.x}` is never evaluated and `$${` is never unescaped.
 * (In native HCL the same is a "Variables not allowed" error.) Either is a
 * bug in generated config, so any `${` / `%{` is reported.
 */
function checkLiteralOnly(v: unknown, path: string, ctx: Context, what: string): void {
  const visit = (s: string, p: string) => {
    if (!s.includes("${") && !s.includes("%{")) return;
    const escaped = literalValue(s) !== undefined;
    report(ctx, p, escaped ? `${what} is taken verbatim: "$\${" / "%%{" escapes are not unescaped here` : `Variables not allowed: ${what} is not evaluated (Terraform takes the string verbatim)`, s);
  };
  if (typeof v === "string") visit(v, path);
  else if (Array.isArray(v)) v.forEach((x, i) => checkLiteralOnly(x, childPath(path, i), ctx, what));
  else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (k === "//") continue;
      visit(k, childPath(path, k));
      checkLiteralOnly(x, childPath(path, k), ctx, what);
    }
  }
}

/** A resource, data source or module body: meta-arguments are checked as references, the rest walked as templates. */
function walkBody(body: Record<string, unknown>, ctx: Context, kind: "resource" | "module"): void {
  for (const [k, v] of Object.entries(body)) {
    if (k === "//") continue;
    if (k === "depends_on") checkDependsOn(v, k, ctx);
    else if (k === "provider" && kind === "resource") checkProviderRef(v, k, ctx);
    else if (k === "providers" && kind === "module" && v && typeof v === "object") {
      for (const [name, ref] of Object.entries(v)) checkProviderRef(ref, `${k}.${name}`, ctx);
    } else if (kind === "module" && (k === "source" || k === "version")) continue;
    else if (k === "lifecycle" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [lk, lv] of Object.entries(v)) {
        if (lk === "//" || LITERAL_LIFECYCLE.has(lk)) continue;
        if (lk === "replace_triggered_by") checkDependsOn(lv, `${k}.${lk}`, ctx, true);
        else walk(lv, `${k}.${lk}`, ctx);
      }
    } else if (k === "count" || k === "for_each") {
      // The count/for_each expression itself cannot use count.index / each.
      walk(v, k, { ...ctx, hasCount: false, hasForEach: false });
    } else if (k === "dynamic" && v && typeof v === "object" && !Array.isArray(v)) walkDynamic(v as Record<string, any>, k, ctx);
    else walk(v, k, ctx);
  }
}

/**
 * Every template problem and dangling reference in one synthesized stack;
 * [] when `terraform validate` would have nothing to say about expressions.
 * Lines: `<stack>: <address>.<attribute path>: <problem> in <string>`.
 */
export function templateErrors(stack: string, tf: Record<string, any>): string[] {
  const errors: string[] = [];
  const base = (address: string, body?: Record<string, unknown>): Context => ({
    stack,
    tf,
    errors,
    address,
    bound: [],
    hasCount: !!body && has(body, "count"),
    hasForEach: !!body && has(body, "for_each"),
  });
  for (const kind of ["resource", "data", "ephemeral"] as const) {
    for (const [type, instances] of Object.entries<Record<string, Record<string, unknown>>>(tf[kind] ?? {})) {
      for (const [name, body] of Object.entries(instances ?? {})) {
        if (name === "//" || !body || typeof body !== "object") continue;
        walkBody(body, base(`${kind}.${type}.${name}`, body), "resource");
      }
    }
  }
  for (const [name, body] of Object.entries<Record<string, unknown>>(tf.module ?? {})) {
    if (name === "//" || !body || typeof body !== "object") continue;
    walkBody(body, base(`module.${name}`, body), "module");
  }
  for (const [name, configs] of Object.entries<unknown>(tf.provider ?? {})) {
    const list = Array.isArray(configs) ? configs : [configs];
    list.forEach((config: Record<string, unknown>, i) => {
      if (!config || typeof config !== "object") return;
      const ctx = base(`provider.${name}.${typeof config.alias === "string" ? config.alias : list.length > 1 ? i : "default"}`);
      for (const [k, v] of Object.entries(config)) if (k !== "alias" && k !== "//") walk(v, k, ctx);
    });
  }
  for (const [name, body] of Object.entries<Record<string, unknown>>(tf.output ?? {})) {
    if (name === "//" || !body || typeof body !== "object") continue;
    const ctx = base(`output.${name}`);
    for (const [k, v] of Object.entries(body)) {
      if (k === "//") continue;
      if (k === "depends_on") checkDependsOn(v, k, ctx);
      else walk(v, k, ctx);
    }
  }
  for (const [name, value] of Object.entries<unknown>(tf.locals ?? {})) {
    if (name !== "//") walk(value, "", base(`local.${name}`));
  }
  for (const [name, body] of Object.entries<Record<string, unknown>>(tf.variable ?? {})) {
    if (name === "//" || !body || typeof body !== "object") continue;
    const ctx = base(`variable.${name}`);
    if (has(body, "default")) checkLiteralOnly(body.default, "default", ctx, "a variable default");
    if (has(body, "validation")) walk(body.validation, "validation", ctx);
  }
  const terraform = tf.terraform ?? {};
  for (const [type, settings] of Object.entries<unknown>(terraform.backend ?? {})) {
    checkLiteralOnly(settings, "", base(`terraform.backend.${type}`), "backend configuration");
  }
  if (has(terraform, "cloud")) checkLiteralOnly(terraform.cloud, "", base("terraform.cloud"), "cloud configuration");
  return errors;
}
