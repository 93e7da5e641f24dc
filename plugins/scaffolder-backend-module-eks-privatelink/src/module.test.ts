import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleEksPrivateLink } from './module';

describe('scaffolderModuleEksPrivateLink', () => {
  it('adds the create, delete, onboard-vpc and offboard-vpc actions to the scaffolder', async () => {
    const added: TemplateAction[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...actions: TemplateAction[]) =>
              added.push(...actions),
          },
        ],
      ],
      features: [
        scaffolderModuleEksPrivateLink,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: { eksPrivateLink: { defaultRegion: 'eu-west-1' } },
        }),
      ],
    });

    expect(added.map(action => action.id).sort()).toEqual([
      'aws:eks:privatelink:create',
      'aws:eks:privatelink:delete',
      'aws:eks:privatelink:offboard-vpc',
      'aws:eks:privatelink:onboard-vpc',
    ]);
    for (const action of added) {
      expect(action.supportsDryRun).toBe(true);
      // Every input field carries a description for the template editor.
      const properties = (action.schema?.input?.properties ?? {}) as Record<
        string,
        { description?: string }
      >;
      expect(Object.keys(properties).length).toBeGreaterThan(1);
      for (const [name, field] of Object.entries(properties)) {
        expect([name, field.description]).toEqual([name, expect.any(String)]);
      }
    }
  });
});
