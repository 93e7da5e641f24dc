import { isDryRunOperation, isUnauthorized, publicAwsMessage } from '../errors';
import type { Refusal } from '@eks-privatelink/backstage-plugin-eks-privatelink-common';
import { iamDeniedRefusal, type IamScope } from './iamDenial';

/** One mutating call, sent with `DryRun: true`. */
export interface Probe<T> {
  operation: string;
  /** What to grant when IAM denies the probe. */
  actions: readonly string[];
  send: () => Promise<T>;
  /** Removes what the call made, should the endpoint have ignored `DryRun`. */
  undo?: (result: T) => Promise<void>;
  /** Errors that say nothing against the permission. */
  tolerated?: (error: unknown) => boolean;
  /** The default group's id, when it stood in for a group not made yet. */
  standIn?: string;
  /** The input field a failed probe is refused under; default `request`. */
  field?: string;
  /** What a refusal other than IAM's means, in words; undefined to quote AWS. */
  explain?: (error: unknown) => string | undefined;
}

/**
 * Sends the probes of one dry run and gathers what they say:
 * `DryRunOperation` means permitted, an IAM denial becomes a refusal that
 * names what to grant. EC2 emulators ignore `DryRun` on some calls and
 * really make the change; a note says so, and `undo` removes what was made.
 */
export class DryRunProbes {
  readonly notes: string[] = [];
  readonly refusals: Refusal[] = [];

  constructor(private readonly scope: IamScope) {}

  /** Resolves true when permitted; false when refused (the refusal is kept). */
  async probe<T>(p: Probe<T>): Promise<boolean> {
    try {
      const result = await p.send();
      this.notes.push(
        `The EC2 endpoint ignored DryRun on ${
          p.operation
        } and really ran it (an emulator?)${
          p.undo ? '; what it made was removed again' : ''
        }.`,
      );
      await p.undo?.(result);
      return true;
    } catch (error) {
      if (isDryRunOperation(error) || p.tolerated?.(error)) {
        return true;
      }
      this.refusals.push(this.refusalFor(p, error));
      return false;
    }
  }

  private refusalFor<T>(p: Probe<T>, error: unknown): Refusal {
    if (!isUnauthorized(error)) {
      const explained = p.explain?.(error);
      return {
        field: p.field ?? 'request',
        message: explained
          ? `The dry run of ${p.operation} was refused: ${explained}`
          : `The dry run of ${p.operation} failed: ${publicAwsMessage(error)}`,
      };
    }
    const refusal = iamDeniedRefusal(this.scope, p.operation, p.actions, error);
    if (p.standIn) {
      refusal.message += ` (The probe used the VPC's default group ${p.standIn} in place of the group the real run creates; a policy that limits ${p.operation} by tag may deny the stand-in yet allow the real run.)`;
    }
    return refusal;
  }
}
