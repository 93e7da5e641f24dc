/**
 * The EC2 read functions, gathered in one import path. Each group lives in
 * its own file: endpoints, the VPC and its DNS attributes, subnets,
 * security groups, and the EKS service description.
 */
export {
  describeEndpoint,
  findVpcEksEndpoints,
  listEksEndpoints,
} from './ec2EndpointReads';
export {
  describeVpc,
  readVpcDnsAttributes,
  type VpcDnsAttributes,
} from './ec2VpcReads';
export {
  describeSubnets,
  describeSubnetZones,
  describeVpcSubnets,
  listSubnets,
} from './ec2SubnetReads';
export {
  describeSecurityGroups,
  findSecurityGroupByName,
} from './ec2SecurityGroupReads';
export { describeEksService } from './ec2ServiceReads';
