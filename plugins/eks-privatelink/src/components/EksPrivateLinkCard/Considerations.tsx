import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  CLUSTER_ENDPOINT_DOCS_URL,
  PRIVATE_CLUSTERS_DOCS_URL,
} from './consoleLinks';
import { SectionHeading } from './DetailList';

/** What each EKS interface endpoint does and does not do, for this region. */
export function Considerations(props: { region: string }) {
  const serviceDns = `eks.${props.region}.amazonaws.com`;
  const podIdentityDns = `eks-auth.${props.region}.api.aws`;
  return (
    <>
      <SectionHeading>Considerations</SectionHeading>
      <ul>
        <Typography component="li" variant="body2">
          The EKS API endpoint carries calls to the Amazon EKS API ({serviceDns}
          : create and describe clusters, node groups, add-ons, and the
          DescribeCluster that aws eks update-kubeconfig makes) only. kubectl
          and other Kubernetes API clients talk to the cluster's own API server:
          for private access to it, turn on the{' '}
          <Link to={CLUSTER_ENDPOINT_DOCS_URL} externalLinkIcon>
            cluster's private endpoint
          </Link>
          .
        </Typography>
        <Typography component="li" variant="body2">
          The EKS Pod Identity endpoint (eks-auth, {podIdentityDns}) carries the
          Pod Identity agent's AssumeRoleForPodIdentity calls, which give pods
          their IAM role's credentials.
        </Typography>
        <Typography component="li" variant="body2">
          A cluster without outbound internet access needs more endpoints than
          these two: Amazon ECR and Amazon S3 for images, AWS STS, CloudWatch
          Logs and others its workloads call. This portal does not make them;
          see the EKS guide on{' '}
          <Link to={PRIVATE_CLUSTERS_DOCS_URL} externalLinkIcon>
            private cluster requirements
          </Link>
          .
        </Typography>
        <Typography component="li" variant="body2">
          Each endpoint adds a private path; it does not close the public one.
          Amazon EKS can't be set up to accept calls only through an interface
          endpoint.
        </Typography>
        <Typography component="li" variant="body2">
          Networks outside this VPC can use it too: an on-premises data centre
          over AWS Direct Connect or AWS Site-to-Site VPN, other VPCs over a
          transit gateway or VPC peering.
        </Typography>
        <Typography component="li" variant="body2">
          The security groups on the endpoint's network interfaces decide who
          may connect: allow TCP 443 from the clients that call EKS.
        </Typography>
        <Typography component="li" variant="body2">
          VPC flow logs on the VPC or on the endpoint's network interfaces
          record the traffic through it, to CloudWatch Logs or Amazon S3.
        </Typography>
      </ul>
    </>
  );
}
