import { ConfigReader } from '@backstage/config';
import { readInventoryConfig } from './readInventoryConfig';

describe('readInventoryConfig', () => {
  it('syncs every 5 minutes with a 3 minute timeout by default', () => {
    expect(readInventoryConfig(new ConfigReader({}))).toEqual({
      defaultRegion: undefined,
      pricing: undefined,
      rules: undefined,
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 3 } },
      refreshMinIntervalMs: 30_000,
      retentionMs: 90 * 24 * 3600 * 1000,
    });
  });

  it('reads the eksPrivateLink settings', () => {
    const config = readInventoryConfig(
      new ConfigReader({
        eksPrivateLink: {
          defaultRegion: 'eu-central-1',
          sync: { frequency: { minutes: 15 }, timeout: 'PT2M' },
          pricing: { currency: 'EUR', hourlyPerAz: 0.011 },
          rules: { endpointPolicySupported: true },
          refresh: { minInterval: 'PT1M' },
          retention: { days: 30, hours: 12 },
        },
      }),
    );
    expect(config.refreshMinIntervalMs).toBe(60_000);
    expect(config.retentionMs).toBe(30.5 * 24 * 3600 * 1000);
    expect(config.defaultRegion).toBe('eu-central-1');
    expect(config.schedule.frequency).toEqual({ minutes: 15 });
    expect(config.schedule.timeout).toEqual({ minutes: 2 });
    expect(config.pricing).toEqual({ currency: 'EUR', hourlyPerAz: 0.011 });
    expect(config.rules).toEqual({ endpointPolicySupported: true });
  });

  it('names the key of a malformed duration', () => {
    expect(() =>
      readInventoryConfig(
        new ConfigReader({ eksPrivateLink: { sync: { frequency: 'often' } } }),
      ),
    ).toThrow(/frequency/);
  });
});
