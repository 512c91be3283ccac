/**
 * The package's root: the app as a library, what the `arc-connectivity`
 * command runs (`synth`, `validate`, `list`, and `run` for a whole command
 * line). The constructs are imported by folder
 * (`arc-private-connectivity/lib/arc`, `.../lib/dns`, ...), the stacks from
 * `arc-private-connectivity/stacks` and the topology layer from
 * `arc-private-connectivity/topology`: a deep import loads only the
 * provider classes it uses.
 */
export { synth, validate, list, main, Io, PROCESS_IO, CommandOptions, SynthOptions } from "./main";
export { run, CliContext } from "./cli";
