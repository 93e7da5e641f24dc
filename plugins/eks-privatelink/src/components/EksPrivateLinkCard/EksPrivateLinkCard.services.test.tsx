import { screen, waitFor, within } from '@testing-library/react';
import { mockApis } from '@backstage/test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { endpoint, inventoryRecord, vpcEntity } from '../../testUtils/fixtures';
import { fakeApi, renderCard } from '../../__testUtils__/renderCard';

const POD_IDENTITY = endpoint({
  vpcEndpointId: 'vpce-0fedcba9876543210',
  serviceName: 'com.amazonaws.us-east-1.eks-auth',
  managed: true,
  drift: [
    {
      field: 'subnets',
      expected: 'subnet-0aaaaaaaaaaaaaaa1, subnet-0bbbbbbbbbbbbbbb2',
      actual: 'subnet-0aaaaaaaaaaaaaaa1',
      message: 'subnet-0bbbbbbbbbbbbbbb2 was removed from the endpoint.',
    },
  ],
});

/** The VPC entity under another name, so no permission answer is shared. */
function entityNamed(name: string) {
  const entity = vpcEntity();
  return { ...entity, metadata: { ...entity.metadata, name } };
}

function section(name: RegExp): HTMLElement {
  return screen.getByRole('region', { name });
}

function valueIn(container: HTMLElement, term: string): HTMLElement {
  const dt = within(container).getByText(term, { selector: 'dt' });
  return dt.nextElementSibling as HTMLElement;
}

describe('EksPrivateLinkCard: what each endpoint serves', () => {
  it('says what the EKS API and Pod Identity endpoints carry and what a private cluster needs besides', async () => {
    await renderCard(fakeApi());
    await screen.findByRole('heading', { name: 'Considerations' });

    expect(
      screen.getByText(
        /The EKS API endpoint carries calls to the Amazon EKS API/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /eks-auth, eks-auth\.us-east-1\.api\.aws\) carries the Pod Identity agent's AssumeRoleForPodIdentity calls/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Amazon ECR and Amazon S3/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /private cluster requirements/ }),
    ).toHaveAttribute(
      'href',
      'https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html',
    );
  });
});

describe('EksPrivateLinkCard: update a drifted endpoint', () => {
  it('links a drifted managed endpoint to the template set to update it in place', async () => {
    const entity = entityNamed('drift-allowed');
    await renderCard(
      fakeApi(
        inventoryRecord({
          entityRef: 'resource:default/drift-allowed',
          endpoints: [endpoint({ drift: [] }), POD_IDENTITY],
        }),
      ),
      entity,
    );

    const podIdentity = await screen.findByRole('region', {
      name: /EKS Pod Identity \(eks-auth\) endpoint/,
    });
    // A LinkButton: an anchor with the role of a button.
    const update = await within(podIdentity).findByRole('button', {
      name: 'Update to match',
    });
    expect(update).toHaveAttribute(
      'href',
      `/create/templates/default/eks-privatelink-endpoint?formData=${encodeURIComponent(
        JSON.stringify({
          vpc: 'resource:default/drift-allowed',
          services: 'eks-auth',
          onExisting: 'update',
        }),
      )}`,
    );
    // The EKS API endpoint matches what the portal set up.
    expect(
      within(section(/^EKS API endpoint/)).queryByText('Update to match'),
    ).not.toBeInTheDocument();
  });

  it('offers no update where creating is not allowed', async () => {
    const permissionApi = mockApis.permission({
      authorize: AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    await renderCard(
      fakeApi(
        inventoryRecord({
          entityRef: 'resource:default/drift-denied',
          endpoints: [POD_IDENTITY],
        }),
      ),
      entityNamed('drift-denied'),
      permissionApi,
    );

    await screen.findByText(/subnet-0bbbbbbbbbbbbbbb2 was removed/);
    await waitFor(() => expect(authorize).toHaveBeenCalled());
    await Promise.all(authorize.mock.results.map(r => r.value));
    expect(screen.queryByText('Update to match')).not.toBeInTheDocument();
  });
});

describe('EksPrivateLinkCard: region support per service', () => {
  it("shows each service's own region answer and AZs", async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          endpoints: [endpoint(), POD_IDENTITY],
          services: [
            {
              service: 'eks',
              serviceName: 'com.amazonaws.us-east-1.eks',
              regionSupported: true,
              availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
              checkedAt: '2025-03-02T10:00:00.000Z',
            },
            {
              service: 'eks-auth',
              serviceName: 'com.amazonaws.us-east-1.eks-auth',
              regionSupported: false,
              regionSupportReason: 'AWS does not list the service here',
              availabilityZones: null,
              checkedAt: '2025-03-02T10:00:00.000Z',
            },
          ],
        }),
      ),
    );

    const eksApi = await screen.findByRole('region', {
      name: /^EKS API endpoint/,
    });
    expect(valueIn(eksApi, 'Region support')).toHaveTextContent(
      'offered in us-east-1',
    );
    expect(valueIn(eksApi, 'Offered in AZs')).toHaveTextContent(
      'us-east-1aus-east-1bus-east-1c',
    );
    const podIdentity = section(/EKS Pod Identity \(eks-auth\) endpoint/);
    expect(valueIn(podIdentity, 'Region support')).toHaveTextContent(
      'not offered in us-east-1: AWS does not list the service here',
    );
    expect(valueIn(podIdentity, 'Offered in AZs')).toHaveTextContent(
      'not read from AWS yet',
    );
  });

  it('falls back to the record-wide answer from an older backend', async () => {
    await renderCard(fakeApi(inventoryRecord()));
    const eksApi = await screen.findByRole('region', {
      name: /^EKS API endpoint/,
    });
    expect(valueIn(eksApi, 'Region support')).toHaveTextContent(
      'offered in us-east-1',
    );
    expect(valueIn(eksApi, 'Offered in AZs')).toHaveTextContent(
      'not read from AWS yet',
    );
  });
});
