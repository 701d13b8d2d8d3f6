// The bureau's password rule (F2), checked in the page before sending; the server has the last word
// (common passwords, the person's own username, phone or ID number).
export const passwordRuleText = '新密码应由大写字母、小写字母、数字或者特殊字符中的三种或以上组成，至少包含其中任意三种，长度要求至少为8位。'

export function passwordProblem(password: string, confirm: string): string | null {
  if (password.length < 8) return '新密码长度至少为8位'
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length
  if (kinds < 3) return '新密码至少包含大写字母、小写字母、数字、特殊字符中的任意三种'
  if (password !== confirm) return '两次输入的密码不一致'
  return null
}
