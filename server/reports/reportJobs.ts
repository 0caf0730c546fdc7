import { createTask } from 'node-cron';
import { runReportPass, REPORT_MAILER_JOB, type ReportMailerDeps, type ReportMailerOptions, type ReportPass } from './reportMailer.js';

/**
 * The report mailer as a node-cron job of the backend: a pass every `everySeconds` (default 15 s) — reports of
 * finished runs go out within that, digests in the first pass after their period ended — and `kick()` for a pass
 * now. Passes never overlap in a process; the job lock keeps two backends from sending the same report.
 */
export interface ReportJobs {
  kick(): Promise<ReportPass | undefined>;
  stop(): Promise<void>;
}

export function startReportJobs(deps: ReportMailerDeps, options: ReportMailerOptions & { everySeconds?: number; onPass?: (pass: ReportPass) => void } = {}): ReportJobs {
  let current: Promise<ReportPass | undefined> | undefined;
  const runPass = (): Promise<ReportPass | undefined> => {
    current ??= runReportPass(deps, options)
      .then((p) => {
        if (p) options.onPass?.(p);
        return p;
      })
      .catch((err: unknown) => {
        deps.logger.error({ err, job: REPORT_MAILER_JOB }, 'report mailer pass failed');
        return undefined;
      })
      .finally(() => {
        current = undefined;
      });
    return current;
  };
  const every = Math.min(59, Math.max(1, options.everySeconds ?? 15));
  const task = createTask(`*/${every} * * * * *`, () => runPass(), { name: REPORT_MAILER_JOB, noOverlap: true });
  void task.start();
  return {
    kick: runPass,
    async stop() {
      await task.destroy();
      await current;
    },
  };
}
