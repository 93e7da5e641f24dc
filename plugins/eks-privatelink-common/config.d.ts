import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Settings of the EKS PrivateLink plugins. */
  eksPrivateLink?: {
    /**
     * Region of VPC entities that carry no `aws.amazon.com/region`
     * annotation and no ARN, e.g. `us-east-1`.
     * @visibility frontend
     */
    defaultRegion?: string;

    /** The inventory's scheduled sync with AWS. */
    sync?: {
      /** How often the sync runs, e.g. `{ minutes: 5 }` or `PT5M`. */
      frequency?: HumanDuration | string;
      /** How long one run may take before it is abandoned. */
      timeout?: HumanDuration | string;
      /**
       * Within how many runs every VPC's DNS attributes are read again
       * (10 by default: each run re-reads the tenth, rounded down, read longest ago, plus
       * every VPC whose endpoint changed or was never read). 1 reads them
       * all every run, two `DescribeVpcAttribute` calls per private-DNS VPC.
       */
      dnsRefreshRuns?: number;
    };

    /** `POST /api/eks-privatelink/inventory/.../refresh`. */
    refresh?: {
      /**
       * The least time between two reads of one entity's VPC from AWS,
       * e.g. `{ seconds: 30 }` (the default) or `PT1M`. A refresh within it
       * answers the last record and says how old it is.
       */
      minInterval?: HumanDuration | string;
    };

    /**
     * How long the inventory keeps endpoints that were deleted and the
     * state history, e.g. `{ days: 90 }` (the default) or `P1Y`. The
     * scheduled sync removes what is older.
     */
    retention?: HumanDuration | string;

    /**
     * Prices for the cost estimate on the entity card. Defaults are the
     * us-east-1 list prices in USD.
     * @visibility frontend
     */
    pricing?: {
      /**
       * ISO 4217 code the rates are in.
       * @visibility frontend
       */
      currency?: string;
      /**
       * Price of one endpoint in one Availability Zone for one hour.
       * @visibility frontend
       */
      hourlyPerAz?: number;
      /**
       * Price per GB of the first data-processing tier (first 1 PB a month).
       * @visibility frontend
       */
      dataProcessingPerGb?: number;
      /**
       * Overrides by region name, e.g. `eu-central-1`.
       * @visibility frontend
       */
      regions?: {
        [region: string]: {
          /** @visibility frontend */
          hourlyPerAz?: number;
          /** @visibility frontend */
          dataProcessingPerGb?: number;
        };
      };
    };

    /**
     * Overrides of the EKS endpoint rules from the seed guide. What AWS
     * reports for a region at run time still wins over these.
     */
    rules?: {
      /** Regions where the EKS endpoint is not offered; replaces the seed list. */
      unavailableRegions?: string[];
      /** Whether a VPC endpoint policy can be attached. */
      endpointPolicySupported?: boolean;
      /** The endpoint IP address types the service accepts. */
      ipAddressTypes?: Array<'ipv4' | 'dualstack' | 'ipv6'>;
      /** Whether private DNS is on when a request does not say. */
      privateDnsDefault?: boolean;
    };

    /** Onboarding VPCs into the catalog, and the catalog module that emits them. */
    onboarding?: {
      /** How often the catalog module reads the onboarded VPCs. */
      refreshInterval?: HumanDuration | string;
      /**
       * Lets a user onboard a VPC for any owner. Default false: the owner must
       * be the user or one of the groups the user belongs to.
       */
      allowAnyOwner?: boolean;
    };

    /**
     * The only AWS accounts (12 digits) whose VPCs the scaffolder actions may
     * change or onboard. Unset: every account the `aws:` block reaches. When
     * set, a VPC must name its account (annotation
     * `aws.amazon.com/account-id`, its ARN, or the `accountId` input).
     */
    allowedAccounts?: string[];

    /**
     * The only AWS regions whose VPCs the scaffolder actions may change or
     * onboard, e.g. `[us-east-1, eu-central-1]`. Unset: every region.
     */
    allowedRegions?: string[];

    /** Flow logs that `aws:eks:privatelink:create` sets up. */
    flowLogs?: {
      /**
       * Flow-log destinations allowed besides CloudWatch Logs log groups in
       * the VPC's own account: ARNs of log groups or S3 buckets, exactly, or
       * ending in `*` to allow every ARN that starts with what precedes it.
       * S3 bucket ARNs carry no account, so an S3 destination must be listed.
       */
      allowedDestinations?: string[];
    };
  };
}
