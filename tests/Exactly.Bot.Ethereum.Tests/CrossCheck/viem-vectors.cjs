// Computes reference vectors with viem (pinned in tools/package-lock.json) for the C# cross-check tests.
// Input (stdin): {"abi": [{"types": [...canonical types], "values": [...]}], "typed": [eth_signTypedData_v4 JSON],
//                 "signatures": [{"key": "0x…", "hash"?: "0x…", "message"?: "0x…", "typed"?: {…}}],
//                 "hashes": [{"types", "values"}] (keccak256 of the ABI encoding), "calls": [{"signature": "f(uint256,(address,bytes))", "values"}]}
// Integers arrive as decimal strings; bytes and addresses as 0x text; tuples and arrays as JSON arrays.
// Output (stdout): {"abi": ["0x…"], "typed": [{"domain", "struct", "digest"}], "signatures": ["0x…"], "hashes": ["0x…"], "calls": ["0x…"]}
const { createRequire } = require('node:module');
const path = require('node:path');
const toolsRequire = createRequire(path.join(process.env.EXACTLY_TOOLS_DIR, 'package.json'));
const viem = toolsRequire('viem');
const { privateKeyToAccount } = toolsRequire('viem/accounts');

function splitList(text) {
  const parts = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) { parts.push(text.slice(start, i)); start = i + 1; }
  }
  if (text.length > 0) parts.push(text.slice(start));
  return parts;
}

// Canonical type text → viem AbiParameter ({type, components}).
function toParam(type) {
  if (type.startsWith('(')) {
    let close = 0, depth = 0;
    for (let i = 0; i < type.length; i++) {
      if (type[i] === '(') depth++;
      else if (type[i] === ')' && --depth === 0) { close = i; break; }
    }
    return { type: 'tuple' + type.slice(close + 1), components: splitList(type.slice(1, close)).map(toParam) };
  }
  return { type };
}

// JSON value → viem value for a parameter (BigInt for integers, recursively).
function toValue(param, value) {
  const array = param.type.match(/^(.*)\[(\d*)\]$/);
  if (array) return value.map(v => toValue({ ...param, type: array[1] }, v));
  if (param.type === 'tuple') return param.components.map((c, i) => toValue(c, value[i]));
  if (/^u?int\d*$/.test(param.type)) return BigInt(value);
  return value;
}

// Typed-data JSON → viem arguments (integers as BigInt, following the types).
function toTypedValue(types, type, value) {
  const array = type.match(/^(.*)\[(\d*)\]$/);
  if (array) return value.map(v => toTypedValue(types, array[1], v));
  if (types[type]) return Object.fromEntries(types[type].map(f => [f.name, toTypedValue(types, f.type, value[f.name])]));
  if (/^u?int\d*$/.test(type)) return BigInt(value);
  return value;
}

function typedArgs(json) {
  const { EIP712Domain, ...types } = json.types;
  return {
    domain: toTypedValue(json.types, 'EIP712Domain', json.domain),
    types,
    primaryType: json.primaryType,
    message: toTypedValue(json.types, json.primaryType, json.message),
  };
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const output = { abi: [], typed: [], signatures: [], hashes: [], calls: [] };
  for (const item of input.abi ?? []) {
    const params = item.types.map(toParam);
    output.abi.push(viem.encodeAbiParameters(params, params.map((p, i) => toValue(p, item.values[i]))));
  }
  for (const item of input.hashes ?? []) {
    const params = item.types.map(toParam);
    output.hashes.push(viem.keccak256(viem.encodeAbiParameters(params, params.map((p, i) => toValue(p, item.values[i])))));
  }
  for (const item of input.calls ?? []) {
    const open = item.signature.indexOf('(');
    const params = splitList(item.signature.slice(open + 1, -1)).map(toParam);
    const args = viem.encodeAbiParameters(params, params.map((p, i) => toValue(p, item.values[i])));
    output.calls.push(viem.toFunctionSelector(item.signature) + args.slice(2));
  }
  for (const json of input.typed ?? []) {
    const args = typedArgs(json);
    output.typed.push({
      domain: viem.hashDomain({ domain: args.domain, types: { EIP712Domain: json.types.EIP712Domain } }),
      struct: viem.hashStruct({ data: args.message, primaryType: args.primaryType, types: args.types }),
      digest: viem.hashTypedData(args),
    });
  }
  for (const item of input.signatures ?? []) {
    const account = privateKeyToAccount(item.key);
    let signature;
    if (item.hash) signature = await account.sign({ hash: item.hash });
    else if (item.message) signature = await account.signMessage({ message: { raw: item.message } });
    else signature = await account.signTypedData(typedArgs(item.typed));
    output.signatures.push({ address: account.address, signature });
  }
  process.stdout.write(JSON.stringify(output));
}

main().catch(e => { console.error(e?.stack ?? String(e)); process.exit(1); });
