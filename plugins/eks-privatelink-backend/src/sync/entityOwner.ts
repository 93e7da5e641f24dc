import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The entity's owner as the inventory stores it: `spec.owner` as a full,
 * lower-case entity ref (a bare name is a group in the entity's namespace),
 * or null when it has none or it does not parse.
 */
function entityOwnerRef(entity: Entity): string | null {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) {
    return null;
  }
  try {
    const ref = parseEntityRef(owner.trim(), {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    // parseEntityRef lets a second ':' or '/' into a part; no ref has one.
    const parts = [ref.kind, ref.namespace, ref.name];
    return parts.every(part => part && !/[:/\s]/.test(part))
      ? stringifyEntityRef(ref)
      : null;
  } catch {
    return null;
  }
}

/** What the inventory keeps of an entity besides its VPC: owner and title. */
export function entityLabels(entity: Entity): {
  owner: string | null;
  title: string | null;
} {
  const title = entity.metadata.title;
  return {
    owner: entityOwnerRef(entity),
    title: typeof title === 'string' && title ? title.slice(0, 255) : null,
  };
}
