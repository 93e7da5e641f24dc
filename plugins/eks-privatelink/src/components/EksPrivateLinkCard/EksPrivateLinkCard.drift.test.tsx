import { screen } from '@testing-library/react';
import { endpoint, inventoryRecord } from '../../testUtils/fixtures';
import { fakeApi, renderCard } from '../../__testUtils__/renderCard';

function valueOf(term: string): HTMLElement {
  const dt = screen.getByText(term, { selector: 'dt' });
  return dt.nextElementSibling as HTMLElement;
}

const BEHIND =
  'The managed security group sg-0managed does not admit 10.1.0.0/16 on TCP 443, so callers there time out.';

describe('EksPrivateLinkCard: drift', () => {
  it('says what differs from what the portal set up', async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          endpoints: [
            endpoint({
              managed: true,
              drift: [
                {
                  field: 'securityGroupRules',
                  expected: 'TCP 443 from 10.1.0.0/16',
                  actual: 'sg-0managed does not admit 10.1.0.0/16',
                  message: BEHIND,
                },
              ],
            }),
          ],
        }),
      ),
    );
    await screen.findByText('Drift');
    expect(valueOf('Drift')).toHaveTextContent(BEHIND);
  });

  it('says a managed endpoint matches when nothing drifted', async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          endpoints: [endpoint({ managed: true, drift: [] })],
        }),
      ),
    );
    await screen.findByText('Drift');
    expect(valueOf('Drift')).toHaveTextContent(
      'none: it matches what the portal set up',
    );
  });

  it('shows no drift row for an endpoint another tool manages', async () => {
    await renderCard(
      fakeApi(inventoryRecord({ endpoints: [endpoint({ managed: false })] })),
    );
    await screen.findByText('Managed by');
    expect(screen.queryByText('Drift')).not.toBeInTheDocument();
  });
});

describe('EksPrivateLinkCard: how old the DNS answer is', () => {
  it('says when the DNS attributes were read and how long ago', async () => {
    const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000 - 60_000);
    await renderCard(
      fakeApi(
        inventoryRecord({
          vpc: {
            ...inventoryRecord().vpc,
            dnsCheckedAt: threeHoursAgo.toISOString(),
          },
        }),
      ),
    );
    await screen.findByText('Attributes read');
    expect(valueOf('Attributes read')).toHaveTextContent(
      /\(3 h ago\); the sync re-reads them every few runs/,
    );
  });
});

describe('EksPrivateLinkCard: both endpoint services', () => {
  it('shows one section per service, and still offers the EKS API endpoint when only Pod Identity has one', async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          endpoints: [
            endpoint({
              vpcEndpointId: 'vpce-0auth000000000001',
              serviceName: 'com.amazonaws.us-east-1.eks-auth',
            }),
          ],
        }),
      ),
    );
    expect(
      await screen.findByText('EKS Pod Identity (eks-auth) endpoint'),
    ).toBeInTheDocument();
    expect(screen.queryByText('EKS API endpoint')).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Create endpoint' }),
    ).toBeInTheDocument();
  });

  it('titles an EKS API endpoint as such', async () => {
    await renderCard(fakeApi());
    expect(await screen.findByText('EKS API endpoint')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Create endpoint' }),
    ).not.toBeInTheDocument();
  });
});
