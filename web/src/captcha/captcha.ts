import { api } from '@/api/client'
import { call } from '@/api/problems'
import type { PowResult } from './pow.worker'

export type SolvedCaptcha = { captchaId: string; answer: string }

/** Gets a captcha from the server and solves its proof of work in a Web Worker (the page stays responsive). */
export async function solveCaptcha(): Promise<SolvedCaptcha> {
  const issued = await call(api.POST('/api/captcha'))
  const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' })
  try {
    const result = await new Promise<PowResult>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<PowResult>) => resolve(event.data)
      worker.onerror = (event) => reject(new Error(event.message))
      worker.postMessage({ salt: issued.challenge.salt, difficulty: issued.challenge.difficulty })
    })
    return { captchaId: issued.captchaId, answer: result.answer }
  } finally {
    worker.terminate()
  }
}
