// Wording of errors from the AWS part of an action: raw AWS text kept out
// of the task log, and VPC refusals phrased in the form's own fields.
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  awsErrorMessage,
  EndpointRequestRefusedError,
  redactAwsText,
} from '@eks-privatelink/backstage-plugin-eks-privatelink-node';
import type { LocatedVpc } from './vpcInput';

/** An error's text and that of its causes, as AWS gave them. */
function fullText(error: unknown): string {
  const texts: string[] = [];
  for (
    let e: unknown = error;
    e !== undefined && texts.length < 5;
    e = (e as { cause?: unknown }).cause
  ) {
    texts.push(awsErrorMessage(e));
  }
  return texts.join(' <- caused by: ');
}

/**
 * Runs the AWS part of an action so that the task log and the error the
 * user sees carry no raw AWS text that names the backend's role or holds an
 * encoded authorization message: that text goes to the backend log at warn,
 * and the error is shown redacted, with its short reason and fix.
 */
export async function withAwsTextInBackendLog<T>(
  logger: LoggerService | undefined,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Error) {
      const full = fullText(error);
      const redacted = redactAwsText(error.message);
      if (redacted !== error.message || redactAwsText(full) !== full) {
        logger?.warn(`${what} failed; AWS said: ${full}`);
      }
      error.message = redacted;
      error.stack = error.stack && redactAwsText(error.stack);
    }
    throw error;
  }
}

/**
 * Runs the AWS part of an action. The AWS layer refuses a VPC under its own
 * field, `vpcId`; when the VPC came from the `vpc` entity, the form's field
 * is `vpc` and the fix lies in the entity's annotations.
 */
export async function inFormWords<T>(
  vpc: LocatedVpc,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (
      vpc.field === 'vpcId' ||
      !(error instanceof EndpointRequestRefusedError)
    ) {
      throw error;
    }
    throw new EndpointRequestRefusedError(
      error.refusals.map(refusal =>
        refusal.field === 'vpcId'
          ? {
              ...refusal,
              field: 'vpc',
              message: `vpc: ${refusal.message.replace(
                /^vpcId: /,
                '',
              )} They come from the aws.amazon.com/vpc-id and aws.amazon.com/region annotations of ${
                vpc.entityRef
              }.`,
            }
          : refusal,
      ),
      error.cause,
    );
  }
}
