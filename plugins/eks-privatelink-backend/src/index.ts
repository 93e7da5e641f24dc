/**
 * The EKS PrivateLink inventory backend: which catalog VPCs have an EKS
 * interface endpoint, in what state, at what cost, kept in sync with AWS.
 *
 * @packageDocumentation
 */

export { eksPrivateLinkPlugin as default } from './plugin';
