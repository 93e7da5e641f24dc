/**
 * A clock whose sleep returns at once and records what it was asked to wait;
 * `now` moves on by the time slept. Spread it into the options of the
 * provisioning functions.
 *
 * @public
 */
export function instantSleep(): {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  waits: number[];
} {
  const waits: number[] = [];
  let clock = 0;
  return {
    waits,
    now: () => clock,
    sleep: async (ms: number) => {
      waits.push(ms);
      clock += ms;
    },
  };
}
