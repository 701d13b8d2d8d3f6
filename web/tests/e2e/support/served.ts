import { request } from './api'

// Pages whose endpoints come with other issues (personal information: issue 10; enterprise information,
// agencies, cross-region, login logs: issue 12) have their tests ready; each runs once the served OpenAPI
// document has its route, and is skipped (saying why) until then.
let paths: Promise<Set<string>> | null = null

export async function served(path: string): Promise<boolean> {
  paths ??= request('GET', '/api/openapi.json').then((document) => new Set(Object.keys(document.json.paths ?? {})))
  return (await paths).has(path)
}
