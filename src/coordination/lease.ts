/** The shortest lease: renewed every third or half of it, it must outlast a busy event loop's pauses. */
const MIN_LEASE_MS = 10_000;

/**
 * A lease (a lock a crashed replica stops renewing, so that it lapses): `defaultMs`, or a fifth
 * of a short sweep interval when that is shorter (never under 10 s), so that on a short schedule
 * a killed replica's sweeps are taken over within the interval instead of after it. With the
 * hourly default it is `defaultMs`.
 */
export function leaseFor(defaultMs: number, sweepIntervalMs: number): number {
  if (!(sweepIntervalMs > 0)) return defaultMs;
  return Math.min(defaultMs, Math.max(MIN_LEASE_MS, Math.floor(sweepIntervalMs / 5)));
}
