import {
  describeEndpointPolicy,
  endpointPolicyForPreset,
  normalizePolicyDocument,
  validateOrganizationId,
} from './policyPresets';

const AWS_DEFAULT =
  '{\n  "Statement": [\n    {\n      "Action": "*",\n      "Effect": "Allow",\n      "Principal": "*",\n      "Resource": "*"\n    }\n  ]\n}';

describe('endpoint policy presets', () => {
  it('sends no policy for full access, and names AWS default as full access', () => {
    expect(endpointPolicyForPreset('full-access')).toBeNull();
    expect(normalizePolicyDocument(AWS_DEFAULT)).toBeNull();
    expect(normalizePolicyDocument(null)).toBeNull();
    expect(describeEndpointPolicy(AWS_DEFAULT).preset).toBe('full-access');
    expect(describeEndpointPolicy(undefined).summary).toMatch(/^Full access/);
  });

  it('limits this-account to the VPC account and reads it back', () => {
    const doc = endpointPolicyForPreset('this-account', {
      accountId: '123456789012',
    })!;
    expect(JSON.parse(doc).Statement[0].Condition).toEqual({
      StringEquals: { 'aws:PrincipalAccount': '123456789012' },
    });
    expect(describeEndpointPolicy(doc)).toMatchObject({
      preset: 'this-account',
      accountId: '123456789012',
      summary: 'Only principals of AWS account 123456789012.',
    });
    expect(() => endpointPolicyForPreset('this-account', {})).toThrow(
      /accountId/,
    );
  });

  it('limits this-organization to the typed organization id', () => {
    const doc = endpointPolicyForPreset('this-organization', {
      organizationId: 'o-a1b2c3d4e5',
    })!;
    expect(describeEndpointPolicy(doc)).toMatchObject({
      preset: 'this-organization',
      organizationId: 'o-a1b2c3d4e5',
    });
    expect(validateOrganizationId('O-ABC')).toMatch(/^organizationId 'O-ABC'/);
    expect(validateOrganizationId(undefined)).toMatch(/required/);
    expect(validateOrganizationId('o-a1b2c3d4e5')).toBeUndefined();
  });

  it('keeps custom documents and compares them regardless of key order', () => {
    const a =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"eks:DeleteCluster","Resource":"*"}]}';
    const b =
      '{"Statement":[{"Resource":"*","Action":"eks:DeleteCluster","Principal":"*","Effect":"Deny"}]}';
    expect(endpointPolicyForPreset('custom', { policyDocument: a })).toBe(a);
    expect(normalizePolicyDocument(a)).toBe(normalizePolicyDocument(b));
    expect(normalizePolicyDocument(a)).not.toBeNull();
    expect(describeEndpointPolicy(a).preset).toBe('custom');
    expect(() => endpointPolicyForPreset('custom')).toThrow(/policyDocument/);
  });
});
