import { XTigerError } from '../errors/XTigerError.js';

/**
 * A schedule interval in minutes as a cron expression. 0 turns the job off (undefined). 1–59 minutes run at
 * every multiple of N past the hour (`*\/N`: with an N that does not divide 60 the last gap of each hour is
 * shorter); whole hours up to a day run on the hour. Anything else is refused at start-up, naming the setting.
 */
export function cronExpressionForInterval(minutes: number, setting: string): string | undefined {
  if (minutes === 0) return undefined;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes <= 59) return `*/${minutes} * * * *`;
  if (Number.isInteger(minutes) && minutes % 60 === 0 && minutes >= 60 && minutes <= 1440) {
    const hours = minutes / 60;
    return hours === 24 ? '0 0 * * *' : `0 */${hours} * * *`;
  }
  throw new XTigerError('CONFIG_INVALID', `Setting ${setting} is invalid: ${minutes} minutes cannot be scheduled; use 0 (off), 1–59, or whole hours (60, 120, … 1440).`, {
    details: { setting, minutes },
  });
}
