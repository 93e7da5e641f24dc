import { useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { eksPrivateLinkApiRef } from '../../api';
import { loadedSubnets } from '../SubnetPickerField/loadedSubnets';
import { DEFAULT_VPC_FIELD, vpcRefFromForm } from '../SubnetPickerField/schema';
import { ipAddressTypeLabel } from '../ipAddressTypes';
import { defaultType, offeredTypes, vpcCanTake } from './offeredTypes';
import type { EksIpAddressTypePickerProps } from './schema';

/**
 * Scaffolder form field: the endpoint's IP address type, offering only the
 * types the region's EKS service takes (as the backend read them from
 * `DescribeVpcEndpointServices` for the VPC chosen earlier in the form),
 * dual-stack by default where offered.
 *
 * @public
 */
export function EksIpAddressTypePicker(props: EksIpAddressTypePickerProps) {
  const {
    formData,
    onChange,
    uiSchema,
    formContext,
    rawErrors,
    schema,
    required,
    disabled,
    idSchema,
  } = props;
  const uiOptions = uiSchema?.['ui:options'];
  const vpcField = uiOptions?.vpcField ?? DEFAULT_VPC_FIELD;
  const vpcRef = vpcRefFromForm(formContext?.formData, uiOptions);
  const api = useApi(eksPrivateLinkApiRef);
  const answer = useAsync(
    async () => (vpcRef ? loadedSubnets(api, vpcRef) : undefined),
    [api, vpcRef],
  );
  const loading = answer.loading;
  const offered = useMemo(
    () => (vpcRef && !loading ? offeredTypes(answer.value) : undefined),
    [vpcRef, loading, answer.value],
  );

  // A value the region does not offer (or none yet) becomes the default.
  useEffect(() => {
    if (offered && !(formData && offered.types.includes(formData))) {
      const next = defaultType(offered.types, answer.value);
      if (next && next !== formData) {
        onChange(next);
      }
    }
  }, [offered, formData, onChange, answer.value]);

  const label = schema.title ?? 'IP address type';
  const labelId = `${idSchema?.$id ?? 'eks-ip-address-type'}-label`;
  let body;
  if (!vpcRef) {
    body = (
      <Typography variant="body2" color="textSecondary">
        Choose a VPC first (form field “{vpcField}”): the types its region
        offers appear here.
      </Typography>
    );
  } else if (!offered) {
    body = <Progress />;
  } else {
    body = (
      <>
        <RadioGroup
          aria-labelledby={labelId}
          value={formData ?? ''}
          onChange={(_event, value) =>
            onChange(value as (typeof offered.types)[number])
          }
        >
          {offered.types.map(type => (
            <FormControlLabel
              key={type}
              value={type}
              disabled={disabled}
              control={<Radio color="primary" />}
              label={ipAddressTypeLabel(type)}
            />
          ))}
        </RadioGroup>
        {offered.types
          .filter(type => type !== 'ipv4' && !vpcCanTake(type, answer.value))
          .map(type => (
            <FormHelperText key={`cannot-${type}`}>
              {type === 'ipv6'
                ? 'IPv6 needs IPv6-only subnets: this VPC has none in an Availability Zone the service supports.'
                : 'Dual-stack needs subnets with an IPv6 CIDR block: none of this VPC’s subnets in a supported Availability Zone has one. Add IPv6 to the VPC and its subnets first, or choose IPv4.'}
            </FormHelperText>
          ))}
        {answer.error && (
          <Alert severity="warning">
            Could not ask the portal which types {vpcRef}'s region offers (
            {answer.error.message}): all are listed, and AWS's answer to the
            create decides.
          </Alert>
        )}
        {offered.reason && offered.known && (
          <FormHelperText>{offered.reason}</FormHelperText>
        )}
        {offered.reason && !offered.known && (
          <Alert severity="info">{offered.reason}</Alert>
        )}
      </>
    );
  }

  return (
    <FormControl
      component="fieldset"
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0}
    >
      <FormLabel component="legend" id={labelId}>
        {label}
      </FormLabel>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      {body}
      {rawErrors?.map(error => (
        <FormHelperText key={error} error>
          {error}
        </FormHelperText>
      ))}
    </FormControl>
  );
}
