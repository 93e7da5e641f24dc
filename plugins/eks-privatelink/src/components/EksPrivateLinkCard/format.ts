/**
 * Formats an ISO 8601 timestamp as `YYYY-MM-DD HH:mm UTC`. A fixed zone keeps
 * what two people see on the same card comparable, whatever their locale.
 */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) {
    return 'never';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Money with two decimals, e.g. `21.90 USD`. */
export function formatMoney(amount: number, currency: string): string {
  return `${amount.toFixed(2)} ${currency}`;
}

/**
 * A rate as it is quoted, without trailing zeros: `0.01`, `0.0125`.
 * Rates below a cent must not be rounded away like money.
 */
export function formatRate(rate: number): string {
  return String(Number(rate.toFixed(6)));
}

/** `1 AZ`, `3 AZs`. */
export function pluralize(count: number, singular: string, plural: string) {
  return `${count} ${count === 1 ? singular : plural}`;
}
