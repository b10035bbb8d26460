import type { Messages } from '../../i18n/locales/en';

/**
 * Texts of the contact reports and of the follow-up plans (定期回访) in the settings, under
 * `reports` in every language. English sets the shape; the Chinese texts are typed by it.
 */
export const reportsEn = {
  title: 'Contact reports',
  intro: 'Who contacted whom, how often, and which customers have gone without contact for too long.',
  tabs: { activity: 'Contact activity', notContacted: 'Not contacted' },
  activity: {
    period: 'Period',
    groupBy: { user: 'By user', branch: 'By branch', channel: 'By channel', day: 'By day' },
    allChannels: 'All channels',
    group: { user: 'User', branch: 'Branch', channel: 'Channel', day: 'Day' },
    none: 'None',
    count: 'Interactions',
    duration: 'Duration',
    durationHours: 'Duration (hours)',
    total: 'Total',
    empty: 'No interactions in this period.',
  },
  notContacted: {
    tier: 'Tier',
    days: 'Not contacted for',
    daysUnit: 'days',
    daysPlaceholder: 'Plan: {{days}}',
    summary: '{{tier}} customers not contacted for {{days}} days or more, or never',
    customer: 'Customer',
    owner: 'Owner',
    lastContact: 'Last contact',
    never: 'Never',
    empty: 'Every customer of this tier has been contacted in time.',
  },
  duration: { h: '{{h}} h', hm: '{{h}} h {{m}} min', m: '{{m}} min', s: '{{s}} s' },
  plans: {
    intro:
      'Regular follow-up (定期回访) per value tier. Each contact with a customer of an active tier moves its next planned follow-up task.',
    active: 'Active',
    interval: 'Every',
    intervalUnit: 'days',
    intervalRange: 'Between 1 and 3650 days',
    title: 'Task title',
    defaultTitle: 'Regular follow-up',
  },
};

type ReportsMessages = Messages['reports'];

export const reportsZhCN: ReportsMessages = {
  title: '联络报表',
  intro: '谁联络了谁、频率如何，以及哪些客户太久没有联络。',
  tabs: { activity: '联络统计', notContacted: '未联络客户' },
  activity: {
    period: '时间段',
    groupBy: { user: '按用户', branch: '按分支机构', channel: '按渠道', day: '按日' },
    allChannels: '全部渠道',
    group: { user: '用户', branch: '分支机构', channel: '渠道', day: '日期' },
    none: '无',
    count: '联络次数',
    duration: '时长',
    durationHours: '时长（小时）',
    total: '合计',
    empty: '该时间段内没有联络记录。',
  },
  notContacted: {
    tier: '价值等级',
    days: '未联络天数',
    daysUnit: '天',
    daysPlaceholder: '计划：{{days}}',
    summary: '{{days}} 天或以上未联络（或从未联络）的{{tier}}客户',
    customer: '客户',
    owner: '负责人',
    lastContact: '最近联络',
    never: '从未',
    empty: '该等级的客户都已按时联络。',
  },
  duration: { h: '{{h}} 小时', hm: '{{h}} 小时 {{m}} 分', m: '{{m}} 分钟', s: '{{s}} 秒' },
  plans: {
    intro: '按客户价值等级定期回访。与已启用等级的客户每联络一次，其下一次计划回访任务就会相应顺延。',
    active: '启用',
    interval: '间隔',
    intervalUnit: '天',
    intervalRange: '请输入 1 至 3650 天',
    title: '任务标题',
    defaultTitle: '定期回访',
  },
};

export const reportsZhTW: ReportsMessages = {
  title: '聯絡報表',
  intro: '誰聯絡了誰、頻率如何，以及哪些客戶太久沒有聯絡。',
  tabs: { activity: '聯絡統計', notContacted: '未聯絡客戶' },
  activity: {
    period: '期間',
    groupBy: { user: '依使用者', branch: '依分支機構', channel: '依管道', day: '依日' },
    allChannels: '全部管道',
    group: { user: '使用者', branch: '分支機構', channel: '管道', day: '日期' },
    none: '無',
    count: '聯絡次數',
    duration: '時長',
    durationHours: '時長（小時）',
    total: '合計',
    empty: '此期間內沒有聯絡紀錄。',
  },
  notContacted: {
    tier: '價值等級',
    days: '未聯絡天數',
    daysUnit: '天',
    daysPlaceholder: '計畫：{{days}}',
    summary: '{{days}} 天或以上未聯絡（或從未聯絡）的{{tier}}客戶',
    customer: '客戶',
    owner: '負責人',
    lastContact: '最近聯絡',
    never: '從未',
    empty: '此等級的客戶都已按時聯絡。',
  },
  duration: { h: '{{h}} 小時', hm: '{{h}} 小時 {{m}} 分', m: '{{m}} 分鐘', s: '{{s}} 秒' },
  plans: {
    intro: '依客戶價值等級定期回訪。與已啟用等級的客戶每聯絡一次，其下一次計畫回訪任務就會隨之順延。',
    active: '啟用',
    interval: '間隔',
    intervalUnit: '天',
    intervalRange: '請輸入 1 至 3650 天',
    title: '任務標題',
    defaultTitle: '定期回訪',
  },
};
