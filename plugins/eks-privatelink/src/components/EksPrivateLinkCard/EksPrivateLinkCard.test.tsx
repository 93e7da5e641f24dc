import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis } from '@backstage/test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  eksPrivateLinkEndpointCreatePermission,
  eksPrivateLinkInventoryRefreshPermission,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  endpoint,
  ENTITY_REF,
  inventoryRecord,
  vpcEntity,
} from '../../testUtils/fixtures';
import { fakeApi, renderCard } from '../../__testUtils__/renderCard';
import { responseError } from '../../testUtils/responseError';

/**
 * A VPC entity of its own. usePermission keeps each answer, by permission and
 * resourceRef, for the rest of the test file, so a test that needs another
 * answer than "allowed" must not ask about the shared fixture's entity.
 */
function ownVpc(name: string, owner = 'group:default/platform-networking') {
  const entity = vpcEntity();
  return {
    ref: `resource:default/${name}`,
    entity: {
      ...entity,
      metadata: { ...entity.metadata, name },
      spec: { ...entity.spec, owner },
    },
  };
}

/** Allows everything except the given permissions, on any resource. */
function denying(...names: string[]) {
  return mockApis.permission({
    authorize: request =>
      names.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
}

const NO_ENDPOINT = /No EKS interface endpoint in vpc-0a1b2c3d4e5f60718 yet/;
const OWNER_NOTE = /Only the owner of this VPC/;

/** The value that a description-list term stands for. */
function valueOf(term: string): HTMLElement {
  const dt = screen.getByText(term, { selector: 'dt' });
  return dt.nextElementSibling as HTMLElement;
}

describe('EksPrivateLinkCard', () => {
  describe('without a VPC id on the entity', () => {
    it('explains which annotations to add and calls no backend', async () => {
      const api = fakeApi();
      await renderCard(api, vpcEntity({}));

      expect(screen.getByText('No VPC id on this entity')).toBeInTheDocument();
      expect(
        screen.getAllByText('aws.amazon.com/vpc-id').length,
      ).toBeGreaterThan(0);
      expect(screen.getByText('amazonaws.com/vpc-id')).toBeInTheDocument();
      expect(screen.getByText('aws.amazon.com/arn')).toBeInTheDocument();
      expect(
        screen.getByText(/aws\.amazon\.com\/vpc-id: vpc-0123456789abcdef0/),
      ).toBeInTheDocument();
      expect(api.getInventory).not.toHaveBeenCalled();
    });
  });

  it('shows a progress bar while the inventory loads', async () => {
    const api = fakeApi();
    api.getInventory.mockReturnValue(new Promise(() => {}));
    await renderCard(api);

    expect(
      await screen.findByRole('progressbar', {
        name: 'Loading the EKS endpoint inventory',
      }),
    ).toBeInTheDocument();
  });

  describe('with an available endpoint', () => {
    it('links the endpoint id to its page in the VPC console', async () => {
      const api = fakeApi();
      await renderCard(api);

      const link = await screen.findByRole('link', {
        name: /vpce-0123456789abcdef0/,
      });
      expect(link).toHaveAttribute(
        'href',
        'https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#EndpointDetails:vpcEndpointId=vpce-0123456789abcdef0',
      );
      expect(api.getInventory).toHaveBeenCalledWith(ENTITY_REF);
    });

    it('says whether the portal manages the endpoint', async () => {
      await renderCard(fakeApi());
      expect(
        await screen.findByText(
          'this portal (its templates update and delete it)',
        ),
      ).toBeInTheDocument();
    });

    it('says when another tool manages the endpoint and the portal leaves it alone', async () => {
      await renderCard(
        fakeApi(inventoryRecord({ endpoints: [endpoint({ managed: false })] })),
      );
      expect(
        await screen.findByText('another tool (the portal leaves it alone)'),
      ).toBeInTheDocument();
    });

    it('shows the state with the time it became available', async () => {
      await renderCard(fakeApi());

      expect(
        await screen.findByText('available since 2025-03-01 09:02 UTC'),
      ).toBeInTheDocument();
    });

    it('shows private DNS, both VPC DNS attributes, placement and the names that reach it', async () => {
      await renderCard(fakeApi());
      await screen.findByText('Placement');

      expect(valueOf('Private DNS')).toHaveTextContent(
        'on: eks.us-east-1.amazonaws.com resolves to this endpoint inside the VPC',
      );
      expect(valueOf('enableDnsSupport')).toHaveTextContent('on');
      expect(valueOf('enableDnsHostnames')).toHaveTextContent('on');
      expect(valueOf('Subnets')).toHaveTextContent(
        'subnet-0aaaaaaaaaaaaaaa1subnet-0bbbbbbbbbbbbbbb2',
      );
      expect(valueOf('Availability Zones')).toHaveTextContent(
        'us-east-1aus-east-1b',
      );
      expect(valueOf('Network interfaces')).toHaveTextContent(
        'eni-0aaaaaaaaaaaaaaa1eni-0bbbbbbbbbbbbbbb2',
      );
      expect(valueOf('Security groups')).toHaveTextContent(
        'sg-0ccccccccccccccc3',
      );
      expect(
        screen.getByText('eks.us-east-1.amazonaws.com'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'vpce-0123456789abcdef0-abcd1234.eks.us-east-1.vpce.amazonaws.com',
        ),
      ).toBeInTheDocument();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      expect(screen.queryByText('Create endpoint')).not.toBeInTheDocument();
    });

    it('does not claim eks.<region>.amazonaws.com when private DNS is off', async () => {
      await renderCard(
        fakeApi(
          inventoryRecord({
            endpoints: [endpoint({ privateDnsEnabled: false })],
          }),
        ),
      );
      await screen.findByText('Placement');

      expect(valueOf('Private DNS')).toHaveTextContent(
        "off: clients must call the endpoint's own DNS names, not eks.us-east-1.amazonaws.com",
      );
      expect(
        screen.queryByText('eks.us-east-1.amazonaws.com'),
      ).not.toBeInTheDocument();
    });

    it('estimates the monthly cost from the rate, the AZs and 730 hours', async () => {
      await renderCard(fakeApi());

      expect(
        await screen.findByRole('heading', { name: 'Estimated monthly cost' }),
      ).toBeInTheDocument();
      expect(screen.getByText('14.60 USD a month')).toBeInTheDocument();
      expect(
        screen.getByText(
          '0.01 USD per AZ-hour × 2 AZs × 730 h, plus 0.01 USD per GB of data processed.',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/Rates for us-east-1 from the plugin's default rates/),
      ).toBeInTheDocument();
      expect(
        screen.getByText('A partial hour is billed as a full hour.'),
      ).toBeInTheDocument();
    });

    it('lists what the endpoint does not do', async () => {
      await renderCard(fakeApi());

      const heading = await screen.findByRole('heading', {
        name: 'Considerations',
      });
      expect(heading).toBeInTheDocument();
      expect(
        screen.getByText(/kubectl and other Kubernetes API clients/),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: /cluster's private endpoint/ }),
      ).toHaveAttribute(
        'href',
        'https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html',
      );
      expect(
        screen.getByText(/can't be set up to accept calls only through/),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/AWS Direct Connect or AWS Site-to-Site VPN/),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/transit gateway or VPC peering/),
      ).toBeInTheDocument();
      expect(screen.getByText(/VPC flow logs/)).toBeInTheDocument();
      expect(
        screen.getByText(
          /security groups on the endpoint's network interfaces/,
        ),
      ).toBeInTheDocument();
    });

    it('shows the last sync and its outcome', async () => {
      await renderCard(fakeApi());
      await screen.findByText('Placement');

      expect(valueOf('Last sync')).toHaveTextContent('2025-03-02 10:00 UTC');
      expect(valueOf('Outcome')).toHaveTextContent('succeeded');
    });
  });

  describe('endpoint states', () => {
    it('shows a pending endpoint with the time it started', async () => {
      await renderCard(
        fakeApi(
          inventoryRecord({
            endpoints: [
              endpoint({
                state: 'pending',
                stateHistory: [
                  { state: 'pending', at: '2025-03-01T09:00:00.000Z' },
                ],
              }),
            ],
          }),
        ),
      );

      expect(
        await screen.findByText('pending since 2025-03-01 09:00 UTC'),
      ).toBeInTheDocument();
    });

    it('shows a failed endpoint with the error AWS gave', async () => {
      await renderCard(
        fakeApi(
          inventoryRecord({
            endpoints: [
              endpoint({
                state: 'failed',
                lastError: {
                  code: 'VpceSubnetUnavailable',
                  message:
                    'Subnet subnet-0aaaaaaaaaaaaaaa1 has no free addresses',
                },
              }),
            ],
          }),
        ),
      );

      expect(
        await screen.findByText(
          'failed: VpceSubnetUnavailable: Subnet subnet-0aaaaaaaaaaaaaaa1 has no free addresses',
        ),
      ).toBeInTheDocument();
    });

    it('shows a deleted endpoint with the day it went, and offers a new one', async () => {
      await renderCard(
        fakeApi(
          inventoryRecord({
            endpoints: [
              endpoint({
                state: 'deleted',
                deletedAt: '2025-03-05T12:30:00.000Z',
                stateHistory: [],
              }),
            ],
          }),
        ),
      );

      expect(
        await screen.findByText('deleted on 2025-03-05 12:30 UTC'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Create endpoint' }),
      ).toBeInTheDocument();
      expect(screen.queryByText('Placement')).not.toBeInTheDocument();
    });
  });

  describe('VPC DNS attributes that private DNS needs', () => {
    it('says how to turn on enableDnsHostnames when it is off', async () => {
      await renderCard(
        fakeApi(
          inventoryRecord({
            vpc: {
              ...inventoryRecord().vpc,
              dnsHostnames: false,
            },
          }),
        ),
      );

      const alert = await screen.findByRole('alert');
      expect(valueOf('enableDnsHostnames')).toHaveTextContent('off');
      expect(alert).toHaveTextContent(
        'Private DNS needs both enableDnsSupport and enableDnsHostnames on this VPC.',
      );
      expect(alert).toHaveTextContent('Turn on enableDnsHostnames:');
      expect(
        within(alert).getByText(
          `aws ec2 modify-vpc-attribute --region us-east-1 --vpc-id vpc-0a1b2c3d4e5f60718 --enable-dns-hostnames '{"Value":true}'`,
        ),
      ).toBeInTheDocument();
      expect(alert).toHaveTextContent('manageVpcDns');
      expect(alert).not.toHaveTextContent('Turn on enableDnsSupport');
    });

    it('puts enableDnsSupport first when both are off', async () => {
      await renderCard(
        fakeApi(
          inventoryRecord({
            vpc: {
              ...inventoryRecord().vpc,
              dnsSupport: false,
              dnsHostnames: false,
            },
          }),
        ),
      );

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Turn on enableDnsSupport:');
      expect(alert).toHaveTextContent('Turn on enableDnsHostnames:');
      expect(alert).toHaveTextContent('Run the enableDnsSupport command first');
    });

    it("sends a user who may not run the template to the VPC's owner for the DNS fix", async () => {
      const vpc = ownVpc('dns-off-other-team', 'group:default/payments-team');
      await renderCard(
        fakeApi(
          inventoryRecord({
            vpc: { ...inventoryRecord().vpc, dnsHostnames: false },
            endpoints: [endpoint({ privateDnsEnabled: true })],
          }),
        ),
        vpc.entity,
        denying(eksPrivateLinkEndpointCreatePermission.name),
      );
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Turn on enableDnsHostnames:');
      expect(alert).toHaveTextContent(
        "Or ask the VPC's owner to re-run the EKS endpoint template",
      );
      expect(alert).not.toHaveTextContent('which turns them on for you');
    });

    it('gives no advice when private DNS is off', async () => {
      await renderCard(
        fakeApi(
          inventoryRecord({
            vpc: { ...inventoryRecord().vpc, dnsHostnames: false },
            endpoints: [endpoint({ privateDnsEnabled: false })],
          }),
        ),
      );
      await screen.findByText('Placement');

      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });
  });

  describe('without an endpoint', () => {
    it('offers "Create endpoint", opening the template with this VPC chosen', async () => {
      await renderCard(fakeApi(inventoryRecord({ endpoints: [] })));

      expect(
        await screen.findByText(
          /No EKS interface endpoint in vpc-0a1b2c3d4e5f60718 yet/,
        ),
      ).toBeInTheDocument();
      const button = screen.getByRole('button', { name: 'Create endpoint' });
      expect(button).toHaveAttribute(
        'href',
        `/create/templates/default/eks-privatelink-endpoint?formData=${encodeURIComponent(
          JSON.stringify({ vpc: 'resource:default/build-runners' }),
        )}`,
      );
      expect(
        await screen.findByText('14.60 USD a month once created'),
      ).toBeInTheDocument();
    });

    it('warns ahead of creation that private DNS needs enableDnsHostnames', async () => {
      await renderCard(
        fakeApi(
          inventoryRecord({
            endpoints: [],
            vpc: { ...inventoryRecord().vpc, dnsHostnames: false },
          }),
        ),
      );

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'Private DNS, on by default for a new endpoint, needs both enableDnsSupport and enableDnsHostnames',
      );
    });

    it('says the VPC has not been read yet instead of claiming there is no endpoint', async () => {
      await renderCard(
        fakeApi(
          inventoryRecord({
            endpoints: [],
            sync: { status: 'never', lastSyncedAt: null, error: null },
          }),
        ),
      );

      expect(
        await screen.findByText('Not read from AWS yet'),
      ).toBeInTheDocument();
      expect(screen.queryByText('Create endpoint')).not.toBeInTheDocument();
      expect(valueOf('Last sync')).toHaveTextContent('never');
      expect(valueOf('Outcome')).toHaveTextContent('not synced yet');
    });
  });

  it('explains that the region has no EKS endpoint service, and offers none', async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          serviceName: 'com.amazonaws.ap-northeast-3.eks',
          regionSupported: false,
          regionSupportReason:
            'AWS PrivateLink for Amazon EKS is not available in ap-northeast-3 (source: seed).',
          vpc: { ...inventoryRecord().vpc, region: 'ap-northeast-3' },
          endpoints: [],
        }),
      ),
    );

    expect(
      await screen.findByText('Not available in ap-northeast-3'),
    ).toBeInTheDocument();
    expect(screen.getByText(/\(source: seed\)/)).toBeInTheDocument();
    expect(screen.queryByText('Create endpoint')).not.toBeInTheDocument();
    expect(
      screen.queryByText('Estimated monthly cost'),
    ).not.toBeInTheDocument();
  });

  it('shows a backend error and loads again on Retry', async () => {
    const api = fakeApi(
      await responseError(500, 'Error', 'database is locked'),
    );
    await renderCard(api);

    expect(
      await screen.findByText(/Could not load the EKS endpoint inventory/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/database is locked/).length).toBeGreaterThan(0);

    api.getInventory.mockResolvedValue(inventoryRecord());
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByText('available since 2025-03-01 09:02 UTC'),
    ).toBeInTheDocument();
    expect(api.getInventory).toHaveBeenCalledTimes(2);
  });

  it('marks stale data with the sync error and the time of the last good sync', async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          sync: {
            status: 'stale',
            lastSyncedAt: '2025-03-02T10:00:00.000Z',
            error:
              'UnauthorizedOperation: not authorized to DescribeVpcEndpoints',
          },
        }),
      ),
    );

    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent('Inventory data may be out of date');
    expect(banner).toHaveTextContent(
      'UnauthorizedOperation: not authorized to DescribeVpcEndpoints',
    );
    expect(banner).toHaveTextContent(
      'Showing what the last successful sync saw, at 2025-03-02 10:00 UTC.',
    );
    expect(
      screen.getByText('available since 2025-03-01 09:02 UTC'),
    ).toBeInTheDocument();
  });

  describe('Refresh', () => {
    it('asks the backend to read the VPC now and shows the fresh record', async () => {
      const api = fakeApi(
        inventoryRecord({ endpoints: [endpoint({ state: 'pending' })] }),
      );
      api.refresh.mockResolvedValue(
        inventoryRecord({
          sync: {
            status: 'ok',
            lastSyncedAt: '2025-03-03T08:15:00.000Z',
            error: null,
          },
        }),
      );
      await renderCard(api);
      await screen.findByText(/^pending/);

      await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

      expect(
        await screen.findByText('available since 2025-03-01 09:02 UTC'),
      ).toBeInTheDocument();
      expect(api.refresh).toHaveBeenCalledWith(ENTITY_REF);
      expect(valueOf('Last sync')).toHaveTextContent('2025-03-03 08:15 UTC');
      expect(screen.getByRole('status')).toHaveTextContent(
        'Refreshed from AWS.',
      );
    });

    it('explains a refusal (403) and keeps the data shown', async () => {
      const api = fakeApi();
      api.refresh.mockRejectedValue(
        await responseError(403, 'NotAllowedError', 'Unauthorized'),
      );
      await renderCard(api);
      await screen.findByText('Placement');

      await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'You are not allowed to refresh this inventory',
      );
      expect(alert).toHaveTextContent('eks-privatelink.inventory.refresh');
      expect(
        screen.getByText('available since 2025-03-01 09:02 UTC'),
      ).toBeInTheDocument();
    });

    it('reports any other failure with its message', async () => {
      const api = fakeApi();
      api.refresh.mockRejectedValue(
        await responseError(502, 'Error', 'AWS did not answer in time'),
      );
      await renderCard(api);
      await screen.findByText('Placement');

      await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));

      await waitFor(() =>
        expect(screen.getByRole('alert')).toHaveTextContent(
          'Refresh failed: AWS did not answer in time',
        ),
      );
    });
  });

  describe('permissions', () => {
    it('asks about this VPC entity, and offers both buttons when allowed', async () => {
      const vpc = ownVpc('allowed-runners');
      const authorize = jest.fn((request: EvaluatePermissionRequest) =>
        request.resourceRef === vpc.ref
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      );
      await renderCard(
        fakeApi(inventoryRecord({ endpoints: [] })),
        vpc.entity,
        mockApis.permission({ authorize }),
      );

      expect(
        await screen.findByRole('button', { name: 'Create endpoint' }),
      ).toBeInTheDocument();
      expect(
        await screen.findByRole('button', { name: 'Refresh' }),
      ).toBeInTheDocument();
      expect(screen.queryByText(OWNER_NOTE)).not.toBeInTheDocument();
      expect(authorize).toHaveBeenCalledWith({
        permission: eksPrivateLinkEndpointCreatePermission,
        resourceRef: vpc.ref,
      });
      expect(authorize).toHaveBeenCalledWith({
        permission: eksPrivateLinkInventoryRefreshPermission,
        resourceRef: vpc.ref,
      });
    });

    it('hides "Create endpoint" from a user denied create, and says who can', async () => {
      const vpc = ownVpc('no-create-runners', 'payments-team');
      await renderCard(
        fakeApi(inventoryRecord({ endpoints: [] })),
        vpc.entity,
        denying(eksPrivateLinkEndpointCreatePermission.name),
      );

      const note = await screen.findByText(OWNER_NOTE);
      expect(note).toHaveTextContent(
        'Only the owner of this VPC, group:default/payments-team, or a platform admin can create or refresh its endpoint.',
      );
      expect(
        within(note).getByRole('link', {
          name: 'group:default/payments-team',
        }),
      ).toHaveAttribute('href', '/catalog/default/group/payments-team');
      expect(screen.getByText(NO_ENDPOINT)).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Create endpoint' }),
      ).not.toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Refresh' }),
      ).toBeInTheDocument();
    });

    it('hides "Refresh" from a user denied refresh, and says who can', async () => {
      const vpc = ownVpc('no-refresh-runners');
      await renderCard(
        fakeApi(),
        vpc.entity,
        denying(eksPrivateLinkInventoryRefreshPermission.name),
      );

      expect(await screen.findByText(OWNER_NOTE)).toHaveTextContent(
        'Only the owner of this VPC, group:default/platform-networking, or a platform admin can create or refresh its endpoint.',
      );
      expect(valueOf('Last sync')).toHaveTextContent('2025-03-02 10:00 UTC');
      expect(
        screen.queryByRole('button', { name: 'Refresh' }),
      ).not.toBeInTheDocument();
    });

    it('does not tell a user who may not refresh to refresh a VPC never read', async () => {
      const vpc = ownVpc('never-read-runners');
      await renderCard(
        fakeApi(
          inventoryRecord({
            endpoints: [],
            sync: { status: 'never', lastSyncedAt: null, error: null },
          }),
        ),
        vpc.entity,
        denying(eksPrivateLinkInventoryRefreshPermission.name),
      );

      expect(
        await screen.findByText(/The scheduled sync will pick it up\./),
      ).toBeInTheDocument();
      expect(
        screen.queryByText(/Refresh to read it now/),
      ).not.toBeInTheDocument();
    });

    it('says who can only once when both buttons are hidden', async () => {
      const vpc = ownVpc('read-only-runners');
      await renderCard(
        fakeApi(inventoryRecord({ endpoints: [] })),
        vpc.entity,
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
      );

      await screen.findByText(OWNER_NOTE);
      expect(screen.getAllByText(OWNER_NOTE)).toHaveLength(1);
      expect(screen.queryByRole('button')).not.toBeInTheDocument();
    });

    it('shows neither button nor the note while the answer is loading', async () => {
      const vpc = ownVpc('undecided-runners');
      const authorize = jest.fn(() => new Promise<never>(() => {}));
      await renderCard(
        fakeApi(inventoryRecord({ endpoints: [] })),
        vpc.entity,
        mockApis.permission.mock({ authorize }),
      );

      expect(await screen.findByText(NO_ENDPOINT)).toBeInTheDocument();
      await waitFor(() => expect(authorize).toHaveBeenCalledTimes(2));
      expect(screen.queryByRole('button')).not.toBeInTheDocument();
      expect(screen.queryByText(OWNER_NOTE)).not.toBeInTheDocument();
    });
  });
});
