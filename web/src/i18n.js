// UI strings in Chinese (default) and English, and the labels of fields
// and enum values (from the server's meta document, so the CSV export and
// the page say the same).
import { state } from './state.js'

const S = {
  appName: ['线索管理平台', 'Leads console'],
  signIn: ['登录', 'Sign in'],
  signOut: ['退出登录', 'Sign out'],
  username: ['用户名', 'Username'],
  password: ['密码', 'Password'],
  signInTitle: ['登录线索管理平台', 'Sign in to the leads console'],
  signInHint: ['使用管理员为您创建的账号登录', 'Use the account your administrator created for you'],
  leads: ['线索', 'Leads'],
  dashboard: ['数据看板', 'Dashboard'],
  settings: ['API 设置', 'API settings'],
  account: ['广告账户', 'Account'],
  search: ['搜索', 'Search'],
  searchPlaceholder: ['姓名 / 手机号 / 线索ID', 'Name / phone / lead ID'],
  timeCreate: ['入库时间', 'Entry time'],
  timeAction: ['提交时间', 'Submission time'],
  from: ['开始', 'From'],
  to: ['结束', 'To'],
  today: ['今天', 'Today'],
  last7: ['近7天', 'Last 7 days'],
  last30: ['近30天', 'Last 30 days'],
  allTime: ['全部', 'All time'],
  type: ['线索类型', 'Type'],
  source: ['线索来源', 'Source'],
  followTag: ['跟进状态', 'Follow-up'],
  touchTag: ['触达状态', 'Touch'],
  tag: ['标签', 'Tag'],
  owner: ['负责人', 'Owner'],
  noOwner: ['未分配负责人', 'No owner'],
  campaign: ['推广计划', 'Campaign'],
  adgroup: ['广告组', 'Ad group'],
  ad: ['广告', 'Ad'],
  any: ['全部', 'Any'],
  reset: ['重置', 'Reset'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  total: ['共 {n} 条', '{n} leads'],
  totalCapped: ['超过 {n} 条', 'more than {n} leads'],
  prev: ['上一页', 'Previous'],
  next: ['下一页', 'Next'],
  pageN: ['第 {n} 页', 'Page {n}'],
  perPage: ['每页', 'Per page'],
  noLeads: ['没有符合条件的线索', 'No leads match'],
  loading: ['加载中…', 'Loading…'],
  name: ['姓名', 'Name'],
  phone: ['电话', 'Phone'],
  area: ['地区', 'Area'],
  selected: ['已选 {n} 项', '{n} selected'],
  back: ['返回列表', 'Back to leads'],
  followUp: ['跟进', 'Follow up'],
  saveFollowUp: ['保存跟进', 'Save'],
  record: ['跟进记录', 'Follow-up note'],
  recordPlaceholder: ['写下这次沟通的内容…', 'What happened in this contact…'],
  saved: ['已保存', 'Saved'],
  history: ['历史', 'History'],
  followRecords: ['跟进记录', 'Follow-up records'],
  formAnswers: ['表单内容', 'Form answers'],
  allFields: ['全部字段', 'All fields'],
  question: ['问题', 'Question'],
  answer: ['回答', 'Answer'],
  pushLog: ['推送记录', 'Push deliveries'],
  noHistory: ['暂无记录', 'Nothing yet'],
  evReport: ['API 回传', 'Reported through the API'],
  evFollowUp: ['控制台跟进', 'Console follow-up'],
  evImport: ['导入', 'Imported'],
  evCreated: ['线索入库', 'Lead entered'],
  by: ['操作人', 'By'],
  noAccess: ['您无权访问此账户或线索', 'You may not access this account or lead'],
  notFound: ['线索不存在', 'No such lead'],
  credentials: ['API 凭证', 'API credentials'],
  credentialsHint: ['线索数据转发凭证用于拉取线索与推送签名，回传凭证用于回传转化。密钥只在签发时显示一次。', 'Forwarding credentials pull leads and sign pushes; report credentials report conversions. A secret is shown once, when issued.'],
  issue: ['签发', 'Issue'],
  issueScope: ['签发{scope}凭证', 'Issue a {scope} credential'],
  token: ['Token', 'Token'],
  secret: ['Secret', 'Secret'],
  scope: ['用途', 'Scope'],
  created: ['创建时间', 'Created'],
  status: ['状态', 'Status'],
  active: ['有效', 'Active'],
  revoked: ['已撤销', 'Revoked'],
  rotate: ['轮换', 'Rotate'],
  revoke: ['撤销', 'Revoke'],
  confirmRevoke: ['撤销后使用此 Token 的请求将立即失败。确定撤销？', 'Requests with this token will fail at once. Revoke it?'],
  confirmRotate: ['将签发一对新的凭证，旧凭证在撤销前仍然有效。继续？', 'A new pair is issued; the old one keeps working until revoked. Continue?'],
  secretOnce: ['请立即保存密钥', 'Save the secret now'],
  secretOnceHint: ['关闭后将无法再次查看此密钥。', 'It cannot be shown again after you close this.'],
  copy: ['复制', 'Copy'],
  copied: ['已复制', 'Copied'],
  done: ['我已保存', 'I saved it'],
  pushSettings: ['数据推送', 'Push'],
  pushUrl: ['推送地址', 'Push URL'],
  pushUrlHint: ['新线索将以 POST 推送到此地址（需 HTTPS），留空则不推送。', 'New leads are POSTed here (HTTPS required); empty stops pushing.'],
  algorithm: ['签名算法', 'Signature algorithm'],
  save: ['保存', 'Save'],
  sendTest: ['发送测试推送', 'Send a test push'],
  testSent: ['测试推送已发送', 'Test push sent'],
  deliveryLog: ['推送记录', 'Delivery log'],
  redeliver: ['重新推送', 'Redeliver'],
  queued: ['已加入推送队列', 'Queued for delivery'],
  pushUnavailable: ['此服务器未启用推送', 'Push is not available on this server'],
  pending: ['待推送', 'Pending'],
  delivered: ['已送达', 'Delivered'],
  failed: ['失败', 'Failed'],
  time: ['时间', 'Time'],
  result: ['结果', 'Result'],
  latency: ['耗时', 'Latency'],
  test: ['测试', 'Test'],
  ok: ['成功', 'OK'],
  statusSystem: ['线索状态体系', 'Lead status system'],
  standardSystem: ['标准体系', 'Standard'],
  industrySystem: ['行业体系（{industry}）', 'Industry system ({industry})'],
  noIndustry: ['此账户没有行业，只能使用标准体系。', 'This account has no industry; only the standard system applies.'],
  funnel: ['转化漏斗', 'Conversion funnel'],
  leadsPerDayType: ['每日线索量（按类型）', 'Leads per day by type'],
  leadsPerDaySource: ['每日线索量（按来源）', 'Leads per day by source'],
  invalidReasons: ['无效原因', 'Invalid reasons'],
  byCampaign: ['按推广计划', 'By campaign'],
  byAdgroup: ['按广告组', 'By ad group'],
  byAd: ['按广告', 'By ad'],
  fTotal: ['线索', 'Leads'],
  fValid: ['有效', 'Valid'],
  fHigh: ['高意向', 'High intention'],
  fConverted: ['成单', 'Converted'],
  fInvalid: ['无效', 'Invalid'],
  fFollowing: ['跟进中', 'Following'],
  rate: ['率', ' rate'],
  validRate: ['有效率', 'Valid rate'],
  convRate: ['成单率', 'Conversion rate'],
  noData: ['所选时间内没有数据', 'No data in this range'],
  changePassword: ['修改密码', 'Change password'],
  currentPassword: ['当前密码', 'Current password'],
  newPassword: ['新密码（至少 10 位）', 'New password (10+ characters)'],
  cancel: ['取消', 'Cancel'],
  passwordChanged: ['密码已修改，其他设备已退出', 'Password changed; other devices were signed out'],
  noAccounts: ['您还没有可访问的广告账户，请联系管理员授权。', 'You have no accounts yet; ask an administrator to grant you one.'],
  role_administrator: ['管理员', 'Administrator'],
  role_member: ['成员', 'Member'],
  role_agency: ['服务商', 'Agency'],
  lang: ['English', '中文'],
  filters: ['筛选', 'Filters'],
  clearSel: ['清除', 'Clear'],
  open: ['查看', 'Open'],
  call: ['拨打', 'Call'],
  unassign: ['取消分配', 'Unassign'],
  err2020: ['登录已过期，请重新登录', 'Your session ended; please sign in again'],
  err2021: ['用户名或密码错误', 'Wrong username or password'],
  err2022: ['登录失败次数过多，请 15 分钟后再试', 'Too many failed sign-ins; try again in 15 minutes'],
  err2023: ['页面已过期，请刷新后重试', 'The page is out of date; reload and retry'],
  err2024: ['您无权访问此账户', 'You may not access this account'],
  errNetwork: ['网络错误，请重试', 'Network error; please retry'],
}

export function t(key, vars) {
  const row = S[key]
  let s = row ? row[state.lang === 'zh' ? 0 : 1] : key
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace('{' + k + '}', v)
  return s
}

// A message for an ApiError: our own words for the common codes, the
// server's message (it names the field) otherwise.
export function errorText(e) {
  if (!e) return ''
  if (e.code === -1) return t('errNetwork')
  const k = 'err' + e.code
  return S[k] ? t(k) : e.message
}

export function fieldLabel(name) {
  const f = state.meta && state.meta.fields.find((x) => x.name === name)
  return f ? f[state.lang] : name
}

export function enumOptions(name) {
  return (state.meta && state.meta.enums[name]) || []
}

export function enumLabel(name, value) {
  if (!value) return ''
  const row = enumOptions(name).find((x) => x.value === value)
  return row && row[state.lang] ? row[state.lang] : value
}
