import type { EksPrivateLinkCardProps } from './components/EksPrivateLinkCard';
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { EksPrivateLinkClient, eksPrivateLinkApiRef } from './api';
import { rootRouteRef } from './routes';
import {
  EksSubnetPicker,
  EksSubnetPickerFieldSchema,
  eksSubnetPickerValidation,
} from './components/SubnetPickerField';
import {
  EksIpAddressTypePicker,
  EksIpAddressTypePickerFieldSchema,
  eksIpAddressTypePickerValidation,
} from './components/IpAddressTypeField';

/**
 * The EKS PrivateLink frontend plugin, for apps on the legacy frontend
 * system. Apps on the new system use the `./alpha` entry point instead.
 *
 * @public
 */
export const eksPrivateLinkPlugin = createPlugin({
  id: 'eks-privatelink',
  apis: [
    createApiFactory({
      api: eksPrivateLinkApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EksPrivateLinkClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The fleet page: every VPC entity the user can read, with the state of its
 * EKS endpoints, DNS, AZs, cost, drift and sync, filters kept in the URL,
 * totals and a CSV download. Mount it at `/eks-privatelink`.
 *
 * @public
 */
export const EksPrivateLinkFleetPage: () => JSX.Element =
  eksPrivateLinkPlugin.provide(
    createRoutableExtension({
      name: 'EksPrivateLinkFleetPage',
      component: () => import('./components/FleetPage').then(m => m.FleetPage),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The card for VPC entity pages: the VPC's EKS interface endpoint, its state,
 * DNS, placement and cost. Show it where {@link isEksPrivateLinkAvailable}.
 *
 * @public
 */
export const EntityEksPrivateLinkCard: (
  props: EksPrivateLinkCardProps,
) => JSX.Element | null = eksPrivateLinkPlugin.provide(
  createComponentExtension({
    name: 'EntityEksPrivateLinkCard',
    component: {
      lazy: () =>
        import('./components/EksPrivateLinkCard').then(
          m => m.EksPrivateLinkCard,
        ),
    },
  }),
);

/**
 * The scaffolder form field `EksSubnetPicker`: subnets of the VPC chosen in
 * the form, at most one per Availability Zone. Place it inside
 * `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const EksSubnetPickerFieldExtension = eksPrivateLinkPlugin.provide(
  createScaffolderFieldExtension({
    name: 'EksSubnetPicker',
    component: EksSubnetPicker,
    validation: eksSubnetPickerValidation,
    schema: EksSubnetPickerFieldSchema.schema,
  }),
);

/**
 * The scaffolder form field `EksIpAddressTypePicker`: the endpoint's IP
 * address type, offering only what the region of the VPC chosen in the form
 * takes. Place it inside `<ScaffolderFieldExtensions>`.
 *
 * @public
 */
export const EksIpAddressTypePickerFieldExtension =
  eksPrivateLinkPlugin.provide(
    createScaffolderFieldExtension({
      name: 'EksIpAddressTypePicker',
      component: EksIpAddressTypePicker,
      validation: eksIpAddressTypePickerValidation,
      schema: EksIpAddressTypePickerFieldSchema.schema,
    }),
  );
