// Exactly Bot signing page. No third-party code: EIP-1193 (window.ethereum or the devnet demo wallet), fetch to this bot only.
// Nothing is kept in localStorage, sessionStorage or cookies; signatures live in memory until they are posted once.
(() => {
  'use strict';
  const main = document.querySelector('main');
  const id = main.dataset.session;
  const chainId = Number(main.dataset.chain);
  const $ = (sel) => document.getElementById(sel);
  let provider = null, account = null, token = null, session = null, tx = null;

  const say = (text, bad) => { const s = $('status'); s.textContent = text; s.className = bad ? 'bad' : 'note'; };
  const show = (el, on = true) => { $(el).hidden = !on; };
  // A reported hash the node does not know yet (404) or not mined yet (202) comes back with `retry`: report it again a bit
  // later (each request costs the server a few reads; it never waits on the chain), up to about three minutes.
  const api = async (path, body) => {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`/s/${id}/${path}`, body === undefined ? {} : {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await res.json().catch(() => ({ error: `The server answered ${res.status}.` }));
      if (json.retry && attempt < 180) { say(json.pending || json.error); await new Promise((r) => setTimeout(r, 1000)); continue; }
      if (!res.ok || json.error) throw new Error(json.error || `The server answered ${res.status}.`);
      return json;
    }
  };
  const demoProvider = { request: async ({ method, params }) => {
    const res = await fetch(`/s/${id}/demo-rpc`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method, params: params || [] }) });
    const json = await res.json();
    if (!res.ok || json.error) throw new Error(typeof json.error === 'string' ? json.error : 'demo wallet error');
    return json.result;
  } };

  // Amounts: integers as decimal strings, formatted without floating point.
  const units = (value, decimals) => {
    const v = BigInt(value), base = 10n ** BigInt(decimals);
    const frac = (v % base).toString().padStart(decimals, '0').replace(/0+$/, '');
    return (v / base).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? '.' + frac : '');
  };
  const same = (a, b) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
  const row = (dl, label, value, ok) => {
    const dt = document.createElement('dt'); dt.textContent = label;
    const dd = document.createElement('dd'); dd.textContent = value;
    if (ok === false) dd.className = 'bad';
    dl.append(dt, dd);
  };

  // The summary is read from the very typed data the wallet will be asked to sign.
  const renderPermit = (p, index) => {
    const t = p.typedData, m = t.message, d = t.domain, box = document.createElement('article');
    const h = document.createElement('h3');
    const dl = document.createElement('dl');
    if (t.primaryType === 'Permit') {
      const shares = same(m.owner, account) && same(d.verifyingContract, session.implementation);
      const symbol = p.symbol || session.symbol, decimals = p.decimals ?? session.decimals;
      h.textContent = `Permit ${index + 1}: ${p.role === 'MarketShares' ? `your ${symbol} market shares (borrow and withdraw on your behalf)` : `${symbol} from your wallet (the deposit)`}`;
      row(dl, 'Spender', `${m.spender}${same(m.spender, session.debtManager) ? ' (Exactly DebtManager)' : ' — NOT the DebtManager'}`, same(m.spender, session.debtManager));
      row(dl, 'Allows', p.role === 'MarketShares' ? `${units(m.value, decimals)} exa${symbol} shares` : `${units(m.value, decimals)} ${symbol}`);
      row(dl, 'Valid until', `${new Date(Number(m.deadline) * 1000).toLocaleString()} (${Math.round((Number(m.deadline) * 1000 - Date.now()) / 60000)} min)`);
      row(dl, 'Owner', m.owner, same(m.owner, account));
      row(dl, 'Contract', `${d.verifyingContract}${p.role === 'MarketShares' ? (shares ? ' (market implementation)' : '') : (same(d.verifyingContract, session.asset) ? ` (${symbol})` : '')} on chain ${d.chainId}`, Number(d.chainId) === chainId);
      row(dl, 'Nonce', m.nonce);
    } else if (t.primaryType === 'PermitTransferFrom') {
      // Permit2 (assets without EIP-2612): a one-time transfer of exactly the deposit to the DebtManager.
      h.textContent = `Permit ${index + 1}: ${session.symbol} from your wallet through Permit2 (the deposit)`;
      row(dl, 'Spender', `${m.spender}${same(m.spender, session.debtManager) ? ' (Exactly DebtManager)' : ' — NOT the DebtManager'}`, same(m.spender, session.debtManager));
      row(dl, 'Allows', `${units(m.permitted.amount, session.decimals)} ${session.symbol}`, same(m.permitted.token, session.asset));
      row(dl, 'Valid until', `${new Date(Number(m.deadline) * 1000).toLocaleString()} (${Math.round((Number(m.deadline) * 1000 - Date.now()) / 60000)} min)`);
      row(dl, 'Contract', `${d.verifyingContract}${same(d.verifyingContract, session.permit2) ? ' (Permit2)' : ''} on chain ${d.chainId}`, Number(d.chainId) === chainId && same(d.verifyingContract, session.permit2));
      row(dl, 'Nonce', m.nonce);
    } else {
      h.textContent = `Permit ${index + 1}: ${t.primaryType}`;
      row(dl, 'Message', JSON.stringify(m));
    }
    box.append(h, dl);
    return box;
  };

  const ensureChain = async () => {
    let current = Number(await provider.request({ method: 'eth_chainId' }));
    if (current !== chainId) {
      try { await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: '0x' + chainId.toString(16) }] }); } catch { /* checked below */ }
      current = Number(await provider.request({ method: 'eth_chainId' }));
    }
    if (current !== chainId) throw new Error(`Your wallet is on chain ${current}. Switch it to chain ${chainId} and connect again.`);
    return current;
  };

  const connect = async (p) => {
    provider = p;
    try {
      say('Connecting…');
      [account] = await provider.request({ method: 'eth_requestAccounts' });
      const current = await ensureChain();
      session = await api('connect', { account, chainId: current });
      token = session.token;
      show('wallet', false);
      $('account').textContent = account;
      const diff = $('differences'); diff.replaceChildren();
      for (const text of session.differences) { const li = document.createElement('li'); li.textContent = text; diff.append(li); }
      show('changed', session.differences.length > 0);
      show('unchanged', session.differences.length === 0);
      $('permits').replaceChildren(...session.permits.map(renderPermit));
      $('sign').textContent = `Sign ${session.permits.length} permit${session.permits.length > 1 ? 's' : ''} in your wallet`;
      show('review');
      renderBefore(session);
    } catch (e) { say(e.message, true); }
  };

  // One wallet step (built and simulated by the server): send it, report its hash to `path`, render the server's answer.
  const stepButton = (step, path, render) => {
    const b = document.createElement('button');
    b.textContent = step.label; b.dataset.kind = step.kind;
    b.addEventListener('click', async () => {
      try {
        b.disabled = true; say('Waiting for the wallet…');
        const hash = await provider.request({ method: 'eth_sendTransaction', params: [step.tx] });
        say('Waiting for the step to be mined…');
        render(await api(path, { token, hash }));
      } catch (e) { say(e.message, true); b.disabled = false; }
    });
    return b;
  };

  // Steps the permits and the DebtManager transaction need first (approve Permit2 for exactly the deposit; enable the collateral
  // market): each sent from the wallet, checked and mined on the server's side, then signing opens.
  const renderBefore = (s) => {
    const steps = s.before || [], box = $('beforesteps'); box.replaceChildren();
    for (const step of steps) box.append(stepButton(step, 'before', renderBefore));
    const shown = !$('before').hidden;
    if (shown && steps.length === 0 && !s.beforeProblem) {
      const p = document.createElement('p'); p.textContent = 'Done: the step was mined. Now sign the permits below.'; box.append(p);
    }
    show('before', shown || steps.length > 0 || !!s.beforeProblem);
    $('sign').disabled = steps.length > 0 || !!s.beforeProblem;
    $('before').dataset.state = steps.length ? 'pending' : 'done';
    if (s.beforeProblem) say(s.beforeProblem, true);
    else say(steps.length ? 'First send the wallet step below ("First, one step in your wallet"); then read what each permit allows, and sign.' : 'Read what each permit allows, then sign.');
  };

  const sign = async () => {
    try {
      $('sign').disabled = true;
      const current = await ensureChain();
      const signatures = [];
      for (const p of session.permits) {
        say(`Waiting for signature ${signatures.length + 1} of ${session.permits.length}…`);
        signatures.push(await provider.request({ method: 'eth_signTypedData_v4', params: [account, JSON.stringify(p.typedData)] }));
      }
      say('Checking the signatures and simulating the transaction…');
      ({ tx } = await api('sign', { token, chainId: current, signatures }));
      signatures.length = 0;
      show('review', false);
      $('txsummary').textContent = `One transaction to the DebtManager ${tx.to} from ${tx.from}, gas limit ${Number(tx.gas).toLocaleString()}. The simulation succeeded.`;
      show('send');
      say('Simulation passed. Send the transaction from your wallet.');
    } catch (e) { say(e.message, true); $('sign').disabled = false; }
  };

  const poll = async () => {
    for (;;) {
      const s = await api(`status?token=${encodeURIComponent(token)}`);
      if (s.status === 'Mined' || s.status === 'Failed') return s;
      await new Promise((r) => setTimeout(r, 700));
    }
  };

  const renderDone = (s) => {
    $('outcome').textContent = s.outcome || '';
    const box = $('followups'); box.replaceChildren();
    for (const step of s.followUps || []) box.append(stepButton(step, 'followup', renderDone));
    if (s.problem) { say(s.problem, true); return; }
    say(s.status === 'Failed' ? 'The transaction failed.' : (s.followUps || []).length ? 'Done. One more step in your wallet:' : 'Done. The result was posted in the chat.', s.status === 'Failed');
    $('result').dataset.state = s.status + ((s.followUps || []).length ? '' : '-complete');
  };

  const send = async () => {
    try {
      $('sendtx').disabled = true; say('Waiting for the wallet…');
      const hash = await provider.request({ method: 'eth_sendTransaction', params: [tx] });
      tx = null;
      $('txhash').textContent = hash;
      show('send', false); show('result');
      await api('submitted', { token, hash });
      say('Sent. Waiting for it to be mined…');
      renderDone(await poll());
    } catch (e) { say(e.message, true); $('sendtx').disabled = false; }
  };

  $('connect').addEventListener('click', () => window.ethereum ? connect(window.ethereum) : say('No wallet found in this browser. Open this page in your wallet app (links in the chat), or scan the QR code with your phone.', true));
  if (main.dataset.demo) { show('demo'); $('demo').addEventListener('click', () => connect(demoProvider)); }
  $('sign').addEventListener('click', sign);
  $('sendtx').addEventListener('click', send);
})();
