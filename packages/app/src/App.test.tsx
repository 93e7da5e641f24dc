import { screen, within } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { eksPrivateLinkApiRef } from '@eks-privatelink/backstage-plugin-eks-privatelink';
import { features } from './features';

describe('the portal app', () => {
  it('opens the EKS PrivateLink fleet page from the sidebar, next to notifications', async () => {
    const listInventory = jest.fn(async () => ({ items: [] }));
    renderTestApp({
      features,
      initialRouteEntries: ['/eks-privatelink'],
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

    expect(
      await screen.findByText(
        'No VPC entities you can see yet',
        {},
        { timeout: 10000 },
      ),
    ).toBeInTheDocument();
    expect(listInventory).toHaveBeenCalledWith({});
    const nav = screen.getByRole('navigation', { name: 'sidebar nav' });
    expect(
      within(nav).getByRole('link', { name: /EKS PrivateLink/ }),
    ).toHaveAttribute('href', '/eks-privatelink');
    expect(
      within(nav).getByRole('link', { name: /Notifications/ }),
    ).toHaveAttribute('href', '/notifications');
  });
});
