/**
 * `npm run bench -- dirty`: issue 10's proof over the dirty-CRM corpus (server/testing/dirtyCrm/), the same code
 * as dirtyCrm.integration.test.ts. One scheduled run over ≥ 200 dirty records (43 invoices), the causes fixed as
 * people would, the next scheduled run.
 *
 * Targets: dirty_runs_aborted 0, dirty_records_silently_lost 0, dirty_vtiger_records_wrongly_changed 0,
 * dirty_waiting_sent_after_fix = dirty_waiting, dirty_log_lines_per_failed_record 1.
 */
import { proveDirtyCrm, type Finding } from '../../server/testing/dirtyCrm/dirtyCrmProof.js';
import { peakRssMb, type BenchFigures } from './results.js';

const show = (title: string, findings: Finding[]): void => {
  if (findings.length === 0) return;
  console.log(`${title} (${findings.length}):`);
  for (const f of findings.slice(0, 40)) console.log(`  ${f.key} (${f.module} ${f.crmid}): ${f.problem.slice(0, 300)}`);
};

export async function run(): Promise<BenchFigures> {
  const report = await proveDirtyCrm();
  console.log(`first run: ${JSON.stringify(report.firstRun).slice(0, 300)}`);
  console.log(`second run: ${JSON.stringify(report.secondRun).slice(0, 300)}`);
  console.log(`records waiting or needing action after the first run (by the manifest): ${report.metrics.dirty_waiting}`);
  show('first run, not as the manifest says', report.firstRunFindings);
  show('silently lost', report.silentlyLost);
  show('Vtiger records wrongly changed', report.wronglyChanged);
  show('not sent after the fixes', report.afterFixFindings);
  return { ...report.metrics, dirty_first_run_findings: report.firstRunFindings.length, dirty_after_fix_findings: report.afterFixFindings.length, dirty_peak_rss_mb: await peakRssMb() };
}
