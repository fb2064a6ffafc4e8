import { execFileSync } from "node:child_process";

/** The end-to-end tests start `npm start`'s own command, which runs the built lib/: build it first. */
export default function buildOnce(): void {
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    stdio: "inherit",
  });
}
