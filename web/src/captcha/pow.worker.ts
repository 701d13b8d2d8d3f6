// Solves the captcha's proof of work off the main thread, with WebCrypto: finds a decimal nonce such that
// SHA-256 of the UTF-8 string salt + nonce starts with at least `difficulty` zero bits (api.md).
export type PowRequest = { salt: string; difficulty: number }
export type PowResult = { answer: string; tries: number; milliseconds: number }

const encoder = new TextEncoder()
const batch = 512

function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8
      continue
    }
    return bits + Math.clz32(byte) - 24
  }
  return bits
}

async function solve({ salt, difficulty }: PowRequest): Promise<PowResult> {
  const started = performance.now()
  for (let first = 0; ; first += batch) {
    const hashes = await Promise.all(
      Array.from({ length: batch }, (_, i) => crypto.subtle.digest('SHA-256', encoder.encode(salt + (first + i)))),
    )
    const found = hashes.findIndex((hash) => leadingZeroBits(new Uint8Array(hash)) >= difficulty)
    if (found >= 0) return { answer: String(first + found), tries: first + found + 1, milliseconds: performance.now() - started }
  }
}

self.onmessage = async (event: MessageEvent<PowRequest>) => {
  self.postMessage(await solve(event.data))
}
