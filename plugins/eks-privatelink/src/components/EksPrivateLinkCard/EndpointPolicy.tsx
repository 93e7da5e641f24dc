import { makeStyles } from '@material-ui/core/styles';
import { describeEndpointPolicy } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { CodeLine } from './Code';

const useStyles = makeStyles(theme => ({
  summary: {
    cursor: 'pointer',
    marginTop: theme.spacing(0.5),
    color: theme.palette.text.secondary,
  },
}));

/** The document indented for reading; text that is not JSON as it is. */
function pretty(policyDocument: string): string {
  try {
    return JSON.stringify(JSON.parse(policyDocument), null, 2);
  } catch {
    return policyDocument;
  }
}

/**
 * The endpoint policy as the form names it: full access (none, or AWS's
 * default document), one of the presets, or a custom document shown in a
 * collapsible block.
 */
export function EndpointPolicy(props: { policyDocument?: string | null }) {
  const classes = useStyles();
  const { policyDocument } = props;
  const described = describeEndpointPolicy(policyDocument);
  if (described.preset !== 'custom' || !policyDocument) {
    return <>{described.summary}</>;
  }
  return (
    <>
      {described.summary}
      <details>
        <summary className={classes.summary}>Show the policy document</summary>
        <CodeLine>{pretty(policyDocument)}</CodeLine>
      </details>
    </>
  );
}
