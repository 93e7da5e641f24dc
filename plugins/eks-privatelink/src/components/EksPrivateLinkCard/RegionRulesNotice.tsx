import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { InventoryRecord } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';

/**
 * Says why the region may or may not offer the EKS endpoint, by who said
 * so. When AWS could not be asked the region counts as supported (AWS's
 * answer to the create decides), and what the seed guide once said is shown
 * as history with its date, not as a fact.
 */
export function RegionRulesNotice(props: { record: InventoryRecord }) {
  const { record } = props;
  const { region } = record.vpc;
  if (!record.regionSupported) {
    return (
      <Alert severity="info">
        <AlertTitle>Not available in {region}</AlertTitle>
        AWS PrivateLink for Amazon EKS ({record.serviceName}) is not offered in{' '}
        {region}, so this VPC can't have an EKS interface endpoint.
        {record.regionSupportReason ? ` ${record.regionSupportReason}` : ''}
      </Alert>
    );
  }
  if (!record.regionSupportReason) {
    return null;
  }
  return (
    <Alert severity="info">
      <AlertTitle>AWS was not asked about {region}</AlertTitle>
      {record.regionSupportReason.replace(/\.?$/, '.')}
      {record.regionSupportHistory
        ? ` History: ${record.regionSupportHistory}`
        : ''}
    </Alert>
  );
}
