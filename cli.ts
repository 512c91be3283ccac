/**
 * The `arc-connectivity` command line (commander): parses the arguments and
 * runs main.ts's `synth`, `validate`, `list`, `diagram` or `handoff`.
 *
 *   arc-connectivity synth [TOPOLOGY] [--out DIR] [--hcl] [--stack NAME] [--quiet]
 *   arc-connectivity validate [TOPOLOGY]
 *   arc-connectivity list [TOPOLOGY]
 *   arc-connectivity diagram [TOPOLOGY]
 *   arc-connectivity handoff --outputs FILE [TOPOLOGY] [--out DIR]
 *
 * Relative paths start in the folder the user stands in: INIT_CWD when npm
 * runs the command (`npm run synth -- FILE`: npm changes into the package's
 * folder and records the user's in INIT_CWD), else the process's
 * (`userCwd`). The
 * variables the cdktf CLI sets keep working: ARC_TOPOLOGY (the topology when
 * no TOPOLOGY is given), CDKTF_OUTDIR (the output folder when no --out) and
 * SYNTH_HCL_OUTPUT=true (--hcl).
 *
 * Exit codes: 0 done; 1 the topology (or --stack, --out) is wrong, with one
 * line per problem; 2 a usage error (unknown command, option or argument),
 * with the usage line.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { CommandOptions, diagram, handoff, Io, list, PROCESS_IO, synth, validate } from "./main";

/** What the command runs with: its arguments (without `node` and the script), the environment, and where it writes. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly io?: Io;
  /** The package version `--version` prints. */
  readonly version: string;
  /** The embedded default topology. @default examples/private-link.yaml beside main.ts */
  readonly defaultTopology?: string;
  /** The process's folder (programs that run the command line in-process, e.g. tests). @default process.cwd() */
  readonly cwd?: string;
}

/** Environment variables the app reads; another `ARC_*` variable is most likely a misspelling of one of them. */
const KNOWN_ARC_VARIABLES = ["ARC_TOPOLOGY"];

/**
 * The folder the user stands in. npm runs a package's scripts in the
 * package's folder and records the user's folder in INIT_CWD; the variable
 * is inherited by everything the script starts, so it is believed only
 * while the process still runs in the folder npm changed into.
 */
export function userCwd(env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  const npmFolder = env.npm_package_json ? path.dirname(env.npm_package_json) : undefined;
  return env.INIT_CWD && npmFolder !== undefined && path.resolve(npmFolder) === path.resolve(cwd) && isThisPackage(env.npm_package_json as string) && existsSync(env.INIT_CWD) ? env.INIT_CWD : cwd;
}

/**
 * Whether npm runs a script of this package (`npm run synth -- FILE` here),
 * whose paths start in the user's folder. A project that installs the
 * package keeps npm's own rule in its scripts: paths relative to its
 * package folder, wherever npm was started (`npm run synth -w infra`).
 */
