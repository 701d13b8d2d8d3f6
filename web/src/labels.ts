// Chinese names of the API's enumerations, as the manual writes them.

export const identityTypeNames: Record<string, string> = {
  legalRepresentative: '法定代表人',
  financialOfficer: '财务负责人',
  administrator: '管理员',
  taxClerk: '办税员',
  invoicePurchaser: '购票员',
}

export const idTypeNames: Record<string, string> = {
  residentIdCard: '居民身份证',
  passport: '护照',
  hkMacaoPermit: '港澳居民来往内地通行证',
  taiwanPermit: '台湾居民来往大陆通行证',
  foreignPermanentResident: '外国人永久居留身份证',
}

export const functionNames: Record<string, string> = {
  declarationPayment: '申报缴纳',
  invoiceUse: '发票使用',
  invoicePurchase: '发票领用',
  certificates: '证明开具',
  taxpayerInformation: '综合信息报告',
  queries: '查询服务',
  publicServices: '公众服务',
  handlerManagement: '人员权限管理',
  myAgencies: '我的代理',
  loginLogs: '登录日志查询',
  assistCodeSettings: '助信码设置',
}

export const requestStatusNames: Record<string, string> = {
  pending: '待确认',
  confirmed: '已确认',
  approved: '已通过',
  rejected: '被拒绝',
  withdrawn: '已撤回',
  expired: '已过期',
}

export const historyKindNames: Record<string, string> = {
  deleted: '已删除',
  withdrawn: '已撤回',
  rejected: '被拒绝',
  expired: '已过期',
}

export const historySourceNames: Record<string, string> = {
  invitation: '企业添加',
  application: '自然人申请',
  handler: '现有办税人员',
}

export const loginTypeNames: Record<string, string> = {
  enterprise: '企业业务',
  agency: '代理业务',
  personal: '个人业务',
}

export const loginMethodNames: Record<string, string> = {
  password: '密码登录',
  sms: '短信验证码登录',
  qr: '扫码登录',
}

export const agencyStatusNames: Record<string, string> = {
  active: '有效',
  suspended: '暂停',
  terminated: '终止',
}

export const subjectTypeNames: Record<string, string> = {
  crossRegionInspection: '跨区域报验户',
  crossRegionTaxSource: '跨区税源登记纳税人',
}

export const identityKindNames: Record<string, string> = {
  enterprise: '企业业务',
  personal: '个人业务',
  crossRegionInspection: '跨区域报验户',
  crossRegionTaxSource: '跨区税源登记纳税人',
}

export const name = (names: Record<string, string>, value: string | undefined | null) => (value ? names[value] ?? value : '')

export const formatTime = (iso: string | undefined) => {
  if (!iso) return ''
  const date = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
}
