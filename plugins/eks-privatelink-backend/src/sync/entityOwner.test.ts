import type { Entity } from '@backstage/catalog-model';
import { entityLabels } from './entityOwner';

function entity(
  spec: Entity['spec'],
  metadata: Partial<Entity['metadata']> = {},
) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'prod-vpc', namespace: 'payments', ...metadata },
    spec,
  } as Entity;
}

describe('entityLabels', () => {
  it("stores the owner as a full lower-case ref: a bare name is a group of the entity's namespace", () => {
    expect(entityLabels(entity({ owner: 'Platform-Team' })).owner).toBe(
      'group:payments/platform-team',
    );
    expect(entityLabels(entity({ owner: 'user:jdoe' })).owner).toBe(
      'user:payments/jdoe',
    );
    expect(entityLabels(entity({ owner: 'group:default/web' })).owner).toBe(
      'group:default/web',
    );
  });

  it('stores no owner when there is none or it does not parse, and the title as written', () => {
    expect(entityLabels(entity({}))).toEqual({ owner: null, title: null });
    expect(entityLabels(entity({ owner: 'a:b:c/d/e' })).owner).toBeNull();
    expect(
      entityLabels(entity({ owner: 'web' }, { title: 'Prod VPC' })).title,
    ).toBe('Prod VPC');
  });
});