function isThisPackage(packageJson: string): boolean {
  try {
    return (JSON.parse(readFileSync(packageJson, "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** This package's npm name. */
export const PACKAGE_NAME = "arc-private-connectivity";

/**
 * An option's value, which commander would otherwise take from the next
 * argument even when that is an option (`--out --quiet` wrote a folder
 * named `--quiet`).
 */
const valueOf = (what: string, literal: (v: string) => string) => (v: string): string => {
  if (v.startsWith("-")) throw new InvalidArgumentError(`expected ${what}, got the option ${v}. Fix: give the value after the option${literal(v)}`);
  return v;
};
const outValue = valueOf("a folder", (v) => ` (a folder whose name starts with "-" is written ./${v})`);
const stackValue = valueOf("a stack name", () => "");
const outputsValue = valueOf("a file", (v) => ` (a file whose name starts with "-" is written ./${v})`);

/** A usage error, printed with the usage line. */
class UsageError extends Error {}

/**
 * Runs the command line.
 * @returns the exit code (0, 1 or 2)
 * @throws only for a bug (an unexpected error); user mistakes are exit codes with messages
 */
export function run(argv: readonly string[], context: CliContext): number {
  const io = context.io ?? PROCESS_IO;
  const env = context.env;
  const cwd = userCwd(env, context.cwd);
  // The chosen command runs after commander's parse has returned: cdktf records a stack trace for every token it
  // creates, and commander's frames under each would cost ~10 % of a large synth.
  let chosen: (() => number) | undefined;
  const common = (topology: string | undefined): CommandOptions => ({
    // An argument given empty ("$UNSET") is an error, not the default.
    topology: topology !== undefined ? topology : env.ARC_TOPOLOGY || undefined,
    topologySource: topology !== undefined ? "argument" : "ARC_TOPOLOGY",
    cwd,
    defaultTopology: context.defaultTopology,
  });
  const program = new Command("arc-connectivity")
    .description("Azure Arc private connectivity as code: turns a topology file into Terraform (CDK for Terraform)")
    .version(context.version, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.out(t), writeErr: (t) => io.err(t) })
    .addHelpText(
      "after",
      [
        "",
        "TOPOLOGY and --out are relative to the folder you run the command in. Without TOPOLOGY:",
        "ARC_TOPOLOGY, else the embedded default topology (examples/private-link.yaml); the",
        "command says which. The project root is the nearest folder upward with cdktf.json or",
        "package.json: the default output (cdktf.out) and local state (state/) are there.",
        "Exit codes: 0 done, 1 the topology or an option's value is not valid, 2 usage error.",
      ].join("\n"),
    );
  program
    .command("synth")
    .description("write the Terraform of every stack of the topology (JSON, or HCL with --hcl) into the output folder")
    .argument("[TOPOLOGY]", "topology file (.yaml, .yml or .json)")
    .option("-o, --out <DIR>", "output folder (default: CDKTF_OUTDIR, else cdktf.out)", outValue)
    .option("--hcl", "write HCL (cdk.tf) instead of JSON (default: SYNTH_HCL_OUTPUT=true or 1)")
    .option("-s, --stack <NAME>", "write only this stack's folder; the others in the output folder are kept", stackValue)
    .option("-q, --quiet", "print nothing on success (warnings and problems still go to stderr)")
    .action((topology: string | undefined, o: { out?: string; hcl?: boolean; stack?: string; quiet?: boolean }) => {
      const options = { ...common(topology), out: o.out ?? (env.CDKTF_OUTDIR || undefined), hcl: o.hcl === true || env.SYNTH_HCL_OUTPUT === "true" || env.SYNTH_HCL_OUTPUT === "1", stack: o.stack, quiet: o.quiet === true };
      chosen = () => synth(options, io);
    });
  const readOnly: Array<[string, string, typeof validate]> = [
    ["validate", "run every check synth runs, and write nothing (exit 0 valid, 1 not valid)", validate],
    ["list", "list the stacks in apply order, with what each is applied after and where its state lives", list],
    ["diagram", "print the topology as a Mermaid diagram in Markdown (what synth writes to topology.md)", diagram],
  ];
  for (const [name, description, command] of readOnly) {
    program
      .command(name)
      .description(description)
      .argument("[TOPOLOGY]", "topology file (.yaml, .yml or .json)")
      .option("-o, --out <DIR>", "the output folder synth would use (it decides the local state paths)", outValue)
      .action((topology: string | undefined, o: { out?: string }) => {
        const options = { ...common(topology), out: o.out ?? (env.CDKTF_OUTDIR || undefined) };
        chosen = () => command(options, io);
      });
  }
  program
    .command("handoff")
    .description("after apply: the hosts-file lines and the A records (no DNS forwarders) from the connectivity stack's terraform output -json")
    .argument("[TOPOLOGY]", "topology file (.yaml, .yml or .json) the stack was synthesized from")
    .requiredOption("--outputs <FILE>", "terraform output -json of the connectivity stack (run in its folder after apply)", outputsValue)
    .option("-o, --out <DIR>", "write the files into this folder instead of printing them", outValue)
    .action((topology: string | undefined, o: { outputs: string; out?: string }) => {
      const options = { ...common(topology), outputs: o.outputs, out: o.out };
      chosen = () => handoff(options, io);
    });
  for (const name of Object.keys(env).filter((k) => k.startsWith("ARC_") && !KNOWN_ARC_VARIABLES.includes(k)).sort()) {
    io.err(`Warning: environment variable ${name} is not one the app reads (did you mean ${KNOWN_ARC_VARIABLES.join(" or ")}?)\n`);
  }
  try {
    if (argv.length === 0) throw new UsageError("a command is required");
    program.parse(argv as string[], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end in a CommanderError with exit code 0; commander has printed the error line already.
      if (e.exitCode === 0) return 0;
      const command = program.commands.find((c) => c.name() === argv[0]) ?? program;
      io.err(`${command.helpInformation().split("\n")[0]}\nRun ${command === program ? "arc-connectivity --help" : `arc-connectivity ${command.name()} --help`} for more.\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n${program.helpInformation()}`);
      return 2;
    }
    throw e;
  }
  return chosen ? chosen() : 0;
}
