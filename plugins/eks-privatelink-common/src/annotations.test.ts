import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  EKS_ANNOTATIONS,
  isVpcEntity,
  parseVpcArn,
  readVpcLocator,
} from './annotations';

function vpcEntity(
  annotations: Record<string, string>,
  spec: JsonObject = { type: 'vpc' },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'network', annotations },
    spec,
  };
}

describe('parseVpcArn', () => {
  it('splits a commercial-partition VPC ARN', () => {
    expect(
      parseVpcArn(
        'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d4e5f67890',
      ),
    ).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      accountId: '123456789012',
      vpcId: 'vpc-0a1b2c3d4e5f67890',
    });
  });

  it.each([
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
    ['aws-iso-b', 'us-isob-east-1'],
  ])('accepts the %s partition', (partition, region) => {
    expect(
      parseVpcArn(
        `arn:${partition}:ec2:${region}:210987654321:vpc/vpc-12345678`,
      ),
    ).toEqual({
      partition,
      region,
      accountId: '210987654321',
      vpcId: 'vpc-12345678',
    });
  });

  it.each([
    'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-12345678',
    'arn:aws:s3:::my-bucket',
    'arn:aws:ec2:us-east-1:1234:vpc/vpc-12345678',
    'vpc-12345678',
  ])('refuses %s', arn => {
    expect(parseVpcArn(arn)).toBeUndefined();
  });
});

describe('readVpcLocator', () => {
  it('reads the id, region and account from their own annotations', () => {
    expect(
      readVpcLocator(
        vpcEntity({
          [EKS_ANNOTATIONS.vpcId]: 'vpc-0a1b2c3d4e5f67890',
          [EKS_ANNOTATIONS.region]: 'eu-west-1',
          [EKS_ANNOTATIONS.accountId]: '111122223333',
        }),
      ),
    ).toEqual({
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      region: 'eu-west-1',
      accountId: '111122223333',
    });
  });

  it("accepts RoadieHQ's amazonaws.com/vpc-id annotation", () => {
    expect(
      readVpcLocator(vpcEntity({ 'amazonaws.com/vpc-id': 'vpc-12345678' })),
    ).toEqual({ vpcId: 'vpc-12345678' });
  });

  it('prefers aws.amazon.com/vpc-id over the other two', () => {
    expect(
      readVpcLocator(
        vpcEntity({
          'amazonaws.com/vpc-id': 'vpc-22222222',
          'aws.amazon.com/vpc-id': 'vpc-11111111',
          'aws.amazon.com/arn':
            'arn:aws:ec2:us-east-2:123456789012:vpc/vpc-33333333',
        }),
      )?.vpcId,
    ).toBe('vpc-11111111');
  });

  it('takes everything from the ARN the AWS Config provider writes', () => {
    expect(
      readVpcLocator(
        vpcEntity({
          'aws.amazon.com/arn':
            'arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc/vpc-0a1b2c3d4e5f67890',
        }),
      ),
    ).toEqual({
      vpcId: 'vpc-0a1b2c3d4e5f67890',
      region: 'us-gov-west-1',
      accountId: '123456789012',
    });
  });

  it('lets the region and account annotations win over the ARN', () => {
    expect(
      readVpcLocator(
        vpcEntity({
          'aws.amazon.com/arn':
            'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-12345678',
          'aws.amazon.com/region': 'us-west-2',
          'aws.amazon.com/account-id': '999988887777',
        }),
      ),
    ).toEqual({
      vpcId: 'vpc-12345678',
      region: 'us-west-2',
      accountId: '999988887777',
    });
  });

  it('ignores blank annotations and trims values', () => {
    expect(
      readVpcLocator(
        vpcEntity({
          'aws.amazon.com/vpc-id': '  ',
          'amazonaws.com/vpc-id': ' vpc-12345678 ',
        }),
      ),
    ).toEqual({ vpcId: 'vpc-12345678' });
  });

  it('finds nothing without a VPC id, even with a region', () => {
    expect(
      readVpcLocator(vpcEntity({ 'aws.amazon.com/region': 'us-east-1' })),
    ).toBeUndefined();
    expect(
      readVpcLocator(
        vpcEntity({
          'aws.amazon.com/arn':
            'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-12345678',
        }),
      ),
    ).toBeUndefined();
  });
});

describe('isVpcEntity', () => {
  it('is true for a Resource of type vpc', () => {
    expect(isVpcEntity(vpcEntity({}))).toBe(true);
  });

  it('is false for other kinds and types', () => {
    expect(isVpcEntity(vpcEntity({}, { type: 'database' }))).toBe(false);
    expect(isVpcEntity(vpcEntity({}, {}))).toBe(false);
    expect(isVpcEntity({ ...vpcEntity({}), kind: 'Component' })).toBe(false);
  });
});
