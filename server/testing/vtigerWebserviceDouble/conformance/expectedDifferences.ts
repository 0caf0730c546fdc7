import type { AnswerDifference } from './compareAnswers.js';

/**
 * Where the double answers differently from the live Vtiger 8.2.0 on purpose or by a known limit, with why.
 * `case` matches the recorded call's name, `path` the place in the answer (see compareAnswers.ts).
 */
export interface ExpectedDifference {
  case: RegExp;
  path: RegExp;
  why: string;
}

export const EXPECTED_DIFFERENCES: ExpectedDifference[] = [];

export function expectedDifference(name: string, difference: AnswerDifference): ExpectedDifference | undefined {
  return EXPECTED_DIFFERENCES.find((e) => e.case.test(name) && e.path.test(difference.path));
}
