/**
 * The shapes of the EKS endpoint rules: the inputs (operator config, AWS's
 * live answer) and the resolved decisions with their sources.
 */

import type { EksEndpointService } from './endpointServices';

/**
 * Who decided a rule: AWS's live answer, operator config, the seed guide,
 * or nobody (`unknown`: AWS could not be asked and config says nothing, so
 * the rule lets the request through and AWS's answer to the create decides).
 *
 * @public
 */
export type RuleSource = 'seed' | 'config' | 'aws' | 'unknown';

/** An endpoint `IpAddressType` value. @public */
export type EndpointIpAddressType = 'ipv4' | 'dualstack' | 'ipv6';

/** The EKS endpoint rules as plain data. @public */
export interface EksEndpointRules {
  /** Always `Interface`: `CreateVpcEndpoint` defaults to `Gateway`. */
  endpointType: 'Interface';
  /** Regions where the service is not offered. */
  unavailableRegions: string[];
  /** Whether a VPC endpoint policy can be attached. */
  endpointPolicySupported: boolean;
  /** The endpoint `IpAddressType` values the service accepts. */
  ipAddressTypes: EndpointIpAddressType[];
  /** Whether private DNS is on when a request does not say. */
  privateDnsDefault: boolean;
  /** Private DNS needs both `enableDnsSupport` and `enableDnsHostnames`. */
  privateDnsRequiresVpcDnsAttributes: boolean;
}

/**
 * Operator overrides, the shape of `eksPrivateLink.rules` in app-config.
 * A list given here replaces the seed's list; it is not merged.
 *
 * @public
 */
export interface EksRulesConfig {
  unavailableRegions?: string[];
  endpointPolicySupported?: boolean;
  ipAddressTypes?: EndpointIpAddressType[];
  privateDnsDefault?: boolean;
}

/**
 * What `DescribeVpcEndpointServices` said about the EKS service in a region.
 *
 * @public
 */
export interface EksServiceDescription {
  serviceName: string;
  /** False when AWS does not offer the service in the region. */
  exists: boolean;
  /** The AZs where the service can place a network interface. */
  availabilityZones: string[];
  /** `VpcEndpointPolicySupported`; null when AWS did not say. */
  policySupported: boolean | null;
  /**
   * The service's `SupportedIpAddressTypes`, lower case (`ipv4`, `ipv6`);
   * empty when AWS did not say.
   */
  ipAddressTypes: string[];
}

/** One rule's value, who decided it and a sentence a person can read. @public */
export interface RuleDecision<T> {
  value: T;
  source: RuleSource;
  reason: string;
  /**
   * What the seed guide said, with its date, when the source is `unknown`
   * and the seed was more restrictive than the value: history, not a rule.
   */
  history?: string;
}

/** The rules for one region after seed, config and AWS are combined. @public */
export interface ResolvedEksRules {
  region: string;
  /** The service the rules are for; `eks` when the inputs did not say. */
  service: EksEndpointService;
  serviceName: string;
  available: RuleDecision<boolean>;
  endpointPolicySupported: RuleDecision<boolean>;
  ipAddressTypes: RuleDecision<EndpointIpAddressType[]>;
  privateDnsDefault: RuleDecision<boolean>;
  privateDnsRequiresVpcDnsAttributes: RuleDecision<boolean>;
  /** The supported AZs; null when AWS has not been asked. */
  availabilityZones: RuleDecision<string[]> | null;
}

/** What {@link resolveRules} combines. @public */
export interface RuleInputs {
  /**
   * The service the rules are for; default `eks`. The seed guide's values
   * and `eksPrivateLink.rules` are about `eks` only: for `eks-auth` the
   * live answer decides, else the rule is unknown.
   */
  service?: EksEndpointService;
  /** `eksPrivateLink.rules` from app-config; applies to `eks` only. */
  config?: EksRulesConfig;
  /** The live answer from AWS for the region, when it was asked. */
  live?: EksServiceDescription | null;
  /**
   * Why AWS could not be asked, when `live` is absent, e.g.
   * "ec2:DescribeVpcEndpointServices is denied".
   */
  liveError?: string;
}
