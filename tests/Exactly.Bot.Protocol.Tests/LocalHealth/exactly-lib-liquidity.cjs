// accountLiquidity and healthFactor of @exactly/lib (pinned in tools/package-lock.json) for the C# cross-check tests.
// Input (stdin): {"snapshots": [{"timestamp", "markets": [{"decimals", "adjustFactor", "price", "totalAssets", "totalSupply",
//   "totalFloatingBorrowAssets", "totalFloatingBorrowShares", "penaltyRate", "entered", "shares", "borrowShares",
//   "fixed": [{"maturity", "principal", "fee"}]}]}]}, integers as decimal strings.
// Output (stdout): {"version": "0.1.0", "results": [{"collateral", "debt", "healthFactor"} | {"error"}]}.
// The lib takes assets, not shares (what Previewer.exactly() answers): the shares are converted here with the lib's own
// mulDiv (convertToAssets, floor) and mulDivUp (previewRefund, ceil), as the Market contract does.
const { createRequire } = require('node:module');
const path = require('node:path');
const toolsRequire = createRequire(path.join(process.env.EXACTLY_TOOLS_DIR, 'package.json'));
const lib = toolsRequire('@exactly/lib');
const { version } = toolsRequire('@exactly/lib/package.json');

function marketData(m, i) {
  const [shares, supply, assets] = [BigInt(m.shares), BigInt(m.totalSupply), BigInt(m.totalAssets)];
  const [borrowShares, borrowSupply, borrowAssets] =
    [BigInt(m.borrowShares), BigInt(m.totalFloatingBorrowShares), BigInt(m.totalFloatingBorrowAssets)];
  return {
    market: `market ${i}`,
    decimals: m.decimals,
    usdPrice: BigInt(m.price),
    adjustFactor: BigInt(m.adjustFactor),
    isCollateral: m.entered,
    floatingDepositAssets: supply === 0n ? shares : lib.mulDiv(shares, assets, supply),
    floatingBorrowAssets: borrowShares === 0n ? 0n : borrowSupply === 0n ? borrowShares : lib.mulDivUp(borrowShares, borrowAssets, borrowSupply),
    fixedBorrowPositions: m.fixed.map(f => ({ maturity: BigInt(f.maturity), position: { principal: BigInt(f.principal), fee: BigInt(f.fee) } })),
    penaltyRate: BigInt(m.penaltyRate),
  };
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const results = input.snapshots.map(s => {
    try {
      const data = s.markets.map(marketData);
      const { adjCollateral, adjDebt } = lib.accountLiquidity(data, s.timestamp);
      return { collateral: adjCollateral.toString(), debt: adjDebt.toString(), healthFactor: lib.healthFactor(data, s.timestamp).toString() };
    } catch (e) {
      return { error: String(e) };
    }
  });
  process.stdout.write(JSON.stringify({ version, results }));
}

main().catch(e => { console.error(e); process.exit(1); });
