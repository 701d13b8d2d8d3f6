import { ElMessage, ElMessageBox } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { ApiProblem } from '@/api/problems'

/** Shows an API problem (or any failure) in Chinese. */
export function showError(error: unknown) {
  const message = error instanceof ApiProblem ? error.message : '系统繁忙，请稍后再试'
  if (!(error instanceof ApiProblem)) console.error(error)
  ElMessage({ type: 'error', message, grouping: true, duration: 5000, showClose: true })
}

export function showSuccess(message: string) {
  ElMessage({ type: 'success', message, grouping: true })
}

/** The manual's confirmation boxes ("确定要删除关联关系吗？"): true when the user clicks 确定. */
export async function confirmAction(message: string, title = '提示'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { confirmButtonText: '确定', cancelButtonText: '取消', type: 'warning' })
    return true
  } catch {
    return false
  }
}
