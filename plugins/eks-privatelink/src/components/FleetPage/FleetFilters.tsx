import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import type { InventoryListFilters } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import {
  COVERAGE_OPTIONS,
  DRIFT_OPTIONS,
  FilterOption,
  filtersFromSearch,
  searchFromFilters,
  SERVICE_OPTIONS,
  STATE_OPTIONS,
  SYNC_OPTIONS,
} from './fleetFilters';

/** How long typing pauses before a text filter asks the backend. */
const TEXT_FILTER_DELAY_MS = 400;

type TextFilter = 'q' | 'region' | 'owner';
type ChoiceFilter = 'state' | 'service' | 'coverage' | 'syncStatus' | 'drift';

/** A text filter that applies once typing pauses. */
function DebouncedText(props: {
  id: string;
  label: string;
  value: string;
  placeholder?: string;
  onChange: (value: string) => void;
  width: number;
}) {
  const { id, label, value, placeholder, onChange, width } = props;
  const [text, setText] = useState(value);
  // A shared link or "Clear filters" changes the value from outside.
  useEffect(() => setText(value), [value]);
  useDebounce(
    () => {
      if (text.trim() !== value) {
        onChange(text);
      }
    },
    TEXT_FILTER_DELAY_MS,
    [text],
  );
  return (
    <TextField
      id={id}
      label={label}
      value={text}
      placeholder={placeholder}
      onChange={e => setText(e.target.value)}
      inputProps={{ maxLength: 100 }}
      style={{ width }}
    />
  );
}

function Choice(props: {
  id: string;
  label: string;
  value: string;
  options: FilterOption[];
  onChange: (value: string) => void;
}) {
  const { id, label, value, options, onChange } = props;
  return (
    <TextField
      id={id}
      select
      label={label}
      value={value}
      onChange={e => onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 150 }}
    >
      <option value="">Any</option>
      {options.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}

/** The fleet page's filters; each change goes to the URL at once. */
export function FleetFilters(props: {
  filters: InventoryListFilters;
  onChange: (filters: InventoryListFilters) => void;
}) {
  const { filters, onChange } = props;
  // Through the URL form, so a value is kept exactly as a shared link keeps it.
  const search = searchFromFilters(filters);
  const set = (name: TextFilter | ChoiceFilter, value: string) => {
    const next = new URLSearchParams(search);
    if (value.trim()) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    onChange(filtersFromSearch(next));
  };
  const value = (name: TextFilter | ChoiceFilter) => search.get(name) ?? '';
  const texts: [TextFilter, string, string, number][] = [
    ['q', 'Search', 'entity, title, owner, VPC or account', 280],
    ['region', 'Region', 'us-east-1', 140],
    ['owner', 'Owner', 'group:default/platform-team', 240],
  ];
  const choices: [ChoiceFilter, string, FilterOption[]][] = [
    ['state', 'Endpoint state', STATE_OPTIONS],
    ['service', 'Service', SERVICE_OPTIONS],
    ['coverage', 'Coverage', COVERAGE_OPTIONS],
    ['syncStatus', 'Sync status', SYNC_OPTIONS],
    ['drift', 'Drift', DRIFT_OPTIONS],
  ];

  return (
    <Box
      component="form"
      role="search"
      aria-label="Filter the fleet"
      display="flex"
      flexWrap="wrap"
      alignItems="flex-end"
      style={{ gap: 16 }}
      onSubmit={e => e.preventDefault()}
    >
      {texts.map(([name, label, placeholder, width]) => (
        <DebouncedText
          key={name}
          label={label}
          placeholder={placeholder}
          id={`eks-privatelink-fleet-${name}`}
          value={value(name)}
          onChange={v => set(name, v)}
          width={width}
        />
      ))}
      {choices.map(([name, label, options]) => (
        <Choice
          key={name}
          id={`eks-privatelink-fleet-${name}`}
          label={label}
          value={value(name)}
          options={options}
          onChange={v => set(name, v)}
        />
      ))}
      {search.toString() !== '' && (
        <Button variant="text" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
