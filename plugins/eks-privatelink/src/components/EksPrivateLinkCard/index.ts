export { EksPrivateLinkCard } from './EksPrivateLinkCard';
export type { EksPrivateLinkCardProps } from './EksPrivateLinkCard';
