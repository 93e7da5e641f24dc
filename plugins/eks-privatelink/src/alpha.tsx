import { Content } from '@backstage/core-components';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import DnsIcon from '@material-ui/icons/Dns';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import { isVpcEntity } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { EksPrivateLinkClient, eksPrivateLinkApiRef } from './api';
import { isEksPrivateLinkAvailable } from './isEksPrivateLinkAvailable';
import { rootRouteRef } from './routes';

const fleetRouteRef = convertLegacyRouteRef(rootRouteRef);

/**
 * The API client, for the new frontend system.
 *
 * @alpha
 */
export const eksPrivateLinkApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: eksPrivateLinkApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EksPrivateLinkClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The entity card. It shows on every VPC entity (`kind: Resource`,
 * `spec.type: vpc`), where a missing VPC id is explained, and on any other
 * entity that carries a VPC id.
 *
 * @alpha
 */
export const eksPrivateLinkEntityCard = EntityCardBlueprint.make({
  name: 'eks-privatelink',
  params: {
    filter: entity => isVpcEntity(entity) || isEksPrivateLinkAvailable(entity),
    loader: () =>
      import('./components/EksPrivateLinkCard').then(m => (
        <m.EksPrivateLinkCard />
      )),
  },
});

/**
 * The fleet page at `/eks-privatelink`. Its title and icon give it an entry
 * in the app's sidebar.
 *
 * @alpha
 */
export const eksPrivateLinkFleetPage = PageBlueprint.make({
  params: {
    path: '/eks-privatelink',
    routeRef: fleetRouteRef,
    title: 'EKS PrivateLink',
    icon: <DnsIcon />,
    loader: () =>
      import('./components/FleetPage').then(m => (
        <Content>
          <m.FleetView />
        </Content>
      )),
  },
});

/**
 * The `EksSubnetPicker` scaffolder form field.
 *
 * @alpha
 */
export const eksSubnetPickerFormField = FormFieldBlueprint.make({
  name: 'eks-subnet-picker',
  params: {
    field: () =>
      import('./components/SubnetPickerField').then(m =>
        createFormField({
          name: 'EksSubnetPicker',
          component: m.EksSubnetPicker,
          validation: m.eksSubnetPickerValidation,
          schema: m.EksSubnetPickerFieldSchema,
        }),
      ),
  },
});

/**
 * The `EksIpAddressTypePicker` scaffolder form field.
 *
 * @alpha
 */
export const eksIpAddressTypePickerFormField = FormFieldBlueprint.make({
  name: 'eks-ip-address-type-picker',
  params: {
    field: () =>
      import('./components/IpAddressTypeField').then(m =>
        createFormField({
          name: 'EksIpAddressTypePicker',
          component: m.EksIpAddressTypePicker,
          validation: m.eksIpAddressTypePickerValidation,
          schema: m.EksIpAddressTypePickerFieldSchema,
        }),
      ),
  },
});

/**
 * The EKS PrivateLink plugin for the new frontend system: API, entity card,
 * fleet page and scaffolder form fields.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'eks-privatelink',
  routes: { root: fleetRouteRef },
  extensions: [
    eksPrivateLinkApi,
    eksPrivateLinkEntityCard,
    eksPrivateLinkFleetPage,
    eksSubnetPickerFormField,
    eksIpAddressTypePickerFormField,
  ],
});
