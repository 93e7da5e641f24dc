import { SUBNETS } from '../../testUtils/fixtures';
import { findSameAzConflicts } from './sameAzConflicts';

describe('findSameAzConflicts', () => {
  const subnets = [
    ...SUBNETS.subnets,
    {
      ...SUBNETS.subnets[0],
      subnetId: 'subnet-0aaaaaaaaaaaaaaa3',
    },
  ];

  it('names three subnets in one AZ as "all"', () => {
    expect(
      findSameAzConflicts(
        [
          'subnet-0aaaaaaaaaaaaaaa1',
          'subnet-0aaaaaaaaaaaaaaa2',
          'subnet-0aaaaaaaaaaaaaaa3',
        ],
        subnets,
      ),
    ).toEqual([
      'subnet-0aaaaaaaaaaaaaaa1, subnet-0aaaaaaaaaaaaaaa2 and subnet-0aaaaaaaaaaaaaaa3 are all in us-east-1a; an interface endpoint takes one subnet per Availability Zone — keep one of them',
    ]);
  });

  it('ignores ids it does not know (another check reports them)', () => {
    expect(
      findSameAzConflicts(
        ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-unknown'],
        subnets,
      ),
    ).toEqual([]);
  });
});
