import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { vpcEntity as namedVpcEntity } from '@eks-privatelink/backstage-plugin-eks-privatelink-node/testUtils';
import { awsEndpoint, FakeEc2 } from '../__testUtils__/FakeEc2';
import { createInventoryStores } from '../database/createInventoryStores';
import { InventorySync } from './InventorySync';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const REGION = 'us-east-1';
const VPCS = Array.from(
  { length: 20 },
  (_, i) => `vpc-${String(i).padStart(8, '0')}`,
);

function vpcEntity(vpcId: string): Entity {
  return namedVpcEntity({ name: vpcId, vpcId, region: REGION });
}

describe.each(databases.eachSupportedId())(
  'the rolling DNS refresh on %s',
  id => {
    let ec2: FakeEc2;
    let clock: Date;

    beforeEach(() => {
      ec2 = new FakeEc2();
      clock = new Date('2026-03-01T00:00:00.000Z');
      VPCS.forEach((vpcId, i) => {
        ec2.putEndpoint(
          REGION,
          awsEndpoint({
            id: `vpce-${String(i).padStart(8, '0')}`,
            vpcId,
            region: REGION,
          }),
        );
        ec2.setDns(vpcId, true, true);
      });
    });
    afterEach(() => ec2.restore());

    async function setup(dnsRefreshRuns?: number) {
      const knex = await databases.init(id);
      const { inventory, serviceAnswers } = await createInventoryStores({
        database: mockServices.database({ knex }),
      });
      const sync = new InventorySync({
        inventory,
        serviceAnswers,
        catalog: catalogServiceMock({ entities: VPCS.map(vpcEntity) }),
        auth: mockServices.auth(),
        clients: ec2.clients,
        logger: mockServices.logger.mock(),
        now: () => clock,
        dnsRefreshRuns,
      });
      const nextRun = async () => {
        clock = new Date(clock.getTime() + 5 * 60_000);
        ec2.resetCalls();
        return sync.syncAll();
      };
      return { inventory, sync, nextRun };
    }

    it('reads every VPC first, then a tenth a run, so each is read again within ten runs', async () => {
      const { inventory, nextRun } = await setup();
      expect((await nextRun()).dnsReads).toBe(20);
      expect(ec2.calls.DescribeVpcAttribute).toBe(40);

      const readInRun = new Map<string, number>();
      for (let run = 1; run <= 10; run++) {
        const result = await nextRun();
        expect(result.dnsReads).toBe(2);
        expect(ec2.calls.DescribeVpcAttribute).toBe(4);
        expect(ec2.calls.DescribeVpcEndpoints).toBe(1);
        for (const vpcId of VPCS) {
          const entity = await inventory.getEntity(`resource:default/${vpcId}`);
          if (entity?.dnsCheckedAt === clock.toISOString()) {
            readInRun.set(vpcId, run);
          }
        }
      }
      expect(readInRun.size).toBe(20);
    });

    it('reads at once the VPC whose endpoint changed, and shows a DNS change there', async () => {
      const { inventory, nextRun } = await setup();
      await nextRun();
      ec2.setDns(VPCS[7], true, false);
      ec2.putEndpoint(
        REGION,
        awsEndpoint({
          id: 'vpce-00000007',
          vpcId: VPCS[7],
          region: REGION,
          state: 'pending',
        }),
      );
      await nextRun();
      expect(
        await inventory.getEntity(`resource:default/${VPCS[7]}`),
      ).toMatchObject({
        dnsHostnames: false,
        dnsCheckedAt: clock.toISOString(),
      });
    });

    it('keeps the last answer, with when it was read, for a VPC not due', async () => {
      const { inventory, nextRun } = await setup();
      await nextRun();
      const firstRead = clock.toISOString();
      ec2.setDns(VPCS[19], false, false);
      await nextRun();
      expect(
        await inventory.getEntity(`resource:default/${VPCS[19]}`),
      ).toMatchObject({ dnsSupport: true, dnsCheckedAt: firstRead });
    });

    it('reads every VPC every run with dnsRefreshRuns: 1', async () => {
      const { nextRun } = await setup(1);
      await nextRun();
      expect((await nextRun()).dnsReads).toBe(20);
    });

    it('a refresh of one VPC always reads its DNS attributes', async () => {
      const { inventory, sync, nextRun } = await setup();
      await nextRun();
      ec2.setDns(VPCS[19], true, false);
      clock = new Date(clock.getTime() + 60_000);
      await sync.refreshVpc({ vpcId: VPCS[19], region: REGION });
      expect(
        await inventory.getEntity(`resource:default/${VPCS[19]}`),
      ).toMatchObject({
        dnsHostnames: false,
        dnsCheckedAt: clock.toISOString(),
      });
    });
  },
);
