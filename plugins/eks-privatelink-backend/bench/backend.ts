/*
 * A benchmark backend in its own process: the real catalog backend with
 * the requested VPC entities from an entity provider, and this plugin, on
 * the database its parent names (`backend.database` as JSON, argument 2).
 * Argument 3 `fleet` makes it the fleet bench's backend: the fleet's VPC
 * entities (two owners) and the permission service of fleetPermissions.ts.
 * Tells its parent the port once the catalog has every entity; answers
 * `memory` with its memory after a full GC, `cpu` with its CPU time so far.
 */
import {
  createBackendModule,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { eksPrivateLinkPlugin } from '../src/plugin';
import { vpcEntities } from './fixtures';
import { fleetEntities } from './fleetFixtures';
import { fleetPermissionsFactory } from './fleetPermissions';

const catalogSize = Number(process.argv[2] ?? 1_000);
// `backend.database` of app-config, as the parent process wrote it.
const database = JSON.parse(process.argv[3] ?? '{}');
const fleet = process.argv[4] === 'fleet';

function send(message: object) {
  process.send?.(message);
}

const benchEntities = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bench-vpcs',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'bench-vpcs',
          async connect(connection) {
            await connection.applyMutation({
              type: 'full',
              entities: (fleet ? fleetEntities : vpcEntities)(catalogSize).map(
                entity => ({
                  entity,
                  locationKey: 'bench',
                }),
              ),
            });
          },
        });
      },
    });
  },
});

async function main() {
  const starting = Date.now();
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      benchEntities,
      eksPrivateLinkPlugin,
      ...(fleet ? [fleetPermissionsFactory] : []),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        data: {
          backend: { database },
          catalog: { processingInterval: { minutes: 30 } },
        },
      }),
    ],
  });
  const port = backend.server.port();

  const started = Date.now();
  for (;;) {
    const res = await fetch(
      `http://localhost:${port}/api/catalog/entities/by-query?filter=kind=resource&limit=1`,
      { headers: { Authorization: mockCredentials.service.header() } },
    );
    const body = (await res.json()) as { totalItems?: number };
    if ((body.totalItems ?? 0) >= catalogSize) {
      break;
    }
    await new Promise(resolve => setTimeout(resolve, fleet ? 200 : 1000));
  }

  let profiler: Session | undefined;
  process.on('message', async (message: unknown) => {
    const command = message as { type?: string; file?: string };
    if (command.type === 'profile-start') {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      send({ type: 'profiling' });
    } else if (command.type === 'profile-stop' && profiler && command.file) {
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = undefined;
      writeFileSync(command.file, JSON.stringify(profile));
      send({ type: 'profiled' });
    } else if (message === 'cpu') {
      send({ type: 'cpu', cpu: process.cpuUsage() });
    } else if (message === 'memory') {
      global.gc?.();
      global.gc?.();
      send({ type: 'memory', memory: process.memoryUsage() });
    } else if (message === 'stop') {
      backend.stop().finally(() => process.exit(0));
    }
  });
  send({
    type: 'ready',
    port,
    catalogReadyMs: Date.now() - started,
    sinceStartMs: Date.now() - starting,
  });
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
