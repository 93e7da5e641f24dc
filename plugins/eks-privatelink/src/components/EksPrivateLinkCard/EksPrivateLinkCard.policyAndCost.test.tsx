import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { endpoint, inventoryRecord, SUBNETS } from '../../testUtils/fixtures';
import { fakeApi, renderCard } from '../../__testUtils__/renderCard';

/** The value that a description-list term stands for. */
function valueOf(term: string): HTMLElement {
  const dt = screen.getByText(term, { selector: 'dt' });
  return dt.nextElementSibling as HTMLElement;
}

const ORG_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    },
  ],
});

const CUSTOM_POLICY = JSON.stringify({
  Statement: [
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'eks:DeleteCluster',
      Resource: '*',
    },
  ],
});

/** A record of a VPC without an endpoint, priced by the backend as unknown. */
function newEndpointRecord(region = 'us-east-1') {
  return inventoryRecord({
    endpoints: [],
    serviceName: `com.amazonaws.${region}.eks`,
    vpc: { ...inventoryRecord().vpc, region },
    pricing: {
      currency: 'USD',
      hourlyPerAz: 0.01,
      azCount: 0,
      azCountKnown: false,
      estimatedMonthly: 0,
      dataProcessingPerGb: 0.01,
      source: 'default',
      regionConfigured: false,
      notes: [
        'No endpoint yet: a new one is billed for each Availability Zone it is placed in.',
        'The monthly cost is unknown: the number of Availability Zones the endpoint would use could not be read.',
        'A partial hour is billed as a full hour.',
      ],
    },
  });
}

describe('EksPrivateLinkCard: policy, IP type, rules and cost', () => {
  it('shows full access and the IP address type of an endpoint without a policy', async () => {
    await renderCard(fakeApi());
    expect(await screen.findByText('Endpoint policy')).toBeInTheDocument();
    expect(valueOf('Endpoint policy')).toHaveTextContent(/^Full access/);
    expect(valueOf('IP address type')).toHaveTextContent('IPv4 (ipv4)');
  });

  it('names a preset policy and a dual-stack endpoint', async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          endpoints: [
            endpoint({
              policyDocument: ORG_POLICY,
              ipAddressType: 'dualstack',
            }),
          ],
        }),
      ),
    );
    await screen.findByText('Endpoint policy');
    expect(valueOf('Endpoint policy')).toHaveTextContent(
      'Only principals of AWS Organization o-a1b2c3d4e5.',
    );
    expect(valueOf('IP address type')).toHaveTextContent(
      'Dual-stack, IPv4 and IPv6 (dualstack)',
    );
  });

  it('shows a custom policy document in a collapsible block', async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          endpoints: [endpoint({ policyDocument: CUSTOM_POLICY })],
        }),
      ),
    );
    await screen.findByText('Endpoint policy');
    const policy = valueOf('Endpoint policy');
    expect(policy).toHaveTextContent('A custom endpoint policy.');
    const details = policy.querySelector('details')!;
    expect(details).not.toHaveAttribute('open');
    await userEvent.click(within(policy).getByText('Show the policy document'));
    expect(details).toHaveAttribute('open');
    expect(within(policy).getByText(/"eks:DeleteCluster"/)).toBeVisible();
  });

  it('says AWS could not be asked, with the seed statement as history, and still offers an endpoint', async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          ...newEndpointRecord('ap-northeast-3'),
          regionSupported: true,
          regionSupportReason:
            "Could not ask AWS whether com.amazonaws.ap-northeast-3.eks is offered in ap-northeast-3 (ec2:DescribeVpcEndpointServices is denied); AWS's answer to the create decides",
          regionSupportHistory:
            'The seed guide (2023) said the EKS endpoint is not available in ap-northeast-3.',
        }),
      ),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not ask AWS whether com.amazonaws.ap-northeast-3.eks is offered in ap-northeast-3 (ec2:DescribeVpcEndpointServices is denied)',
    );
    expect(alert).toHaveTextContent(
      'History: The seed guide (2023) said the EKS endpoint is not available in ap-northeast-3.',
    );
    expect(
      screen.queryByText('Not available in ap-northeast-3'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Create endpoint' }),
    ).toBeInTheDocument();
  });

  it('prices a new endpoint in the supported AZs where the VPC has a subnet', async () => {
    const api = fakeApi(newEndpointRecord());
    await renderCard(api);

    // SUBNETS: two subnets in us-east-1a, one in us-east-1b, one in
    // us-east-1e where the service is not offered: 2 AZs, not 4.
    expect(
      await screen.findByText('14.60 USD a month once created'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/0\.01 USD per AZ-hour × 2 AZs × 730 h/),
    ).toHaveTextContent('(us-east-1a, us-east-1b)');
    expect(api.getSubnets).toHaveBeenCalledWith(
      'resource:default/build-runners',
    );
    expect(
      screen.queryByText(/The monthly cost is unknown/),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText('A partial hour is billed as a full hour.'),
    ).toBeInTheDocument();
  });

  it('says the cost is unknown when the subnets cannot be read, never 0 AZs', async () => {
    const api = fakeApi(newEndpointRecord());
    api.getSubnets.mockRejectedValue(new Error('AWS did not answer'));
    await renderCard(api);

    expect(
      await screen.findByText(
        /^The monthly cost is unknown: the subnets of vpc-0a1b2c3d4e5f60718 could not be read \(AWS did not answer\)/,
      ),
    ).toHaveTextContent(
      'Each AZ costs 0.01 USD per AZ-hour × 730 h = 7.30 USD a month.',
    );
    expect(screen.queryByText(/0\.00 USD/)).not.toBeInTheDocument();
    expect(screen.queryByText(/× 0 AZs/)).not.toBeInTheDocument();
  });

  it('says so when the VPC has no subnet in a supported AZ', async () => {
    const api = fakeApi(newEndpointRecord());
    api.getSubnets.mockResolvedValue({
      ...SUBNETS,
      subnets: SUBNETS.subnets.filter(s => !s.serviceSupported),
    });
    await renderCard(api);
    expect(
      await screen.findByText(
        /has no subnet in an Availability Zone where com\.amazonaws\.us-east-1\.eks is offered/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/a month once created/)).not.toBeInTheDocument();
  });

  it('prices a typed monthly data volume through the tiers', async () => {
    await renderCard(fakeApi());
    const volume = await screen.findByLabelText('Data processed a month (GB)');
    expect(
      screen.getByText(
        'Data processing: 0.01 USD per GB for the first 1 PB, 0.006 USD per GB for the next 4 PB, 0.004 USD per GB above 5 PB.',
      ),
    ).toBeInTheDocument();

    // 2 PB: 1 PB at 0.01 and 1 PB at 0.006 = 10485.76 + 6291.46.
    await userEvent.type(volume, '2097152');
    expect(
      screen.getByText(
        '2097152 GB a month: 16777.22 USD of data processing, 16791.82 USD a month in all.',
      ),
    ).toBeInTheDocument();
  });

  it('says where the rates come from and when the region has none configured', async () => {
    await renderCard(
      fakeApi(
        inventoryRecord({
          pricing: {
            ...inventoryRecord().pricing,
            source: 'config',
            regionConfigured: false,
          },
        }),
      ),
    );
    expect(
      await screen.findByText(
        /Rates for us-east-1 from eksPrivateLink\.pricing in app-config, which sets no rates for us-east-1 itself/,
      ),
    ).toBeInTheDocument();
  });
});
