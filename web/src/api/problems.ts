import type { components } from './schema'

type Problem = components['schemas']['ProblemDocument']

// Every problem the API answers, said in Chinese. The API's own titles are English; the page shows these.
const messages: Record<string, string> = {
  validation_failed: '填写的信息有误，请检查后重新提交',
  password_policy: '新密码不符合口令规则：至少8位，由大写字母、小写字母、数字、特殊字符中的至少三种组成，且不能是用户名、手机号码、证件号码或常见密码',
  verification_failed: '验证失败：验证码错误、已过期或已使用，请重新获取',
  captcha_failed: '滑块验证失败或已过期，请重新拖动滑块',
  unauthenticated: '登录已失效，请重新登录',
  invalid_credentials: '登录失败：账号、密码或验证码错误，或您在该企业没有有效身份',
  forbidden: '当前身份没有此功能的权限',
  agreement_required: '请先阅读并同意服务协议',
  not_found: '未找到相关信息',
  conflict: '当前状态不允许此操作',
  rate_limited: '操作过于频繁，请稍后再试',
  unexpected: '系统繁忙，请稍后再试',
  unavailable: '服务暂时不可用，请稍后再试',
}

// Field names the API reports under `errors`, as the pages label them.
const fields: Record<string, string> = {
  name: '姓名',
  idType: '证件类型',
  idNumber: '证件号码',
  phone: '手机号码',
  account: '账号',
  password: '密码',
  newPassword: '新密码',
  oldPassword: '原密码',
  username: '用户名',
  email: '邮箱地址',
  address: '住址',
  creditCode: '统一社会信用代码/纳税人识别号',
  identityType: '身份类型',
  functions: '功能集',
  validUntil: '有效期截止日期',
  reason: '申请理由',
  verification: '验证码',
  'verification.code': '验证码',
  identityProof: '实名认证',
  'identityProof.registrationCode': '注册码',
  start: '起始日期',
  end: '终止日期',
  from: '开始时间',
  to: '结束时间',
  body: '请求内容',
}

/** Contextual wording for some codes on some operations, where the generic one would mislead. */
export type ProblemWording = Partial<Record<string, string>>

export class ApiProblem extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly retryAfter?: number,
  ) {
    super(message)
  }
}

export function problemMessage(status: number, body: unknown, wording: ProblemWording = {}, retryAfter?: number): string {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<Problem>
  const code = problem.code ?? (status >= 500 ? 'unavailable' : 'unexpected')
  let message = wording[code] ?? messages[code] ?? messages.unexpected!
  if (code === 'validation_failed' && problem.errors && typeof problem.errors === 'object') {
    const named = Object.keys(problem.errors).map((field) => fields[field] ?? fields[field.split('.')[0] ?? ''] ?? field)
    if (named.length > 0) message = `${message}：${[...new Set(named)].join('、')}`
  }
  if (code === 'rate_limited' && retryAfter) message = `${message}（约${retryAfter}秒后）`
  return message
}

/**
 * Unwraps an openapi-fetch result: the data on success, else an ApiProblem carrying the Chinese message.
 * Every page calls the API through this, so every error shows its message in Chinese.
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
  wording: ProblemWording = {},
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response }
  try {
    result = await request
  } catch {
    throw new ApiProblem(0, 'network', '网络连接失败，请检查网络后重试')
  }
  const { data, error, response } = result
  if (response.ok) return data as T
  const retryAfter = Number(response.headers.get('Retry-After')) || undefined
  const code = (error as Partial<Problem> | undefined)?.code ?? ''
  throw new ApiProblem(response.status, code, problemMessage(response.status, error, wording, retryAfter), retryAfter)
}
