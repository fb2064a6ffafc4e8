/**
 * Whose work a task is: the installation, the repository and the pull request. The queue takes
 * installations in turn, within an installation its repositories in turn, within a repository
 * its pull requests in turn.
 */
export interface Lane {
  installation: string;
  repository: string;
  pull: string;
}

/** The queue holds as many waiting tasks as it may: the task was not taken. */
export class QueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} evaluations are already waiting`);
    this.name = "QueueFullError";
  }
}

type Start = () => void;

/** A lane at one level: its sub-lanes (or tasks) in turn order, and how many of its tasks run. */
interface Level<T> {
  next: Map<string, T>;
  running: number;
}
interface PullLane {
  tasks: Start[];
  running: number;
}
type RepositoryLane = Level<PullLane>;
type InstallationLane = Level<RepositoryLane>;

/**
 * Runs tasks at most `capacity` at a time and at most one per repository at a time, taking
 * installations in turn, then their repositories in turn, then their pull requests in turn. A
 * repository whose pull requests are costly to analyse then holds one worker at most, and the
 * other repositories of its installation (and every other installation) go on; a pull request
 * pushed to six times waits behind the other pull requests of its repository, not before them.
 * A lane that was served goes to the back of its line, and stays there while its task runs.
 * At most `maxWaiting` tasks wait: past that a task is refused (QueueFullError), never queued
 * without bound. A task's deadline can start when it starts, not when it was queued.
 */
export class FairQueue {
  readonly #installations = new Map<string, InstallationLane>();
  #active = 0;
  #queued = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#queued;
  }

  /** `lane` as a string: one tenant, whose tasks run one at a time. */
  run<T>(lane: Lane | string, task: () => Promise<T>): Promise<T> {
    const { installation, repository, pull } =
      typeof lane === "string" ? { installation: lane, repository: lane, pull: lane } : lane;
    if (this.#queued >= this.maxWaiting) return Promise.reject(new QueueFullError(this.#queued));
    return new Promise<T>((resolve, reject) => {
      const installationLane = getOrAdd<string, InstallationLane>(this.#installations, installation, () => ({
        next: new Map(),
        running: 0,
      }));
      const repositoryLane = getOrAdd<string, RepositoryLane>(installationLane.next, repository, () => ({
        next: new Map(),
        running: 0,
      }));
      const pullLane = getOrAdd<string, PullLane>(repositoryLane.next, pull, () => ({ tasks: [], running: 0 }));
      pullLane.tasks.push(() => {
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => {
            this.#active--;
            pullLane.running--;
            repositoryLane.running--;
            installationLane.running--;
            // A lane with nothing waiting or running leaves its line.
            if (pullLane.running === 0 && pullLane.tasks.length === 0) repositoryLane.next.delete(pull);
            if (repositoryLane.running === 0 && repositoryLane.next.size === 0)
              installationLane.next.delete(repository);
            if (installationLane.running === 0 && installationLane.next.size === 0)
              this.#installations.delete(installation);
            this.#pump();
          });
      });
      this.#queued++;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#active < this.capacity) {
      const start = this.#next();
      if (!start) return;
      this.#active++;
      this.#queued--;
      start();
    }
  }

  /** The next task to start, taken out of the queue; the lanes it came from go to the back of their lines. */
  #next(): Start | undefined {
    for (const [installation, installationLane] of this.#installations) {
      for (const [repository, repositoryLane] of installationLane.next) {
        if (repositoryLane.running > 0) continue;
        for (const [pull, pullLane] of repositoryLane.next) {
          const start = pullLane.tasks.shift();
          if (!start) continue;
          pullLane.running++;
          repositoryLane.running++;
          installationLane.running++;
          toBack(repositoryLane.next, pull, pullLane);
          toBack(installationLane.next, repository, repositoryLane);
          toBack(this.#installations, installation, installationLane);
          return start;
        }
      }
    }
    return undefined;
  }
}

/** Map order is insertion order: deleting and setting again moves an entry to the back. */
function toBack<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
