import type { JobDefinition } from '../../jobs/jobs.js';
import { DUPLICATE_SCAN_JOB, type DuplicateScanJob } from './duplicates.service.js';

/**
 * One duplicate scan, started from the API. A scan that fails is marked failed and not tried again;
 * one whose process died is still `running`, so pg-boss's retry runs it once more.
 */
export const duplicateScanJob: JobDefinition<DuplicateScanJob> = {
  name: DUPLICATE_SCAN_JOB,
  retryLimit: 1,
  handler: async (job, services) => {
    await services.duplicates.runScan(job.tenantId, job.scanId);
  },
};
