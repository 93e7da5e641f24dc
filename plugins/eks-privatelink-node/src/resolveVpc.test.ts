import type { Entity } from '@backstage/catalog-model';
import { requireVpc, resolveVpc } from './resolveVpc';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'shared-vpc', namespace: 'default', annotations },
    spec: { type: 'vpc' },
  };
}

describe('resolveVpc', () => {
  it('takes the region from the entity before the default', () => {
    expect(
      resolveVpc(
        entity({
          'aws.amazon.com/vpc-id': 'vpc-12345678',
          'aws.amazon.com/region': 'eu-west-1',
          'aws.amazon.com/account-id': '111122223333',
        }),
        { defaultRegion: 'us-east-1' },
      ),
    ).toEqual({
      vpcId: 'vpc-12345678',
      region: 'eu-west-1',
      accountId: '111122223333',
    });
  });

  it('falls back to defaultRegion and leaves the account to the default credentials', () => {
    expect(
      resolveVpc(entity({ 'amazonaws.com/vpc-id': 'vpc-12345678' }), {
        defaultRegion: 'us-east-1',
      }),
    ).toEqual({ vpcId: 'vpc-12345678', region: 'us-east-1' });
  });

  it('resolves nothing without a VPC id or without any region', () => {
    expect(resolveVpc(entity({}), { defaultRegion: 'us-east-1' })).toBe(
      undefined,
    );
    expect(
      resolveVpc(entity({ 'aws.amazon.com/vpc-id': 'vpc-12345678' })),
    ).toBeUndefined();
  });
});

describe('requireVpc', () => {
  it('says which annotation to add when no VPC is named', () => {
    expect(() => requireVpc(entity({}))).toThrow(
      /resource:default\/shared-vpc names no VPC: add the annotation aws.amazon.com\/vpc-id/,
    );
  });

  it('says how to give a region when none is found', () => {
    expect(() =>
      requireVpc(entity({ 'aws.amazon.com/vpc-id': 'vpc-12345678' })),
    ).toThrow(/aws.amazon.com\/region .* or set eksPrivateLink.defaultRegion/);
  });
});
