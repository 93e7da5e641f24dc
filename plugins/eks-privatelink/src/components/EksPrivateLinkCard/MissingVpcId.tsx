import Typography from '@material-ui/core/Typography';
import { EKS_ANNOTATIONS } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { CodeLine } from './Code';
import { SectionHeading } from './DetailList';

const EXAMPLE = `metadata:
  annotations:
    ${EKS_ANNOTATIONS.vpcId}: vpc-0123456789abcdef0
    ${EKS_ANNOTATIONS.region}: us-east-1
    ${EKS_ANNOTATIONS.accountId}: '123456789012'`;

/** The card's content for an entity from which no VPC id can be read. */
export function MissingVpcId() {
  return (
    <>
      <SectionHeading>No VPC id on this entity</SectionHeading>
      <Typography variant="body2" component="p">
        The card reads the VPC from the entity's annotations. Add one of these,
        first found wins:
      </Typography>
      <ul>
        <Typography component="li" variant="body2">
          <code>{EKS_ANNOTATIONS.vpcId}</code>, with{' '}
          <code>{EKS_ANNOTATIONS.region}</code> and{' '}
          <code>{EKS_ANNOTATIONS.accountId}</code> (without a region the
          backend's eksPrivateLink.defaultRegion applies, without an account its
          default AWS credentials)
        </Typography>
        <Typography component="li" variant="body2">
          <code>{EKS_ANNOTATIONS.legacyVpcId}</code>, as the AWS VPC entity
          provider writes it
        </Typography>
        <Typography component="li" variant="body2">
          <code>{EKS_ANNOTATIONS.arn}</code> with a VPC ARN,{' '}
          <code>
            arn:aws:ec2:&lt;region&gt;:&lt;account&gt;:vpc/&lt;vpc-id&gt;
          </code>
          , as the AWS Config entity provider writes it
        </Typography>
      </ul>
      <Typography variant="body2" component="p">
        For example:
      </Typography>
      <CodeLine>{EXAMPLE}</CodeLine>
    </>
  );
}
