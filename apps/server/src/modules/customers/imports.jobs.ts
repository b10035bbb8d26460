import type { JobDefinition } from '../../jobs/jobs.js';
import { IMPORT_JOB, type ImportJobData } from './imports.service.js';

/** Runs one customer import to its end; a job sent again for an import that runs or has ended does nothing. */
export const importJob: JobDefinition<ImportJobData> = {
  name: IMPORT_JOB,
  // An import may run for minutes; a second worker keeps one large file from holding up everyone else's.
  workers: 2,
  handler: async (job, services) => {
    await services.imports.run(job.tenantId, job.importId);
  },
};

/**
 * Every minute, resumes imports whose worker stopped (a restart or a crash), after their last
 * committed batch: so a server that starts again picks up what it was importing within a minute or two.
 */
export const importResumeJob: JobDefinition = {
  name: 'customers.import.resume',
  schedule: '* * * * *',
  handler: async (_data, services) => {
    await services.imports.resumeStalled();
  },
};
