import { screen } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import plugin, {
  eksPrivateLinkEntityCard,
  eksPrivateLinkFleetPage,
} from './alpha';
import { eksPrivateLinkApiRef } from './api';
import { ENTITY_REF, inventoryRecord, vpcEntity } from './testUtils/fixtures';

describe('alpha plugin', () => {
  it('is the eks-privatelink plugin with the API, the card and the form fields', () => {
    expect(plugin.pluginId).toBe('eks-privatelink');
    // These ids are what app-config's app.extensions refers to.
    for (const id of [
      'api:eks-privatelink',
      'entity-card:eks-privatelink/eks-privatelink',
      'page:eks-privatelink',
      'scaffolder-form-field:eks-privatelink/eks-subnet-picker',
      'scaffolder-form-field:eks-privatelink/eks-ip-address-type-picker',
    ] as const) {
      expect(plugin.getExtension(id)).toBeDefined();
    }
  });

  describe('entity card filter', () => {
    const filterFunction = createExtensionTester(eksPrivateLinkEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    );
    const filter = (entity: Entity) => {
      if (!filterFunction) {
        throw new Error('the entity card has no filter function');
      }
      return filterFunction(entity);
    };

    it('shows the card on a VPC entity with a VPC id', () => {
      expect(filter(vpcEntity())).toBe(true);
    });

    it('shows the card on a VPC entity without one, to explain the annotations', () => {
      expect(filter(vpcEntity({}))).toBe(true);
    });

    it('shows the card on another entity that names a VPC by ARN', () => {
      expect(
        filter({
          ...vpcEntity({
            'aws.amazon.com/arn':
              'arn:aws:ec2:us-west-2:123456789012:vpc/vpc-0f9e8d7c6b5a40312',
          }),
          kind: 'Component',
          spec: { type: 'service' },
        }),
      ).toBe(true);
    });

    it('hides the card elsewhere', () => {
      expect(
        filter({
          ...vpcEntity({}),
          spec: { type: 's3-bucket' },
        }),
      ).toBe(false);
    });
  });

  it('renders the card in an app of the new frontend system', async () => {
    const getInventory = jest.fn(async (_ref: string) => inventoryRecord());
    const card = createExtensionTester(eksPrivateLinkEntityCard).reactElement();

    renderInTestApp(
      <EntityProvider entity={vpcEntity()}>{card}</EntityProvider>,
      {
        apis: [
          [
            eksPrivateLinkApiRef,
            { getInventory, refresh: jest.fn(), getSubnets: jest.fn() },
          ],
        ],
      },
    );

    expect(
      // The first lazy load of the card compiles it: allow for that.
      await screen.findByText(
        'available since 2025-03-01 09:02 UTC',
        {},
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(getInventory).toHaveBeenCalledWith(ENTITY_REF);
    // The app's own permission API answers; with the framework off it allows.
    expect(
      await screen.findByRole('button', { name: 'Refresh' }),
    ).toBeInTheDocument();
  });

  it('renders the fleet page at /eks-privatelink with its filters from the URL', async () => {
    const listInventory = jest.fn(async () => ({
      items: [inventoryRecord({ title: 'Build runners' })],
      totals: {
        vpcs: 1,
        covered: 0,
        partial: 1,
        monthlyCost: 14.6,
        currency: 'USD',
      },
    }));
    const tester = createExtensionTester(eksPrivateLinkFleetPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/eks-privatelink');

    renderInTestApp(tester.reactElement(), {
      initialRouteEntries: ['/eks-privatelink?coverage=partial'],
      // The catalog plugin mounts the entity page that each row links to.
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name':
          convertLegacyRouteRef(entityRouteRef),
      },
      apis: [
        [
          eksPrivateLinkApiRef,
          {
            getInventory: jest.fn(),
            refresh: jest.fn(),
            getSubnets: jest.fn(),
            listInventory,
          },
        ],
      ],
    });

    expect(await screen.findByText('Build runners')).toBeInTheDocument();
    expect(
      screen.getByText(/^1 VPC · 0 covered · 1 partly covered/),
    ).toBeInTheDocument();
    expect(listInventory).toHaveBeenCalledWith({ coverage: 'partial' });
  });
});
