// Creates a demo VPC with one private subnet in each of three Availability
// Zones in the EC2 emulator that AWS_ENDPOINT_URL points at, and prints what
// to type into the "Onboard a VPC" template.
import {
  EC2Client,
  CreateVpcCommand,
  CreateSubnetCommand,
} from '@aws-sdk/client-ec2';

const region = process.env.AWS_REGION ?? 'us-east-1';
const ec2 = new EC2Client({ region });

const { Vpc } = await ec2.send(
  new CreateVpcCommand({
    CidrBlock: '10.42.0.0/16',
    TagSpecifications: [
      {
        ResourceType: 'vpc',
        Tags: [{ Key: 'Name', Value: 'demo-build-runners' }],
      },
    ],
  }),
);
for (const [i, zone] of ['a', 'b', 'c'].entries()) {
  await ec2.send(
    new CreateSubnetCommand({
      VpcId: Vpc.VpcId,
      CidrBlock: `10.42.${i}.0/24`,
      AvailabilityZone: `${region}${zone}`,
    }),
  );
}
console.log(
  `\nmoto is ready with a demo VPC: ${Vpc.VpcId} in ${region} ` +
    `(account 123456789012, three subnets).\n` +
    `Open http://localhost:3000/create and choose "Onboard a VPC" to bring it ` +
    `into the catalog with its EKS endpoint.\n`,
);
