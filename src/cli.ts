import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { formatProblem } from "./config/diagnostics.js";
import { parseConfigFile } from "./config/parse.js";
import { CONFIG_PATH } from "./github/config-loader.js";
import { runSweep } from "./sweep/cli-sweep.js";

const USAGE = `Usage: shipshape <command> [arguments]

Commands:
  validate [file]        Check a Shipshape config file (default: ${CONFIG_PATH}); exits 1 on problems.
  sweep [owner/repo]     Sweep one repository, or every installation's repositories, as the app
                         (same environment as npm start: APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH,
                         GHE_HOST, GHE_PROTOCOL); prints a line per repository, exits 1 on failures.
  help                   Show this text.`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Runs the command line; returns the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo = consoleIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "validate":
      return validate(rest, io);
    case "sweep":
      return runSweep(rest[0], env, io.out);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      io.out(USAGE);
      return 0;
    default:
      io.err(`shipshape: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

async function validate(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: [...args], allowPositionals: true, options: {} });
  const file = positionals[0] ?? CONFIG_PATH;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    io.err(`shipshape: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 2;
  }
  const parsed = parseConfigFile(text, file);
  if (parsed.ok) {
    const inherits =
      typeof parsed.raw._extends === "string" ? ` (inherits from ${parsed.raw._extends}, not checked here)` : "";
    io.out(`${file}: valid${inherits}`);
    return 0;
  }
  for (const problem of parsed.problems) io.err(formatProblem(problem));
  io.err(`${file}: ${parsed.problems.length} problem${parsed.problems.length === 1 ? "" : "s"}`);
  return 1;
}
