import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EKS_ENDPOINT_SERVICES,
  eksPrivateLinkInventoryRefreshPermission,
  validateAccountId,
  validateRegion,
  validateVpcId,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { InventoryService } from './InventoryService';
import type { AppliedEndpointStore } from '../database/DatabaseAppliedStore';
import { checked, portalChangesBody } from '../sync/portalChangesBody';

/** Options of {@link createRouter}. */
export interface RouterOptions {
  service: InventoryService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Where `POST /sync/vpc` keeps what the actions applied and deleted. */
  applied?: AppliedEndpointStore;
}

const ENDPOINT_STATES = [
  'pendingacceptance',
  'pending',
  'available',
  'deleting',
  'deleted',
  'rejected',
  'failed',
  'expired',
  'partial',
] as const;

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const entityRefParams = z.object({
  kind: z
    .string()
    .regex(
      /^[a-zA-Z][a-zA-Z0-9]{0,62}$/,
      'must be an entity kind such as Resource',
    ),
  namespace: z
    .string()
    .regex(
      /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/,
      'must be an entity namespace such as default',
    ),
  name: z
    .string()
    .regex(
      /^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/,
      'must be an entity name: letters, digits, . _ - and at most 63 characters',
    ),
});

/** A query parameter that must be one of `values`. */
function oneOf<T extends string>(values: readonly [T, ...T[]], what = '') {
  return z.enum(values, {
    errorMap: () => ({
      message: `must be one of ${values.join(', ')}${what}`,
    }),
  });
}

const listQuery = z.object({
  region: checked(validateRegion, 'region').optional(),
  state: z
    .string()
    .transform(s => s.toLocaleLowerCase('en-US'))
    .pipe(
      oneOf(
        [...ENDPOINT_STATES, 'none'],
        ' (none: VPCs without a live endpoint)',
      ),
    )
    .optional(),
  service: oneOf(EKS_ENDPOINT_SERVICES as ['eks', 'eks-auth']).optional(),
  owner: z
    .string()
    .max(255, 'must be at most 255 characters')
    .transform((value, ctx) => {
      try {
        const ref = parseEntityRef(value.trim(), {
          defaultKind: 'group',
          defaultNamespace: 'default',
        });
        if (entityRefParams.safeParse(ref).success) {
          // Compared as the sync stores it: full and lower case.
          return stringifyEntityRef(ref);
        }
      } catch {
        // reported below
      }
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'query parameter owner must be an entity ref such as group:default/platform-team',
      });
      return z.NEVER;
    })
    .optional(),
  coverage: oneOf(['none', 'partial', 'full']).optional(),
  syncStatus: oneOf(['ok', 'stale', 'error', 'never']).optional(),
  drift: oneOf(['true', 'false'])
    .transform(value => value === 'true')
    .optional(),
  q: z
    .string()
    .max(100, 'must be at most 100 characters')
    .transform(value => value.trim() || undefined)
    .optional(),
  cursor: z.string().min(1).max(1024).optional(),
  limit: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
    .default(DEFAULT_LIMIT),
});

const syncVpcBody = z.object({
  vpcId: checked(validateVpcId, 'vpcId'),
  region: checked(validateRegion, 'region'),
  accountId: checked(validateAccountId, 'accountId').optional(),
});

const onboardedVpcKey = syncVpcBody;

const optionalText = (max: number) =>
  z.string().max(max, `must be at most ${max} characters`).nullish();

const onboardedVpcBody = z.object({
  vpcId: checked(validateVpcId, 'vpcId'),
  region: checked(validateRegion, 'region'),
  accountId: checked(validateAccountId, 'accountId').nullish(),
  name: entityRefParams.shape.name,
  title: optionalText(255),
  description: optionalText(4000),
  owner: z.string().min(1, 'is required, e.g. group:default/platform-team'),
  system: optionalText(255),
});

function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: string,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues.map(issue =>
    issue.code === z.ZodIssueCode.custom
      ? issue.message
      : `${where} ${issue.path.join('.') || '(root)'} ${issue.message}`,
  );
  throw new InputError(`Invalid request: ${problems.join('; ')}`);
}

/**
 * The HTTP side of the inventory: parses and checks input, asks who is
 * calling and what they may do, and hands the work to the service.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, httpAuth, permissions } = options;
  const router = Router();
  router.use(express.json());

  const refreshAllowed =
    (credentials: BackstageCredentials) => async (entityRef: string) => {
      const [decision] = await permissions.authorize(
        [
          {
            permission: eksPrivateLinkInventoryRefreshPermission,
            resourceRef: entityRef,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Refreshing the EKS endpoint inventory of ${entityRef} needs the permission ${eksPrivateLinkInventoryRefreshPermission.name}; its owner can refresh it.`,
        );
      }
    };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // The fleet page: filters, paging and totals all in the database.
  router.get('/inventory', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const query = parse(listQuery, req.query, 'query parameter');
    res.json(await service.list(query, credentials));
  });

  router.get('/inventory/:kind/:namespace/:name', async (req, res) => {
    const ref = parse(entityRefParams, req.params, 'path parameter');
    const credentials = await httpAuth.credentials(req);
    res.json(await service.getRecord(ref, credentials));
  });

  // An entity the caller can't read is a 404 before any permission answer,
  // so a 403 never confirms that a hidden entity exists.
  router.post('/inventory/:kind/:namespace/:name/refresh', async (req, res) => {
    const ref = parse(entityRefParams, req.params, 'path parameter');
    const credentials = await httpAuth.credentials(req);
    res.json(
      await service.refresh(ref, credentials, refreshAllowed(credentials)),
    );
  });

  router.get('/inventory/:kind/:namespace/:name/subnets', async (req, res) => {
    const ref = parse(entityRefParams, req.params, 'path parameter');
    const credentials = await httpAuth.credentials(req);
    res.json(await service.getSubnets(ref, credentials));
  });

  // The actions' refresh hook: it names any VPC and account, so only other
  // backend plugins may call it.
  router.post('/sync/vpc', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const { applied, deletedEndpointIds, ...vpc } = parse(
      syncVpcBody.extend(portalChangesBody),
      req.body ?? {},
      'body field',
    );
    // Stored before the re-read, so it already compares and counts them.
    await options.applied?.recordPortalChanges(vpc, {
      applied,
      deletedEndpointIds,
    });
    res.json(await service.syncVpc(vpc));
  });

  router.post('/onboarded-vpcs', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const body = parse(onboardedVpcBody, req.body ?? {}, 'body field');
    const saved = await service.saveOnboardedVpc({
      vpcId: body.vpcId,
      region: body.region,
      accountId: body.accountId ?? null,
      name: body.name,
      title: body.title ?? null,
      description: body.description ?? null,
      owner: body.owner,
      system: body.system ?? null,
    });
    res.json(saved);
  });

  router.delete('/onboarded-vpcs/:region/:vpcId', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const key = parse(
      onboardedVpcKey,
      { ...req.params, accountId: req.query.accountId },
      'parameter',
    );
    res.json(
      await service.removeOnboardedVpc({
        vpcId: key.vpcId,
        region: key.region,
        accountId: key.accountId ?? null,
      }),
    );
  });

  router.get('/onboarded-vpcs', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    res.json(await service.listOnboardedVpcs());
  });

  return router;
}
