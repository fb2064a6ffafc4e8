/**
 * With REDIS_URL, Probot shares its request throttling between replicas through Bottleneck's
 * Redis store. Bottleneck recovers from an emptied Redis (a restart without persistence, a
 * failover) by re-initialising its keys when a script answers `SETTINGS_KEY_NOT_FOUND` or
 * `UNKNOWN_CLIENT`; since Redis 7, a script's error reply carries an `ERR ` prefix, Bottleneck's
 * comparison no longer matches, and every request to GitHub fails until the process restarts
 * (SGrondin/bottleneck#205, #219, open). Measured here: after a Redis restart, every request
 * failed with "ERR SETTINGS_KEY_NOT_FOUND".
 *
 * This restores the recovery: the throttle connection's script commands report those two errors
 * without the prefix, as Bottleneck expects. Nothing else about the errors or replies changes.
 */
const RECOVERABLE = /^ERR (SETTINGS_KEY_NOT_FOUND|UNKNOWN_CLIENT)$/;
const PATCHED = Symbol("shipshape.throttleRecovery");

type Callback = (error: Error | null, reply?: unknown) => void;
interface ScriptClient {
  /** ioredis keeps the scripts defined with `defineCommand` here, by name. */
  scriptsSet?: Record<string, unknown>;
  [name: string]: unknown;
  [PATCHED]?: boolean;
}
interface ThrottleConnection {
  client?: ScriptClient;
  ready?: Promise<unknown>;
}

export function restoreThrottleRecovery(connection: ThrottleConnection | undefined): void {
  const client = connection?.client;
  if (!client || client[PATCHED]) return;
  client[PATCHED] = true;
  // Bottleneck defines its scripts on the client once its connection is ready.
  void connection.ready?.then(
    () => {
      for (const name of Object.keys(client.scriptsSet ?? {})) {
        const command = client[name];
        if (typeof command !== "function") continue;
        client[name] = (...args: unknown[]) => {
          const callback = args.at(-1);
          if (typeof callback === "function") {
            args[args.length - 1] = ((error, reply) => {
              const match = error ? RECOVERABLE.exec(error.message) : null;
              if (error && match?.[1]) error.message = match[1];
              (callback as Callback)(error, reply);
            }) satisfies Callback;
          }
          return command.apply(client, args);
        };
      }
    },
    () => undefined,
  );
}
