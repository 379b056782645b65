// Reference EIP-4361 messages from viem/siwe (pinned in tools/package-lock.json) for SiweCrossCheckTests.
// Input (stdin): [{domain, address, statement?, uri, chainId, nonce, issuedAt (ms), expirationTime? (ms), notBefore? (ms), requestId?, resources?}]
// Output (stdout): [{text, parsed}] — createSiweMessage's text and parseSiweMessage of that text (times as ms).
const { createRequire } = require('node:module');
const path = require('node:path');
const toolsRequire = createRequire(path.join(process.env.EXACTLY_TOOLS_DIR, 'package.json'));
const { createSiweMessage, parseSiweMessage } = toolsRequire('viem/siwe');

let input = '';
process.stdin.on('data', chunk => input += chunk);
process.stdin.on('end', () => {
  const out = JSON.parse(input).map(m => {
    const text = createSiweMessage({
      ...m,
      version: '1',
      issuedAt: new Date(m.issuedAt),
      expirationTime: m.expirationTime === undefined ? undefined : new Date(m.expirationTime),
      notBefore: m.notBefore === undefined ? undefined : new Date(m.notBefore),
    });
    const p = parseSiweMessage(text);
    return {
      text,
      parsed: {
        ...p,
        issuedAt: p.issuedAt?.getTime(),
        expirationTime: p.expirationTime?.getTime(),
        notBefore: p.notBefore?.getTime(),
      },
    };
  });
  process.stdout.write(JSON.stringify(out));
});
