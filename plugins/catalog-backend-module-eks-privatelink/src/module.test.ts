import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import catalogModule from './index';
import { OnboardedVpcProvider } from './OnboardedVpcProvider';

async function startWith(config: object) {
  const providers: EntityProvider[] = [];
  const scheduler = mockServices.scheduler.mock({
    createScheduledTaskRunner: jest.fn(() => ({ run: jest.fn() })),
  });
  await startTestBackend({
    extensionPoints: [
      [
        catalogProcessingExtensionPoint,
        {
          addEntityProvider: (...p: Array<EntityProvider | EntityProvider[]>) =>
            providers.push(...p.flat()),
          addProcessor: jest.fn(),
          addPlaceholderResolver: jest.fn(),
          setOnProcessingErrorHandler: jest.fn(),
        },
      ],
    ],
    features: [
      catalogModule,
      scheduler.factory,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  return { providers, scheduler };
}

describe('catalogModuleEksPrivateLinkOnboardedVpcs', () => {
  it('adds the onboarded VPC provider, polling every 15 seconds by default', async () => {
    const { providers, scheduler } = await startWith({});

    expect(providers).toHaveLength(1);
    expect(providers[0]).toBeInstanceOf(OnboardedVpcProvider);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { seconds: 15 },
      timeout: { minutes: 1 },
    });
  });

  it('polls as often as eksPrivateLink.onboarding.refreshInterval says', async () => {
    const { scheduler } = await startWith({
      eksPrivateLink: { onboarding: { refreshInterval: { minutes: 2 } } },
    });

    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { minutes: 2 } }),
    );
  });
});
