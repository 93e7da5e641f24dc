import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

interface Message {
  type: string;
  port?: number;
  catalogReadyMs?: number;
  sinceStartMs?: number;
  memory?: NodeJS.MemoryUsage;
  cpu?: NodeJS.CpuUsage;
}

/** The bench backend (bench/backend.ts) in a child process. */
export class BenchBackend {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly catalogReadyMs: number,
    /** From before the backend's start to the catalog holding every entity. */
    readonly sinceStartMs: number,
  ) {}

  static async start(
    catalogSize: number,
    database: Record<string, unknown>,
    mode: 'cards' | 'fleet' = 'cards',
  ): Promise<BenchBackend> {
    const child = fork(
      join(__dirname, 'backend.ts'),
      [String(catalogSize), JSON.stringify(database), mode],
      {
        execArgv: process.execArgv,
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      },
    );
    child.once('exit', code => {
      if (code !== 0) {
        console.error(`bench backend exited with ${code}`);
        process.exit(1);
      }
    });
    const ready = await BenchBackend.next(child, 'ready');
    return new BenchBackend(
      child,
      ready.port!,
      ready.catalogReadyMs!,
      ready.sinceStartMs!,
    );
  }

  private static next(child: ChildProcess, type: string): Promise<Message> {
    return new Promise(resolve => {
      const listener = (message: unknown) => {
        if ((message as Message).type === type) {
          child.off('message', listener);
          resolve(message as Message);
        }
      };
      child.on('message', listener);
    });
  }

  async memory(): Promise<NodeJS.MemoryUsage> {
    const answer = BenchBackend.next(this.child, 'memory');
    this.child.send('memory');
    return (await answer).memory!;
  }

  /** The backend process's CPU time so far, in milliseconds. */
  async cpuMs(): Promise<number> {
    const answer = BenchBackend.next(this.child, 'cpu');
    this.child.send('cpu');
    const { user, system } = (await answer).cpu!;
    return (user + system) / 1000;
  }

  /**
   * Runs `load` and says how much CPU time the backend spent meanwhile: the
   * cost of a request that the machine's other work does not stretch, as
   * it stretches latencies.
   */
  async measured<T>(
    name: string,
    load: () => Promise<T>,
  ): Promise<{ result: T; backendCpuMs: number }> {
    const before = await this.cpuMs();
    const result = await this.profiled(name, load);
    return { result, backendCpuMs: (await this.cpuMs()) - before };
  }

  /**
   * Runs `load` with the backend's CPU profiled, when BENCH_CPU_PROF names a
   * directory: one `.cpuprofile` per measured run, without the start-up and
   * the catalog's ingestion that a whole-process --cpu-prof would mix in.
   */
  async profiled<T>(name: string, load: () => Promise<T>): Promise<T> {
    const directory = process.env.BENCH_CPU_PROF;
    if (!directory) {
      return load();
    }
    const started = BenchBackend.next(this.child, 'profiling');
    this.child.send({ type: 'profile-start' });
    await started;
    const result = await load();
    const stopped = BenchBackend.next(this.child, 'profiled');
    this.child.send({
      type: 'profile-stop',
      file: join(directory, `${name}.cpuprofile`),
    });
    await stopped;
    return result;
  }

  async stop(): Promise<void> {
    this.child.removeAllListeners('exit');
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    this.child.send('stop');
    await exited;
  }
}
