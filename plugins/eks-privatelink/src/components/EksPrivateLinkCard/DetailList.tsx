import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'minmax(9rem, max-content) 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.75),
    margin: 0,
  },
  term: {
    color: theme.palette.text.secondary,
  },
  value: {
    margin: 0,
    color: theme.palette.text.primary,
    wordBreak: 'break-word',
  },
  id: {
    display: 'block',
  },
  heading: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginTop: theme.spacing(2),
    marginBottom: theme.spacing(0.5),
  },
}));

/** One row of a {@link DetailList}. */
export interface DetailRow {
  term: string;
  value: ReactNode;
}

/**
 * Terms and values as a description list, so that screen readers (and
 * tests) pair each label with its value.
 */
export function DetailList(props: { rows: DetailRow[] }) {
  const classes = useStyles();
  return (
    <dl className={classes.list}>
      {props.rows.map(row => (
        <Row key={row.term} row={row} classes={classes} />
      ))}
    </dl>
  );
}

function Row(props: { row: DetailRow; classes: ReturnType<typeof useStyles> }) {
  const { row, classes } = props;
  return (
    <>
      <Typography component="dt" variant="body2" className={classes.term}>
        {row.term}
      </Typography>
      <Typography component="dd" variant="body2" className={classes.value}>
        {row.value}
      </Typography>
    </>
  );
}

/** A list of ids, one per line, or a dash when there is none. */
export function IdList(props: { ids: string[]; empty?: string }) {
  const classes = useStyles();
  if (props.ids.length === 0) {
    return <>{props.empty ?? 'none'}</>;
  }
  return (
    <>
      {props.ids.map(id => (
        <span key={id} className={classes.id}>
          <code>{id}</code>
        </span>
      ))}
    </>
  );
}

/** The heading of one part of the card. */
export function SectionHeading(props: { children: ReactNode }) {
  const classes = useStyles();
  return (
    <Typography variant="subtitle1" component="h3" className={classes.heading}>
      {props.children}
    </Typography>
  );
}
