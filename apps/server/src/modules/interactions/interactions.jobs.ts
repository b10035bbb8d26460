import type { JobDefinition } from '../../jobs/jobs.js';

/** Every minute: the task reminders that came due (INT-3). */
export const taskReminderJob: JobDefinition = {
  name: 'interactions.task-reminders',
  schedule: '* * * * *',
  handler: async (_data, services) => {
    while ((await services.tasks.sendDueReminders()) > 0);
  },
};
