import {
  CreateManagedPrefixListCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  CreateHostedZoneCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { ConfigReader } from '@backstage/config';
import { Ec2ClientFactory } from '../Ec2ClientFactory';
import {
  createVpcWithSubnets,
  describeIfMoto,
  motoEc2Client,
} from '../testUtils';
import { applyPlan } from './applyPlan';
import { EndpointRequestRefusedError } from './errors';
import { planEndpoint } from './planEndpoint';

const REGION = 'us-east-1';

describeIfMoto(
  'allowedSources and the private DNS pre-flight against moto',
  () => {
    let client: EC2Client;
    let route53: Route53Client;
    // The tests' own setup goes through plain clients, without the plugins'
    // user agent, so the IAM policy check counts only the plugins' calls.
    let setup: EC2Client;
    let setupRoute53: Route53Client;

    beforeAll(async () => {
      // motoEc2Client points AWS_ENDPOINT_URL at moto, which serves Route 53 too.
      client = await motoEc2Client({ region: REGION });
      route53 = await Ec2ClientFactory.fromConfig(
        new ConfigReader({}),
      ).getRoute53Client({ region: REGION });
      setup = new EC2Client({ region: REGION });
      setupRoute53 = new Route53Client({ region: REGION });
    });

    it('creates the managed group with a CIDR, an IPv6 CIDR, a prefix list and a group as sources, as moto reads them back', async () => {
      const { vpcId } = await createVpcWithSubnets(setup, {
        cidrBlock: '10.62.0.0/16',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
      });
      const prefixListId = (
        await setup.send(
          new CreateManagedPrefixListCommand({
            PrefixListName: 'on-premises',
            AddressFamily: 'IPv4',
            MaxEntries: 5,
            Entries: [{ Cidr: '172.16.0.0/12' }],
          }),
        )
      ).PrefixList!.PrefixListId!;
      const peerGroupId = (
        await setup.send(
          new CreateSecurityGroupCommand({
            VpcId: vpcId,
            GroupName: 'ci-runners',
            Description: 'callers in a peered network',
          }),
        )
      ).GroupId!;
      const sources = [
        '192.168.0.0/16',
        '2600:1f14:abc::/56',
        prefixListId,
        peerGroupId,
      ];

      const result = await applyPlan(
        client,
        await planEndpoint(
          client,
          {
            vpcId,
            region: REGION,
            privateDnsEnabled: false,
            allowedSources: sources,
          },
          { route53Client: route53 },
        ),
      );

      expect(result.created).toBe(true);
      const [group] =
        (
          await setup.send(
            new DescribeSecurityGroupsCommand({
              GroupIds: [result.securityGroupId!],
            }),
          )
        ).SecurityGroups ?? [];
      const https = (group.IpPermissions ?? []).filter(p => p.FromPort === 443);
      expect(
        https.flatMap(p => (p.IpRanges ?? []).map(r => r.CidrIp)).sort(),
      ).toEqual(['10.62.0.0/16', '192.168.0.0/16']);
      expect(
        https.flatMap(p => (p.Ipv6Ranges ?? []).map(r => r.CidrIpv6)),
      ).toEqual(['2600:1f14:abc::/56']);
      expect(
        https.flatMap(p => (p.PrefixListIds ?? []).map(r => r.PrefixListId)),
      ).toEqual([prefixListId]);
      expect(
        https.flatMap(p => (p.UserIdGroupPairs ?? []).map(r => r.GroupId)),
      ).toEqual([peerGroupId]);
      expect(result.endpoint?.securityGroupIds).toEqual([
        result.securityGroupId,
      ]);
    });

    it('refuses a prefix list moto does not know, before any change', async () => {
      const { vpcId } = await createVpcWithSubnets(setup, {
        cidrBlock: '10.63.0.0/16',
        availabilityZones: ['us-east-1a'],
      });
      const error = await planEndpoint(client, {
        vpcId,
        region: REGION,
        privateDnsEnabled: false,
        allowedSources: ['pl-0123456789abcdef0'],
      }).catch(e => e);
      expect(error).toBeInstanceOf(EndpointRequestRefusedError);
      expect(error.message).toContain(
        'allowedSources[0]: the managed prefix list pl-0123456789abcdef0 was not found',
      );
    });

    it('refuses private DNS when a private hosted zone for the EKS name is associated with the VPC', async () => {
      const { vpcId } = await createVpcWithSubnets(setup, {
        cidrBlock: '10.64.0.0/16',
        availabilityZones: ['us-east-1a'],
      });
      const zone = await setupRoute53.send(
        new CreateHostedZoneCommand({
          Name: `eks.${REGION}.amazonaws.com`,
          CallerReference: `eks-zone-${vpcId}`,
          VPC: { VPCId: vpcId, VPCRegion: REGION },
          HostedZoneConfig: { PrivateZone: true },
        }),
      );
      const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');

      const error = await planEndpoint(
        client,
        { vpcId, region: REGION },
        { route53Client: route53 },
      ).catch(e => e);

      expect(error).toBeInstanceOf(EndpointRequestRefusedError);
      expect(error.refusals[0].field).toBe('privateDnsEnabled');
      expect(error.message).toContain(
        `private hosted zone eks.${REGION}.amazonaws.com (${zoneId}`,
      );
      expect(error.message).toContain('Set privateDnsEnabled to false');
      // The way out works: with private DNS off the plan goes ahead.
      const plan = await planEndpoint(
        client,
        { vpcId, region: REGION, privateDnsEnabled: false },
        { route53Client: route53 },
      );
      expect(plan.action).toBe('create');
    });
  },
);
