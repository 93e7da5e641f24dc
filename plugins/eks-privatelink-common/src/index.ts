/**
 * Types, EKS endpoint rules, pricing arithmetic, validation and permissions
 * shared by the EKS PrivateLink plugins. Runs in Node and in the browser.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './annotations';
export * from './endpointServices';
export * from './rules';
export * from './ruleRefusals';
export * from './pricing';
export * from './validation';
export * from './permissions';
export * from './policyPresets';
export * from './allowedSources';
