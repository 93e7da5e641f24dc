// AWS writes the caller's IAM identity and, for an explicit deny, an encoded
// authorization message (for sts:DecodeAuthorizationMessage) into its error
// text. Neither is for the portal's readers; the backend log keeps both.
const ENCODED_MESSAGE = /\s*Encoded authorization failure message:\s*\S+/gi;
const IAM_IDENTITY = /arn:aws[a-z-]*:(?:sts|iam)::\d{12}:[^\s"',;]+/gi;

/** AWS error text without IAM identities and encoded authorization messages. */
export function redactAwsText(text: string): string {
  return text
    .replace(ENCODED_MESSAGE, ' (the backend log has the details)')
    .replace(IAM_IDENTITY, "the backend's IAM identity");
}
