import { createHash, randomInt } from 'node:crypto'

// The API calls the browser tests make around the pages: the tax office's provisioning, the development SMS
// inbox, the app's approvals, and people registered directly when registration is not what a test is about.
export const baseUrl = () => process.env.WEB_BASE_URL ?? 'http://localhost:7071'
export const operatorKey = process.env.OPERATOR_KEY ?? 'dev-operator-key-not-for-production'
export const appKey = process.env.APP_KEY ?? 'dev-app-key-not-for-production'
export const password = 'Etax#2026pass'

type Json = Record<string, unknown>

export async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(baseUrl() + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, json: text ? JSON.parse(text) : null }
}

export async function expectStatus(method: string, path: string, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const result = await request(method, path, body, headers)
  if (result.status !== status) throw new Error(`${method} ${path} answered ${result.status}, expected ${status}: ${JSON.stringify(result.json)}`)
  return result.json
}

const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
export function creditCode(): string {
  let code = '91540100'
  for (let i = 0; i < 9; i++) code += creditAlphabet[randomInt(creditAlphabet.length)]
  const sum = [...code].reduce((total, char, i) => total + creditAlphabet.indexOf(char) * creditWeights[i]!, 0)
  return code + creditAlphabet[(31 - (sum % 31)) % 31]
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export function residentId(): string {
  const birth = new Date(Date.UTC(1960, 0, 1) + randomInt(365 * 40) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '')
  const first17 = '540102' + birth + String(randomInt(1000)).padStart(3, '0')
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * idWeights[i]!, 0)
  return first17 + '10X98765432'[sum % 11]
}

export const phone = () => '139' + String(randomInt(100_000_000)).padStart(8, '0')

const givenNames = '安宁平扎西卓玛次仁格桑达娃央金明华丽强军秀兰志伟'
export const personName = () => '测' + [0, 1].map(() => givenNames[randomInt(givenNames.length)]).join('')

export function solveCaptcha(salt: string, difficulty: number): string {
  for (let nonce = 0; ; nonce++) {
    const hash = createHash('sha256').update(salt + nonce, 'utf8').digest()
    let bits = 0
    for (const byte of hash) {
      if (byte === 0) {
        bits += 8
        continue
      }
      bits += Math.clz32(byte) - 24
      break
    }
    if (bits >= difficulty) return String(nonce)
  }
}

export async function captcha() {
  const issued = await expectStatus('POST', '/api/captcha', 201)
  return { captchaId: issued.captchaId as string, answer: solveCaptcha(issued.challenge.salt, issued.challenge.difficulty) }
}

/** The newest code the development SMS provider sent to the phone (waits briefly for it). */
export async function latestCode(to: string, after?: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const messages = await expectStatus('GET', `/api/dev/sms?phone=${encodeURIComponent(to)}`, 200)
    const latest = messages[0]
    if (latest && (!after || latest.sentAt > after)) return /\d{6}/.exec(latest.message)![0]
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`No SMS code reached ${to}`)
}

export type Person = { name: string; idNumber: string; phone: string; password: string; personId: string }

/** Registers a person through the API with a registration code as real-name proof. */
export async function registerPerson(name = personName(), idNumber = residentId(), mobile = phone()): Promise<Person> {
  const { registrationCode } = await expectStatus('POST', `/api/operator/persons/residentIdCard/${idNumber}/registration-code`, 201, undefined, { 'X-Operator-Key': operatorKey })
  const sent = await expectStatus('POST', '/api/verifications/sms', 202, { purpose: 'register', phone: mobile, captcha: await captcha() })
  const code = await latestCode(mobile)
  const created = await expectStatus('POST', '/api/persons', 201, {
    name,
    idType: 'residentIdCard',
    idNumber,
    phone: mobile,
    verification: { verificationId: sent.verificationId, code },
    identityProof: { registrationCode },
    password,
  })
  return { name, idNumber, phone: mobile, password, personId: created.personId }
}

export type Enterprise = { creditCode: string; enterpriseId: string; name: string; legalRepresentative: Person; financialOfficer: Person }

/** An enterprise (J1) whose legal representative and financial officer are registered persons. */
export async function provisionEnterprise(extra: Json = {}): Promise<Enterprise> {
  const legalRepresentative = await registerPerson()
  const financialOfficer = await registerPerson()
  const code = creditCode()
  const name = `测试商贸${code.slice(-4)}有限公司`
  const body = {
    name,
    kind: 'ordinary',
    taxAuthority: '国家税务总局拉萨市城关区税务局',
    realNameVerified: true,
    legalRepresentative: { name: legalRepresentative.name, idType: 'residentIdCard', idNumber: legalRepresentative.idNumber, phone: legalRepresentative.phone },
    financialOfficer: { name: financialOfficer.name, idType: 'residentIdCard', idNumber: financialOfficer.idNumber, phone: financialOfficer.phone },
    specificSubjectTypes: ['crossRegionInspection'],
    ...extra,
  }
  const { enterpriseId } = await expectStatus('PUT', `/api/operator/enterprises/${code}`, 200, body, { 'X-Operator-Key': operatorKey })
  return { creditCode: code, enterpriseId, name, legalRepresentative, financialOfficer }
}

/** A session from the API (the tax app's own sign-in, for its approvals). */
export async function apiLogin(person: Person, enterprise?: Enterprise) {
  return expectStatus('POST', '/api/auth/login', 200, {
    mode: enterprise ? 'enterprise' : 'personal',
    ...(enterprise ? { creditCode: enterprise.creditCode } : {}),
    account: person.phone,
    password: person.password,
    captcha: await captcha(),
  })
}

/** The tax app's own sign-in: a personal login carrying X-App-Key, so an app session, the only kind that approves QR logins (A7). */
export async function appLogin(person: Person) {
  return expectStatus(
    'POST',
    '/api/auth/login',
    200,
    { mode: 'personal', account: person.phone, password: person.password, captcha: await captcha() },
    { 'X-App-Key': appKey },
  )
}

/** The tax app approves a QR login ticket it scanned (A7). */
export async function approveQr(ticketId: string, appSession: { accessToken: string }, enterprise?: Enterprise) {
  const headers = { 'X-App-Key': appKey, Authorization: `Bearer ${appSession.accessToken}` }
  await expectStatus('GET', `/api/app/qr/${ticketId}`, 200, undefined, headers)
  await expectStatus('POST', `/api/app/qr/${ticketId}/approve`, 204, { app: 'taxApp', ...(enterprise ? { creditCode: enterprise.creditCode } : {}) }, headers)
}

export const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8)
