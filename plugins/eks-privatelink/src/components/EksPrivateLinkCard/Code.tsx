import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  code: {
    display: 'block',
    fontFamily: 'monospace',
    padding: theme.spacing(0.5, 1),
    marginTop: theme.spacing(0.5),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.action.hover,
    color: theme.palette.text.primary,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  },
}));

/** A command or snippet to copy, on its own line, readable in both themes. */
export function CodeLine(props: { children: ReactNode }) {
  const classes = useStyles();
  return <code className={classes.code}>{props.children}</code>;
}
