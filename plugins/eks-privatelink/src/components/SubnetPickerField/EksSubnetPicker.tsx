import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  EksEndpointService,
  SubnetInfo,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { eksPrivateLinkApiRef } from '../../api';
import { loadSubnets } from './loadedSubnets';
import {
  DEFAULT_VPC_FIELD,
  EksSubnetPickerProps,
  vpcRefFromForm,
} from './schema';
import { selectionProblems } from './selectionProblems';
import { missingServices, servicesFromForm } from './serviceSupport';
import { automaticPlacementText, zoneNote } from './pickerText';

function groupByAz(subnets: SubnetInfo[]): [string, SubnetInfo[]][] {
  const groups = new Map<string, SubnetInfo[]>();
  for (const subnet of subnets) {
    groups.set(subnet.availabilityZone, [
      ...(groups.get(subnet.availabilityZone) ?? []),
      subnet,
    ]);
  }
  return Array.from(groups.entries()).sort(([a], [b]) => a.localeCompare(b));
}

function subnetLabel(subnet: SubnetInfo): string {
  return [subnet.subnetId, subnet.name, subnet.cidrBlock]
    .filter(Boolean)
    .join(' · ');
}

/**
 * Scaffolder form field: the subnets of the VPC chosen earlier in the form,
 * grouped by Availability Zone, to place the EKS interface endpoints in.
 * Only subnets in AZs where every chosen service (the form field named by
 * `servicesField`) is offered can be ticked. Empty means automatic
 * placement, one subnet per supported AZ.
 *
 * @public
 */
export function EksSubnetPicker(props: EksSubnetPickerProps) {
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
  // Kept as one string so the memos below see a change of choice, not a
  // new array on each render.
  const servicesKey = servicesFromForm(formContext?.formData, uiOptions).join(
    ',',
  );
  const services = useMemo(
    () => servicesKey.split(',') as EksEndpointService[],
    [servicesKey],
  );
  const api = useApi(eksPrivateLinkApiRef);
  const subnets = useAsync(
    async () => (vpcRef ? loadSubnets(api, vpcRef) : undefined),
    [api, vpcRef],
  );
  const selected = useMemo(() => formData ?? [], [formData]);
  // The same sentences the validation reports, shown as soon as the
  // selection changes rather than only when the user moves on.
  const problems = useMemo(
    () =>
      subnets.value ? selectionProblems(selected, subnets.value, services) : [],
    [selected, subnets.value, services],
  );

  const toggle = (subnetId: string, checked: boolean) => {
    onChange(
      checked
        ? [...selected, subnetId]
        : selected.filter(id => id !== subnetId),
    );
  };

  const label = schema.title ?? 'Subnets';
  const labelId = `${idSchema?.$id ?? 'eks-subnet-picker'}-label`;
  let body;
  if (!vpcRef) {
    body = (
      <Typography variant="body2" color="textSecondary">
        Choose a VPC first (form field “{vpcField}”): its subnets appear here.
      </Typography>
    );
  } else if (subnets.loading) {
    body = <Progress />;
  } else if (subnets.error) {
    body = (
      <Alert severity="error">
        Could not load the subnets of {vpcRef}: {subnets.error.message}. You can
        leave the selection empty for automatic placement.
      </Alert>
    );
  } else if (subnets.value) {
    body = (
      <>
        <Typography variant="body2" component="p">
          {selected.length === 0
            ? automaticPlacementText(
                services,
                subnets.value.subnets,
                subnets.value.vpcId,
              )
            : `${selected.length} selected. An interface endpoint takes at most one subnet per Availability Zone.`}
        </Typography>
        {subnets.value.subnets.length === 0 && (
          <Typography variant="body2" color="textSecondary">
            {subnets.value.vpcId} has no subnets.
          </Typography>
        )}
        {groupByAz(subnets.value.subnets).map(([az, azSubnets]) => {
          const note = zoneNote(services, azSubnets, az);
          const zoneId = azSubnets[0].availabilityZoneId;
          return (
            <Box key={az} mt={1}>
              <Typography variant="subtitle2" component="p">
                {az}
                {zoneId ? ` (${zoneId})` : ''}
              </Typography>
              {note && (
                <Typography variant="body2" color="textSecondary">
                  {note}
                </Typography>
              )}
              <FormGroup>
                {azSubnets.map(subnet => (
                  <FormControlLabel
                    key={subnet.subnetId}
                    label={subnetLabel(subnet)}
                    disabled={
                      disabled || missingServices(subnet, services).length > 0
                    }
                    control={
                      <Checkbox
                        color="primary"
                        checked={selected.includes(subnet.subnetId)}
                        onChange={(_event, checked) =>
                          toggle(subnet.subnetId, checked)
                        }
                      />
                    }
                  />
                ))}
              </FormGroup>
            </Box>
          );
        })}
        {problems.map(problem => (
          <Box key={problem} mt={1}>
            <Alert severity="error">{problem}</Alert>
          </Box>
        ))}
        {selected.length > 0 && (
          <Box mt={1}>
            <Button size="small" onClick={() => onChange([])}>
              Use automatic placement
            </Button>
          </Box>
        )}
      </>
    );
  }

  return (
    <FormControl
      component="fieldset"
      margin="normal"
      required={required}
      error={(rawErrors?.length ?? 0) > 0 || problems.length > 0}
      aria-labelledby={labelId}
    >
      <FormLabel component="legend" id={labelId}>
        {label}
      </FormLabel>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      {body}
      {rawErrors
        ?.filter(error => !problems.includes(error))
        .map(error => (
          <FormHelperText key={error} error>
            {error}
          </FormHelperText>
        ))}
    </FormControl>
  );
}
