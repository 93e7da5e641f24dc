export { eksPrivateLinkApiRef } from './EksPrivateLinkApi';
export type { EksPrivateLinkApi } from './EksPrivateLinkApi';
export { EksPrivateLinkClient } from './EksPrivateLinkClient';
